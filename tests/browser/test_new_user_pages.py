"""What a new user saw on their first visit (issue 14), in real headless Chromium at 360 px:
the profile and the desk's walk-in order ask for an NPWP only of the private segment, a draft
is discarded only once confirmed, "Permintaan saya" and the officer's queue show status and
deadline on a phone and the queue's filters wait behind a button."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_request_journey import sign_in
from tests.factories import ProfiledVisitorFactory

PHONE = {"width": 360, "height": 800}


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_the_npwp_field_shows_only_for_the_private_segment(transactional_db, live_server, page: Page):
    ProfiledVisitorFactory(email="rina@contoh.id", segment="academic")
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "rina@contoh.id")
    page.goto(live_server.url + "/akun/profil/")
    npwp = page.get_by_label("NPWP")
    expect(page.get_by_label("Segmen pengguna")).to_be_visible()
    expect(npwp).to_be_hidden()
    page.get_by_label("Segmen pengguna").select_option("private")
    expect(npwp).to_be_visible()
    page.get_by_label("Segmen pengguna").select_option("government")
    expect(npwp).to_be_hidden()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE, java_script_enabled=False)
def test_the_npwp_field_needs_no_script(transactional_db, live_server, page: Page):
    ProfiledVisitorFactory(email="rina@contoh.id", segment="private", npwp="012345674901000")
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "rina@contoh.id")
    page.goto(live_server.url + "/akun/profil/")
    expect(page.get_by_label("NPWP")).to_be_visible()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_the_desks_walk_in_order_shows_the_npwp_only_for_the_private_segment(
    transactional_db, live_server, catalogue, page: Page
):
    from services.catalogue.loader import load_products
    from services.catalogue.models import Office
    from tests.factories import OfficerFactory

    load_products()
    OfficerFactory(email="petugas.kotim@bps.go.id", office=Office.objects.get(code="6202"))
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "petugas.kotim@bps.go.id")
    page.goto(live_server.url + "/petugas/penjualan-langsung/")
    segment, npwp = page.get_by_label(re.compile(r"^\s*Segmen\W*$")), page.get_by_label("NPWP")
    expect(segment).to_be_visible()
    expect(npwp).to_be_hidden()
    segment.select_option("private")
    expect(npwp).to_be_visible()
    segment.select_option("academic")
    expect(npwp).to_be_hidden()


def _file_two_requests(visitor, officer):
    from requests_app import workflow
    from tests.requests_helpers import file_request

    running = file_request(visitor)
    returned = file_request(visitor)
    workflow.perform(returned, workflow.Action.RETURN, officer, note="Lengkapi tahun datanya.")
    return running, returned


def _inside_the_screen(locator):
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, box


def _no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 360 px: it is {width} px wide"


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_my_requests_at_360px_are_cards_showing_status_and_deadline(transactional_db, live_server, catalogue,
                                                                    page: Page):
    from services.catalogue.models import Office
    from tests.factories import OfficerFactory

    citra = ProfiledVisitorFactory(email="citra@contoh.id")
    officer = OfficerFactory(office=Office.objects.get(code="6500"))
    running, returned = _file_two_requests(citra, officer)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "citra@contoh.id")
    page.goto(live_server.url + "/permintaan/")
    cards = page.locator("tr[data-code]")
    expect(cards).to_have_count(2)
    expect(cards.first).to_have_attribute("data-code", returned.code)  # it waits on Citra: first
    expect(cards.first.get_by_text("Menunggu tindakan Anda")).to_be_visible()
    for card in (cards.nth(0), cards.nth(1)):
        deadline = card.locator('td[data-label="Tenggat"]')
        for shown in (card.locator(".status-badge"), card.locator(".urgency"), deadline):
            expect(shown).to_be_visible()
            _inside_the_screen(shown)
    expect(cards.nth(1).get_by_text("hari kerja lagi")).to_be_visible()
    _no_sideways_scrolling(page)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_the_queue_at_360px_shows_status_and_deadline_and_keeps_its_filters_behind_a_button(
    transactional_db, live_server, catalogue, page: Page
):
    from services.catalogue.models import Office
    from tests.factories import OfficerFactory

    OfficerFactory(email="dewi@bps.go.id", office=Office.objects.get(code="6500"))
    officer = OfficerFactory(office=Office.objects.get(code="6500"))
    _file_two_requests(ProfiledVisitorFactory(full_name="Citra Lestari"), officer)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "dewi@bps.go.id")
    page.goto(live_server.url + "/petugas/")
    search = page.get_by_role("searchbox").or_(page.get_by_label("Cari"))
    expect(search).to_be_hidden()
    rows = page.locator("tr[data-code]")
    expect(rows).to_have_count(2)
    # The rows come before the filters push them off the first screen.
    assert rows.first.bounding_box()["y"] < PHONE["height"]
    for row in (rows.nth(0), rows.nth(1)):
        visitor = row.get_by_text("Citra Lestari")
        for shown in (row.locator(".status-badge"), row.locator(".urgency"), visitor):
            expect(shown).to_be_visible()
            _inside_the_screen(shown)
    _no_sideways_scrolling(page)
    page.get_by_text("Saring dan cari").click()
    expect(search).to_be_visible()
    # The counts per urgency are legible.
    badge = page.locator(".urgency-counts .badge").first
    assert float(badge.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14


def _background(locator):
    return locator.evaluate("e => getComputedStyle(e).backgroundColor")


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1280, "height": 900})
def test_at_1280px_the_filters_are_open_and_claiming_and_assigning_look_like_actions(
    transactional_db, live_server, catalogue, page: Page
):
    from services.catalogue.models import Office
    from tests.factories import OfficerFactory

    OfficerFactory(email="dewi@bps.go.id", office=Office.objects.get(code="6500"))
    officer = OfficerFactory(office=Office.objects.get(code="6500"))
    running, _returned = _file_two_requests(ProfiledVisitorFactory(), officer)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "dewi@bps.go.id")
    page.goto(live_server.url + "/petugas/")
    expect(page.get_by_label("Cari")).to_be_visible()
    expect(page.get_by_text("Saring dan cari")).to_be_hidden()
    page.goto(live_server.url + f"/petugas/permintaan/{running.code}/")
    for name in ("Ambil (tugaskan kepada saya)", "Tugaskan"):
        button = page.get_by_role("button", name=name, exact=True)
        expect(button).to_be_visible()
        assert _background(button) not in ("rgba(0, 0, 0, 0)", "transparent"), name  # solid, not an outline
