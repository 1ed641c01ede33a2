"""The visitor's ticket on a 360 px phone: the code large, the place in the line, no sideways scroll,
the desk shown by itself once an officer calls it (htmx polling), and leaving the line with one tap."""
import pytest
from playwright.sync_api import Page, expect

from desk import desk as desk_work
from desk.models import Ticket
from desk.numbering import issue_ticket
from services.catalogue.models import Office
from tests.browser.conftest import NO_SIDEWAYS_SCROLL
from tests.factories import OfficerFactory

PHONE = {"width": 360, "height": 740}


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_the_ticket_on_a_phone_follows_the_line_by_itself(transactional_db, live_server, catalogue,
                                                          page: Page):
    office = Office.objects.get(code="6302")
    officer = OfficerFactory(office=office)
    desk = desk_work.open_desk(office, officer, "Loket 1", ["penjualan-produk"])
    issue_ticket(office, "penjualan-produk", "Ani Rahasia", "ani.rahasia@contoh.id")
    mine = issue_ticket(office, "penjualan-produk", "Budi Rahasia", "budi.rahasia@contoh.id")
    page.goto(f"{live_server.url}/antrian/tiket/{mine.token}/")
    expect(page.locator(".ticket-code")).to_have_text("P-002")
    expect(page.locator('[data-figure="position"]')).to_have_text("2")
    expect(page.locator('[data-figure="estimate"]')).to_have_text("—")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    code_size = "parseFloat(getComputedStyle(document.querySelector('.ticket-code')).fontSize)"
    assert page.evaluate(code_size) >= 40
    assert "Rahasia" not in page.content()

    first = desk_work.call_next(desk, officer)
    desk.refresh_from_db()
    desk_work.finish(desk, first)
    desk.refresh_from_db()
    desk_work.call_next(desk, officer)  # my turn: the page says so without a reload
    expect(page.get_by_text("Silakan menuju Loket 1.")).to_be_visible(timeout=15_000)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_leaving_the_line_is_one_tap_on_a_phone(transactional_db, live_server, catalogue, page: Page):
    office = Office.objects.get(code="6302")
    ticket = issue_ticket(office, "penjualan-produk", "Tamu")
    page.goto(f"{live_server.url}/antrian/tiket/{ticket.token}/")
    page.get_by_role("button", name="Keluar dari antrean").click()
    expect(page.get_by_text("Anda sudah keluar dari antrean.")).to_be_visible()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.LEFT
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
