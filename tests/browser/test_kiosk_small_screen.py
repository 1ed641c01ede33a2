"""The kiosk on a 360 px tablet: opened from the officer's one-time link, a visitor signs the guest book and
takes a ticket, nothing scrolls sideways, and the kiosk goes back to the empty form by itself."""
import pytest
from playwright.sync_api import Page, expect

from desk import kiosk as kiosks
from services.catalogue.models import Office
from tests.browser.conftest import NOTHING_PAST_THE_RIGHT_EDGE, enrol_kiosk
from tests.factories import OfficerFactory

PHONE = {"width": 360, "height": 800}


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_the_kiosk_issues_a_ticket_at_360_px_and_clears_itself(transactional_db, live_server, catalogue,
                                                               page: Page):
    office = Office.objects.get(code="6302")
    _kiosk, link = kiosks.create_kiosk(office, OfficerFactory(office=office), "Tablet pintu masuk")
    page.set_default_timeout(10_000)
    page.clock.install()
    enrol_kiosk(page, f"{live_server.url}/antrian/kiosk/pasang/{link}/")
    assert page.evaluate(NOTHING_PAST_THE_RIGHT_EDGE), "the empty guest book scrolls sideways at 360 px"

    page.get_by_label("Nomor telepon").fill("0812 3456 7802")
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Nomor kartu identitas").fill("6302013203850002")  # a 32nd of March
    page.get_by_label("Keperluan").fill("Membeli publikasi Kotabaru dalam angka.")
    page.get_by_label("Penjualan Produk Statistik").check()
    page.get_by_role("button", name="Ambil nomor antrean").click()
    expect(page.get_by_text("Tanggal lahir pada NIK")).to_be_visible()
    expect(page.get_by_label("Keperluan")).to_have_value("Membeli publikasi Kotabaru dalam angka.")
    assert page.evaluate(NOTHING_PAST_THE_RIGHT_EDGE), "the refused guest book scrolls sideways at 360 px"
    page.get_by_label("Nomor kartu identitas").fill("6302011203850002")
    page.get_by_role("button", name="Ambil nomor antrean").click()

    expect(page.locator(".kiosk-code")).to_have_text("P-001")
    expect(page.get_by_text("6302********0002")).to_be_visible()
    expect(page.get_by_role("img", name="Kode QR halaman tiket Anda")).to_be_visible()
    assert page.evaluate(NOTHING_PAST_THE_RIGHT_EDGE), "the ticket scrolls sideways at 360 px"
    page.clock.run_for("00:21")  # 20 s after the ticket the kiosk is empty again
    expect(page.get_by_label("Nama lengkap")).to_have_value("")

    page.get_by_label("Nama lengkap").fill("Orang Berikutnya")
    page.clock.run_for("00:59")
    expect(page.get_by_label("Nama lengkap")).to_have_value("Orang Berikutnya")  # touched: still there
    page.clock.run_for("00:02")  # a minute without a touch: cleared
    expect(page.get_by_label("Nama lengkap")).to_have_value("")
