"""A visitor rates their finished request on a 360 px phone from the emailed link, without signing in: nine
questions, each a group of four labelled answers (a fieldset with its legend), one skipped, a comment,
sent in well under a minute; the link then says it was used. Screenshots go to $RATING_SCREENSHOTS
(default: the test's temporary directory)."""
import os
import re
import time
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from complaints.models import Rating
from complaints.rating_forms import QUESTIONS
from requests_app import workflow
from services.catalogue.models import Office
from tests.browser.conftest import NOTHING_PAST_THE_RIGHT_EDGE
from tests.browser.test_request_journey import sign_in
from tests.factories import OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request

PHONE = {"width": 360, "height": 740}
CHOSEN = {"requirements": "Sangat sesuai", "procedure": "Mudah", "duration": "Kurang cepat", "fee": "Gratis",
          "product": "Sesuai", "competence": "Sangat kompeten", "conduct": "Sangat sopan dan ramah",
          "facilities": "Baik"}  # complaint handling skipped: the visitor never complained


@pytest.fixture
def shoot(tmp_path):
    folder = Path(os.environ.get("RATING_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(path=str(folder / f"rating-{name}.png"), full_page=True)


def finished_request(visitor):
    officer = OfficerFactory(office=Office.objects.get(code="6500"))
    request = file_request(visitor, "6500", "konsultasi")
    workflow.perform(request, workflow.Action.PROCESS, officer)
    workflow.perform(request, workflow.Action.COMPLETE, officer, note="Tabelnya ada di publikasi daerah.")
    return request


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_a_visitor_rates_a_finished_request_from_the_email_link_on_a_phone(
    transactional_db, live_server, catalogue, page: Page, shoot,
):
    visitor = ProfiledVisitorFactory(email="rahmat@contoh.id")
    mail.outbox.clear()
    request = finished_request(visitor)
    (body,) = [m.body for m in mail.outbox if "rahmat@contoh.id" in m.to and "/penilaian/" in m.body]
    path = re.search(r"https?://[^/\s]+(/penilaian/[\w-]+/)", body).group(1)

    started = time.monotonic()
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nilai layanan ini")
    expect(page.get_by_text(request.code)).to_be_visible()
    assert page.evaluate(NOTHING_PAST_THE_RIGHT_EDGE)
    shoot(page, "360-form")
    for name, answer in CHOSEN.items():
        question = str(QUESTIONS[name][0])
        group = page.get_by_role("group", name=re.compile(re.escape(question)))
        group.get_by_text(answer, exact=True).click()
    page.get_by_label("Komentar atau saran (tidak wajib)").fill("Jawaban cepat dan jelas.")
    shoot(page, "360-filled")
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih atas penilaian Anda")
    assert time.monotonic() - started < 60
    assert page.evaluate(NOTHING_PAST_THE_RIGHT_EDGE)
    shoot(page, "360-thanks")

    rating = Rating.objects.get(request=request)
    assert (rating.requirements, rating.procedure, rating.duration, rating.fee, rating.complaint_handling,
            rating.facilities, rating.comment) == (4, 3, 2, 4, None, 3, "Jawaban cepat dan jelas.")
    page.goto(f"{live_server.url}{path}")  # the link works once
    expect(page.get_by_text("Tautan penilaian hanya berlaku satu kali")).to_be_visible()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1280, "height": 900})
def test_on_a_desktop_the_request_page_asks_and_an_empty_survey_is_refused(transactional_db, live_server,
                                                                          catalogue, page: Page, shoot):
    """The owner's request page shows the panel (in English too), and sending nothing says what to do."""
    visitor = ProfiledVisitorFactory()
    mail.outbox.clear()
    request = finished_request(visitor)
    sign_in(page, live_server.url, visitor.email)
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    panel = page.locator(".rating-panel")
    expect(panel.get_by_role("link", name="Nilai layanan ini")).to_be_visible()
    shoot(page, "1280-request-panel")
    page.get_by_role("button", name="English").click()
    expect(page.locator(".rating-panel").get_by_role("link", name="Rate this service")).to_be_visible()
    page.locator(".rating-panel").get_by_role("link", name="Rate this service").click()
    expect(page.get_by_role("group", name=re.compile("Were the staff polite"))).to_be_visible()
    shoot(page, "1280-form-en")
    page.context.clear_cookies()
    (body,) = [m.body for m in mail.outbox if visitor.email in m.to and "/penilaian/" in m.body]
    path = re.search(r"https?://[^/\s]+(/penilaian/[\w-]+/)", body).group(1)
    page.goto(f"{live_server.url}{path}")
    shoot(page, "1280-form")
    page.get_by_role("button", name="Kirim penilaian").click()  # nothing answered
    expect(page.get_by_role("alert")).to_contain_text("Jawab paling sedikit satu pertanyaan.")
    shoot(page, "1280-error")
    assert not Rating.objects.exists()
