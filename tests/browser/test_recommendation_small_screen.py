"""The recommendation's pages on a 360 px phone: the officer's review panel."""
import pytest
from playwright.sync_api import Page, expect

from services.models import Office
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
