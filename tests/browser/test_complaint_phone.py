"""A visitor who is not signed in files a complaint on a 360 px phone, with an attachment, and follows it
by the private link: the answer shows there, and the link is all it takes (no account, no cookie)."""
import pytest
from playwright.sync_api import Page, expect

from complaints import machine
from complaints.models import Complaint
from tests.browser.conftest import NOTHING_PAST_THE_RIGHT_EDGE
from tests.factories import OfficerFactory
from tests.requests_helpers import PDF_BYTES

PHONE = {"width": 360, "height": 740}


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_a_visitor_files_a_complaint_on_a_phone_and_follows_it_by_the_private_link(
        transactional_db, live_server, catalogue, page: Page, browser):
    page.goto(f"{live_server.url}/pengaduan/")
    page.get_by_role("link", name="Ajukan pengaduan").click()
    assert page.evaluate(NOTHING_PAST_THE_RIGHT_EDGE)
    page.get_by_label("Kantor yang diadukan").select_option(label="6500 BPS Provinsi Kalimantan Utara")
    page.get_by_label("Sarana dan prasarana").check()
    page.get_by_label("Isi pengaduan").fill("Kursi ruang tunggu PST rusak dan tidak diganti.")
    page.get_by_label("Lampiran (tidak wajib)").set_input_files(
        {"name": "kursi.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    page.get_by_label("Nama").fill("Tamu Pengadu")
    page.get_by_label("Email").fill("tamu.pengadu@contoh.id")
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan Anda")).to_be_visible()
    expect(page.get_by_text("Simpan alamat halaman ini.")).to_be_visible()
    expect(page.get_by_role("link", name="kursi.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="www.lapor.go.id").last).to_be_visible()
    assert page.evaluate(NOTHING_PAST_THE_RIGHT_EDGE)
    private_link = page.url
    complaint = Complaint.objects.get()
    assert complaint.code in page.content() and complaint.private_token in private_link

    machine.perform(complaint, machine.ANSWER, OfficerFactory(office=complaint.office),
                    note="Kursi sudah kami ganti minggu ini.")
    elsewhere = browser.new_context(viewport=PHONE)  # another browser: only the link
    later = elsewhere.new_page()
    later.goto(private_link)
    expect(later.get_by_text("Kursi sudah kami ganti minggu ini.")).to_be_visible()
    later.get_by_role("button", name="Tutup pengaduan: jawaban sudah cukup").click()
    expect(later.get_by_text("Pengaduan diperbarui.")).to_be_visible()
    assert later.evaluate(NOTHING_PAST_THE_RIGHT_EDGE)
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    elsewhere.close()
