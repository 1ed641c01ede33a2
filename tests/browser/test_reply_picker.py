"""A reply template inserted into a return note in real Chromium: Dewi, an officer of the 6500 office,
opens a consultation, starts a note, chooses the office's template from the picker (the visitor's name
and the request code already filled in), and the text lands at her cursor; returning the request sends
the whole note. The page passes axe-core and, on a 360 px phone, does not scroll sideways."""
import pytest
from playwright.sync_api import Page, expect

from replies.models import ReplyTemplate
from requests_app.models import Status
from services.catalogue.models import Office
from tests.browser.test_request_journey import sign_in
from tests.browser.test_visitor_journey import assert_accessible
from tests.factories import OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request

PHONE = {"width": 360, "height": 800}


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_an_officer_inserts_a_template_into_a_return_note(transactional_db, live_server, catalogue,
                                                          page: Page):
    office = Office.objects.get(code="6500")
    dewi = OfficerFactory(email="dewi@bps.go.id", full_name="Dewi Petugas", office=office)
    request = file_request(ProfiledVisitorFactory(full_name="Citra Lestari"))
    ReplyTemplate.objects.create(office=office, title="Kurang surat pengantar",
                                 body="Yth. {nama}, mohon lampirkan surat pengantar untuk {kode}.")
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, dewi.email)
    page.goto(live_server.url + request.get_staff_url())

    note = page.locator("#id_note")
    note.fill("Terima kasih. ")
    note.press("End")
    page.get_by_label("Sisipkan templat balasan").first.select_option(label="Kurang surat pengantar")
    filled = f"Terima kasih. Yth. Citra Lestari, mohon lampirkan surat pengantar untuk {request.code}."
    expect(note).to_have_value(filled)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the staff page scrolls sideways at 360 px: it is {width} px wide"
    assert_accessible(page, "the staff page with the reply picker")

    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.get_by_text("Tersimpan")).to_be_visible()
    request.refresh_from_db()
    assert request.status == Status.RETURNED
    assert request.events.get(action="return").note == filled
