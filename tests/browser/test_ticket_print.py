"""The kiosk's ticket on paper: printed at a receipt roll's width (80 mm ≈ 302 CSS px), the code is large
and visible, the QR code is there, and the kiosk's buttons and the masked identity are not; on A4 it is
the same narrow ticket. Screenshots (and the 80 mm PDF) go to /work/shots/ when it exists."""
import os

import pytest
from playwright.sync_api import Page, expect

from desk import kiosk as kiosks
from services.catalogue.models import Office
from tests.browser.test_request_journey import sign_in
from tests.factories import OfficerFactory

ROLL = {"width": 302, "height": 900}  # 80 mm at 96 CSS px per inch
SHOTS = "/work/shots"


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=ROLL)
def test_the_kiosk_ticket_prints_on_a_receipt_roll(transactional_db, live_server, catalogue, page: Page):
    office = Office.objects.get(code="6302")
    _kiosk, link = kiosks.create_kiosk(office, OfficerFactory(office=office), "Tablet pintu masuk")
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/antrian/kiosk/pasang/{link}/")
    page.get_by_role("button", name="Jadikan perangkat ini kiosk").click()
    page.get_by_label("Nomor telepon").fill("0812 3456 7802")
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Nomor kartu identitas").fill("6302011203850002")
    page.get_by_label("Keperluan").fill("Membeli publikasi Kotabaru dalam angka.")
    page.get_by_label("Penjualan Produk Statistik").check()
    page.get_by_role("button", name="Ambil nomor antrean").click()
    print_button = page.get_by_role("button", name="Cetak tiket")
    expect(print_button).to_be_visible()  # on screen: the button and the masked identity
    expect(page.get_by_text("6302********0002")).to_be_visible()
    if os.path.isdir(SHOTS):
        page.screenshot(path=f"{SHOTS}/kiosk-ticket-screen.png", full_page=True)

    page.emulate_media(media="print")
    code = page.locator(".ticket-print .kiosk-code")
    expect(code).to_have_text("P-001")
    expect(code).to_be_visible()
    box = code.bounding_box()
    assert box["height"] >= 40 and box["x"] >= 0 and box["x"] + box["width"] <= ROLL["width"]
    expect(page.get_by_role("img", name="Kode QR halaman tiket Anda")).to_be_visible()
    expect(page.get_by_text("paling lama 10 menit setelah pengunjung sebelumnya selesai")).to_be_visible()
    expect(print_button).to_be_hidden()
    expect(page.get_by_role("link", name="Selesai")).to_be_hidden()
    expect(page.get_by_text("6302********0002")).to_be_hidden()
    assert "Siti Aminah" not in page.locator("body").inner_text()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 px per inch: the same narrow ticket
    expect(code).to_be_visible()
    assert code.bounding_box()["x"] > 200  # centred in its 72 mm column, not stretched
    if os.path.isdir(SHOTS):
        page.screenshot(path=f"{SHOTS}/kiosk-ticket-print-a4.png")
        page.set_viewport_size(ROLL)
        page.screenshot(path=f"{SHOTS}/kiosk-ticket-print-80mm.png", full_page=True)
        pdf = page.pdf(width="80mm", print_background=False)  # what the printer gets: one short page
        with open(f"{SHOTS}/kiosk-ticket-print-80mm.pdf", "wb") as out:
            out.write(pdf)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=ROLL)
def test_the_officer_prints_a_desk_ticket_without_the_portals_header(transactional_db, live_server, catalogue,
                                                                     page: Page):
    office = Office.objects.get(code="6302")
    officer = OfficerFactory(office=office, email="petugas.cetak@bps.go.id")
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/petugas/loket/")
    page.get_by_label("Nama tamu").fill("Tamu Loket")
    page.get_by_label("Layanan").select_option("rekomendasi")
    page.get_by_role("button", name="Beri tiket").click()
    page.get_by_role("link", name="Cetak tiket", exact=True).click()
    expect(page.get_by_role("button", name="Cetak tiket")).to_be_visible()

    page.emulate_media(media="print")
    expect(page.locator(".ticket-print .kiosk-code")).to_have_text("R-001")
    expect(page.get_by_role("img", name="Kode QR halaman tiket Anda")).to_be_visible()
    expect(page.get_by_text("paling lama 10 menit setelah pengunjung sebelumnya selesai")).to_be_visible()
    expect(page.get_by_role("navigation", name="Navigasi utama")).to_be_hidden()
    expect(page.get_by_role("button", name="Cetak tiket")).to_be_hidden()
    expect(page.get_by_role("link", name="Kembali ke loket")).to_be_hidden()
    assert "Tamu Loket" not in page.locator("body").inner_text()
    if os.path.isdir(SHOTS):
        page.screenshot(path=f"{SHOTS}/desk-ticket-print-80mm.png", full_page=True)
