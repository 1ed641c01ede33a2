"""The recommendation's pages on a 360 px phone: the officer's review panel."""
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from services.catalogue.models import Office
from tests.browser.test_recommendation_journey import SECTIONS
from tests.browser.test_request_journey import sign_in
from tests.factories import AgencyVisitorFactory, OfficerFactory
from tests.requests_helpers import file_recommendation

PHONE = {"width": 360, "height": 800}


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_the_review_panel_gives_each_note_the_width_of_a_phone(
    transactional_db, live_server, catalogue, page: Page
):
    office = Office.objects.get(code="6302")
    request = file_recommendation(AgencyVisitorFactory())
    OfficerFactory(email="rina.petugas@bps.go.id", office=office)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "rina.petugas@bps.go.id")
    page.goto(live_server.url + request.get_staff_url())
    review = page.get_by_role("main").get_by_role("region", name="Periksa formulir")
    expect(review).to_be_visible()
    review_box = review.bounding_box()
    for title in SECTIONS:
        note = review.get_by_label(f"Catatan perbaikan: {title}", exact=True)
        note.scroll_into_view_if_needed()
        expect(note).to_be_visible()
        box = note.bounding_box()
        assert box["width"] >= 250, f"the note on {title!r} is {box['width']:.0f} px wide at 360 px"
        assert box["x"] >= review_box["x"] and box["x"] + box["width"] <= 360
        tick = review.get_by_label(f"Sesuai: {title}", exact=True)
        expect(tick).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the officer's page scrolls sideways at 360 px: it is {width} px wide"


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_the_check_page_shows_the_statements_first_and_the_error_summary_leads_to_them(
    transactional_db, live_server, catalogue, page: Page
):
    agency = AgencyVisitorFactory(email="siti.aminah@kotabarukab.go.id")
    draft = file_recommendation(agency, submit=False)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, agency.email)
    page.goto(live_server.url + reverse("requests_app:check", args=[draft.code]))
    main = page.get_by_role("main")
    statements = main.get_by_role("group", name="Persyaratan menurut standar pelayanan")
    ticks = statements.get_by_role("checkbox")
    expect(ticks.first).to_be_visible()
    assert ticks.count() >= 1
    assert ticks.first.bounding_box()["y"] < 800 * 2, "the statements are buried below the answers"
    answers = main.get_by_role("heading", name="Jawaban Anda", exact=True)
    assert ticks.first.bounding_box()["y"] < answers.bounding_box()["y"]
    # Submitted without ticking: the summary links each statement, and the link leads to its box.
    main.get_by_role("button", name="Kirim formulir").click()
    summary = main.locator("#error-summary")
    expect(summary).to_be_visible()
    links = summary.get_by_role("link")
    expect(links).to_have_count(ticks.count())
    links.first.click()
    expect(ticks.first).to_be_in_viewport()
