"""Double submits at the same instant (two tabs, a retried POST racing the first): the filing form
sent twice at once with one token makes one request, and its check page sent twice at once one
submission and one email. Real concurrency needs PostgreSQL's row locks (threads, each with its own
connection); the sequential double submits are in tests/requests_app/test_uploads.py."""
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from requests_app.models import Request, RequestEvent, Status
from tests.conftest import require
from tests.requests_app.test_uploads import NEW, PURPOSE, form_fields

PAIRS = 6


def at_once(calls):
    """Run each call in a thread of its own, released together; their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_pairs_of_concurrent_double_submits_make_one_request_and_one_submission_each(catalogue, settings):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for concurrent submits")
    from tests.factories import ProfiledVisitorFactory

    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    visitor = ProfiledVisitorFactory(email="fajar@contoh.id")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(visitor)
    for _ in range(PAIRS):
        token, confirms, _html = form_fields(clients[0])
        data = {"submission_token": token, "purpose": PURPOSE, **confirms}
        filed = at_once([lambda c=client, d=data: c.post(NEW, d) for client in clients])
        assert [response.status_code for response in filed] == [302, 302]
        assert filed[0]["Location"] == filed[1]["Location"]
        check = filed[0]["Location"]
        submitted = at_once([lambda c=client, url=check: c.post(url) for client in clients])
        assert [response.status_code for response in submitted] == [302, 302]

    requests = Request.objects.filter(visitor=visitor)
    assert requests.count() == PAIRS
    assert set(requests.values_list("status", flat=True)) == {Status.SUBMITTED}
    for request in requests:
        assert RequestEvent.objects.filter(request=request, action="submit").count() == 1
    to_visitor = [m for m in mail.outbox if visitor.email in m.to]
    assert len(to_visitor) == PAIRS  # one "Diajukan" email each, none twice
