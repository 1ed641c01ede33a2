import re

import pytest
import time_machine
from django.core import mail

from requests_app import workflow
from services.catalogue.models import Office
from tests.factories import OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request

LINK = re.compile(r"https?://\S+/penilaian/([\w-]+)/")


class Clock:
    def __init__(self):
        self.traveller = None

    def move_to(self, when):
        self.stop()
        self.traveller = time_machine.travel(when, tick=False)
        self.traveller.start()

    def stop(self):
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None


@pytest.fixture
def clock():
    """The portal's clock, stopped where ``clock.move_to(moment)`` puts it."""
    travelling = Clock()
    yield travelling
    travelling.stop()


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Emails (a complaint's, a rating's) leave once a step commits; the test's own transaction never does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def officer(catalogue):
    return OfficerFactory(office=Office.objects.get(code="6500"))


@pytest.fixture
def finish(officer, committing):
    """``finish(visitor, language="id")``: a consultation of ``visitor`` filed, processed and completed
    (the steps committed, so the rating is asked)."""

    def finish_for(visitor=None, language="id"):
        visitor = visitor or ProfiledVisitorFactory()
        with committing():
            request = file_request(visitor, "6500", "konsultasi")
            request.language = language
            request.save(update_fields=["language"])
            workflow.perform(request, workflow.Action.PROCESS, officer)
            workflow.perform(request, workflow.Action.COMPLETE, officer, note="Jawaban: ada di publikasi.")
        request.refresh_from_db()
        return request

    return finish_for


def rating_links(address):
    """The rating tokens emailed to ``address``."""
    return [LINK.search(message.body).group(1) for message in mail.outbox
            if address in message.to and LINK.search(message.body)]
