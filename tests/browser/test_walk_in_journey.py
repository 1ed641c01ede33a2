"""A walk-in visit end to end, in four browsers at once against the live server (issue 17).

Office 6500 (BPS Provinsi Kalimantan Utara, WITA) offers consultation at the desk. Its officer Gita
enrols the entrance tablet through the kiosk page: the one-time link she gets is opened on the tablet,
which becomes the kiosk. Rahmat signs the guest book there (KTP with a valid NIK) for a consultation and
takes K-001; he follows it on his 360 px phone. The waiting room's 1920×1080 screen shows the board.
Gita opens Loket 1 for consultation and calls the next ticket: the phone says which desk and the board
shows K-001 there, both by themselves (polling, no reload). She serves him, records the consultation
through the walk-in form the desk links to (the request is linked to the ticket, of office 6500,
channel walk-in), and finishes; the phone then asks for a rating, and Rahmat gives one (the survey).

The real pages run under their real Content-Security-Policy (no bypass): the kiosk's script and htmx
are our static files. Screenshots of each browser at key moments go to $JOURNEY_SCREENSHOTS (default:
the test's temporary directory), named journey-*.png.
"""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from desk import desk as desk_work
from desk.models import Ticket
from desk.numbering import issue_ticket
from requests_app.models import Request
from services.catalogue.models import Channel, Office
from tests.browser.conftest import (
    NO_SIDEWAYS_SCROLL,
    NOTHING_PAST_THE_RIGHT_EDGE,
    assert_not_reloaded,
    enrol_kiosk,
    mark_page,
)
from tests.browser.test_request_journey import sign_in
from tests.factories import OfficerFactory

OFFICE = "6500"
OFFICER_EMAIL = "gita.petugas@bps.go.id"
TABLET = {"width": 800, "height": 1280}
PHONE = {"width": 360, "height": 780}
SCREEN = {"width": 1920, "height": 1080}
STEP = 10_000  # a page load or a click
POLLED = 15_000  # the ticket page polls every 10 s, the board every 4 s

GUEST = {"Nomor telepon": "0812 5500 6500", "Email": "rahmat.hidayat@contoh.id",
         "Nama lengkap": "Rahmat Hidayat", "Instansi (opsional)": "Universitas Borneo Tarakan",
         "Nomor kartu identitas": "6501011203850002",  # KTP: Bulungan, born 12 March 1985
         "Keperluan": "Konsultasi data kemiskinan Kalimantan Utara untuk skripsi."}
QUESTION = "Di mana tabel persentase penduduk miskin Kalimantan Utara menurut kabupaten 2024?"
ANSWER = "Tabelnya ada di publikasi Provinsi Kalimantan Utara Dalam Angka 2025, bab Kemiskinan."

# The phone's words, per language the visitor chose on the ticket page.
WORDS = {
    "id": {"switch": None, "waiting": "Menunggu", "position": "Posisi dalam antrean",
           "go_to": "Silakan menuju Loket 1.", "done": "Selesai", "rate": "Nilai layanan ini",
           "send": "Kirim penilaian", "thanks": "Terima kasih atas penilaian Anda.",
           "rated": "Anda sudah menilai layanan ini. Terima kasih."},
    "en": {"switch": "English", "waiting": "Waiting", "position": "Position in the queue",
           "go_to": "Please go to Loket 1.", "done": "Completed", "rate": "Rate this service",
           "send": "Send rating", "thanks": "Thank you for your rating.",
           "rated": "You have rated this service. Thank you."},
}


@pytest.fixture
def browsers(browser, browser_context_args):
    """``open_browser(viewport)``: a page in a browser context of its own (its own cookies), under the
    site's real CSP. Every context is closed at the end."""
    contexts = []

    def open_browser(viewport):
        context = browser.new_context(**{**browser_context_args, "bypass_csp": False, "viewport": viewport})
        context.set_default_timeout(STEP)
        contexts.append(context)
        return context.new_page()

    yield open_browser
    for context in contexts:
        context.close()


@pytest.fixture
def shoot(tmp_path):
    folder = Path(os.environ.get("JOURNEY_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(path=str(folder / f"journey-{name}.png"), full_page=True)


def enrol_the_entrance_tablet(officer: Page, tablet: Page, base):
    officer.goto(f"{base}/petugas/loket/")
    officer.get_by_role("link", name="Kiosk kantor").click()
    officer.get_by_label("Nama kiosk").fill("Tablet pintu masuk")
    officer.get_by_role("button", name="Daftarkan kiosk").click()
    link = officer.get_by_role("status").get_by_role("link").get_attribute("href")
    assert link.startswith(f"{base}/antrian/kiosk/pasang/"), link
    enrol_kiosk(tablet, link)
    expect(tablet).to_have_url(f"{base}/antrian/{OFFICE}/kiosk/")
    officer.goto(f"{base}/petugas/loket/kiosk/")
    expect(officer.get_by_role("main").get_by_role("listitem")).to_have_text(
        re.compile(r"^Tablet pintu masuk —\s+aktif\s+Cabut\s*$"))


def take_a_ticket(tablet: Page, shoot):
    """The visitor fills the guest book; the kiosk shows the ticket and where the phone can follow it."""
    for label, value in GUEST.items():
        tablet.get_by_label(label, exact=True).fill(value)
    expect(tablet.get_by_label("Jenis kartu identitas")).to_have_value("ktp")
    tablet.get_by_label("Konsultasi Statistik").check()
    assert tablet.evaluate(NOTHING_PAST_THE_RIGHT_EDGE), "the guest book overflows the tablet"
    shoot(tablet, "1-kiosk-guest-book")
    tablet.get_by_role("button", name="Ambil nomor antrean").click()
    code = tablet.locator(".kiosk-code").inner_text()
    assert code == "K-001"
    expect(tablet.get_by_text("0 orang menunggu sebelum Anda.")).to_be_visible()
    expect(tablet.get_by_text(re.compile(r", \d\d\.\d\d WITA$"))).to_be_visible()  # the office's clock
    expect(tablet.get_by_text("6501********0002")).to_be_visible()
    expect(tablet.get_by_role("img", name="Kode QR halaman tiket Anda")).to_be_visible()
    shoot(tablet, "2-kiosk-ticket")
    # The QR code is the only way the kiosk gives the ticket page to a phone (no link, no printed address;
    # a link would take the shared tablet itself to the ticket). We decode nothing and take the ticket
    # page's address from the ticket the kiosk just issued.
    return code, Ticket.objects.get(office__code=OFFICE, code=code)


def follow_on_the_phone(phone: Page, ticket_url, code, words, shoot, name):
    phone.goto(ticket_url)
    if words["switch"]:  # in the phone's folded menu
        phone.get_by_role("button", name="Buka menu").click()
        phone.get_by_role("button", name=words["switch"]).click()
        expect(phone.locator("html")).to_have_attribute("lang", "en")
        expect(phone).to_have_url(ticket_url)
    expect(phone.locator(".ticket-code")).to_have_text(code)
    expect(phone.locator("#ticket-status")).to_contain_text(f"Konsultasi Statistik · {words['waiting']}")
    expect(phone.get_by_text(words["position"])).to_be_visible()
    expect(phone.locator('[data-figure="position"]')).to_have_text("1")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL), "the ticket page scrolls sideways at 360 px"
    assert GUEST["Nama lengkap"] not in phone.content()
    shoot(phone, f"{name}-waiting")
    mark_page(phone, "phone")


def open_a_desk_and_call(officer: Page, base):
    officer.goto(f"{base}/petugas/loket/")
    officer.get_by_label("Nama loket").fill("Loket 1")
    officer.get_by_label("Konsultasi Statistik").check()
    officer.get_by_role("button", name="Buka loket").click()
    expect(officer.get_by_role("heading", level=1, name=re.compile(r"^Loket 1"))).to_be_visible()
    desk_url = officer.url
    officer.get_by_role("button", name="Panggil berikutnya").click()
    expect(officer.get_by_text("K-001 dipanggil ke Loket 1.")).to_be_visible()
    return desk_url


def record_the_consultation(officer: Page, desk_url, shoot):
    """Serve the visitor and record the consultation through the form the desk links to; back at the desk
    the ticket shows its request. Returns the request's code."""
    officer.get_by_role("button", name="Mulai layani").click()
    expect(officer.locator("#current-heading + p")).to_have_text("K-001")
    officer.get_by_role("link", name="Catat sebagai permintaan").click()
    form_title = officer.get_by_role("heading", level=1, name="Catat konsultasi kunjungan langsung")
    expect(form_title).to_be_visible()
    officer.get_by_label("Nama pengunjung").fill(GUEST["Nama lengkap"])
    officer.get_by_label("Email atau nomor telepon").fill(GUEST["Email"])
    officer.get_by_label("Instansi/lembaga").fill(GUEST["Instansi (opsional)"])
    officer.get_by_label("Topik").select_option(label="Data")
    officer.get_by_label("Pertanyaan").fill(QUESTION)
    officer.get_by_label("Jawaban yang diberikan").fill(ANSWER)
    officer.get_by_label("Lama layanan (menit)").fill("15")
    officer.get_by_role("button", name="Simpan catatan").click()
    recorded = officer.get_by_text(re.compile(r"Konsultasi kunjungan langsung tercatat dengan kode (\S+)\."))
    expect(recorded).to_be_visible()
    request_code = re.search(r"kode (\S+)\.", recorded.inner_text()).group(1)
    shoot(officer, "5-officer-request")
    officer.goto(desk_url)
    expect(officer.locator(".ticket-request")).to_have_text(f"Permintaan: {request_code}")
    shoot(officer, "6-officer-desk-serving")
    officer.get_by_role("button", name="Selesai dilayani").click()
    expect(officer.get_by_role("button", name="Panggil berikutnya")).to_be_disabled()
    return request_code


def rate_on_the_phone(phone: Page, ticket_url, words, shoot, name):
    """The finished ticket's page asks for a rating by itself; its link opens the survey, two answers and
    it is sent, back on the ticket's page."""
    expect(phone.get_by_text(words["rate"])).to_be_visible(timeout=POLLED)
    assert_not_reloaded(phone, ticket_url, "phone")
    expect(phone.locator("#ticket-status")).to_contain_text(f"Konsultasi Statistik · {words['done']}")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    shoot(phone, f"{name}-rate")
    phone.get_by_role("link", name=words["rate"]).click()
    phone.locator("label[for=id_requirements_3]").click()
    phone.locator("label[for=id_conduct_3]").click()
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    phone.get_by_role("button", name=words["send"]).click()
    expect(phone.get_by_text(words["thanks"])).to_be_visible()
    expect(phone.get_by_text(words["rated"])).to_be_visible()
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    shoot(phone, f"{name}-rated")


@pytest.mark.browser
def test_a_walk_in_visitor_checks_in_follows_the_line_is_called_served_recorded_and_rates(
    transactional_db, live_server, catalogue, browsers, shoot,
):
    base, words = live_server.url, WORDS["id"]
    office = Office.objects.get(code=OFFICE)
    OfficerFactory(email=OFFICER_EMAIL, full_name="Gita Petugas", office=office)
    officer, tablet = browsers(SCREEN), browsers(TABLET)
    sign_in(officer, base, OFFICER_EMAIL)
    enrol_the_entrance_tablet(officer, tablet, base)
    code, ticket = take_a_ticket(tablet, shoot)

    phone = browsers(PHONE)
    ticket_url = f"{base}/antrian/tiket/{ticket.token}/"
    follow_on_the_phone(phone, ticket_url, code, words, shoot, "3-phone-id")
    board = browsers(SCREEN)
    board.goto(f"{base}/antrian/{OFFICE}/layar/")
    expect(board.get_by_text("Belum ada loket yang buka.")).to_be_visible()
    expect(board.get_by_role("heading", level=1)).to_have_text(office.name)
    mark_page(board, "board")
    shoot(board, "4-board-before")

    desk_url = open_a_desk_and_call(officer, base)
    expect(phone.get_by_text(words["go_to"])).to_be_visible(timeout=POLLED)
    assert_not_reloaded(phone, ticket_url, "phone")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    shoot(phone, "4-phone-id-called")
    at_desk = board.locator(".board-desk").filter(has_text="Loket 1").locator(".board-code")
    expect(at_desk).to_have_text(code, timeout=POLLED)
    assert_not_reloaded(board, f"{base}/antrian/{OFFICE}/layar/", "board")
    expect(board.locator(".board-last-code").first).to_have_text(code)
    assert board.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    shoot(board, "4-board-called")

    request_code = record_the_consultation(officer, desk_url, shoot)
    recorded = Request.objects.get(code=request_code)
    ticket.refresh_from_db()
    assert (recorded.office.code, recorded.channel, recorded.service_kind.slug) == \
        (OFFICE, Channel.WALK_IN, "konsultasi")
    assert ticket.request == recorded and ticket.status == Ticket.Status.DONE
    assert recorded.consultation.guest_name == GUEST["Nama lengkap"]

    rate_on_the_phone(phone, ticket_url, words, shoot, "7-phone-id")
    assert (ticket.satisfaction.requirements, ticket.satisfaction.conduct) == (4, 4)
    expect(board.locator(".board-desk").filter(has_text="Loket 1").locator(".board-code")) \
        .to_have_text("—", timeout=POLLED)


@pytest.mark.browser
def test_the_phone_follows_the_same_visit_in_english(transactional_db, live_server, catalogue, browsers,
                                                     shoot):
    """The phone's part of the visit, with the visitor having chosen English on the ticket page (the desk's
    side is done by the desk's functions, and the page's clock is run forward to its next poll: the journey
    above drives the desk's pages and waits for the real polls)."""
    office = Office.objects.get(code=OFFICE)
    officer = OfficerFactory(office=office)
    ticket = issue_ticket(office, "konsultasi", GUEST["Nama lengkap"], GUEST["Email"])
    phone, ticket_url = browsers(PHONE), f"{live_server.url}/antrian/tiket/{ticket.token}/"
    phone.clock.install()
    follow_on_the_phone(phone, ticket_url, ticket.code, WORDS["en"], shoot, "8-phone-en")
    desk = desk_work.open_desk(office, officer, "Loket 1", ["konsultasi"])
    desk_work.call_next(desk, officer)
    phone.clock.run_for("00:11")
    expect(phone.get_by_text(WORDS["en"]["go_to"])).to_be_visible(timeout=15_000)
    assert_not_reloaded(phone, ticket_url, "phone")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    shoot(phone, "8-phone-en-called")
    desk.refresh_from_db()
    desk_work.finish(desk, ticket)
    phone.clock.run_for("00:11")
    rate_on_the_phone(phone, ticket_url, WORDS["en"], shoot, "8-phone-en")
    assert (ticket.satisfaction.requirements, ticket.satisfaction.conduct) == (4, 4)
