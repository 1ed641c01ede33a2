"""A statistical-activity recommendation's whole life in real headless Chromium against the live server.

Siti files an FS3 for the Kotabaru health office: she searches the register of recommended activities
first (nothing like hers yet), starts the form, and fills the general section and the attachments in
the browser (the other sections are saved the way their pages save them, to keep the test short). Her
first try at the general section has the data collection ending before it starts: the error shows
beside the month she typed and nothing she typed is lost. She checks her answers, confirms the
standard's statements and submits. Rina, an officer of the office, ticks every section but the sample
design, writes a note on it and returns the form. Siti reads the note beside that section, fixes the
sample design and sends the fix with a note; both see what changed since the first round, word by
word. Rina declares the form feasible, edits the letter and submits it to the head, who approves it
from the list of letters awaiting approval. Siti downloads the numbered PDF: its SHA-256 is the
fingerprint her page shows, the public verification page says the letter is genuine, matches her copy
and refuses a tampered one; the register now lists the activity. The start page, a section page
(before and after the error), the officer's page with the review panel, the head's workspace, the
verification page and the register pass axe-core without serious or critical violations.
"""
import hashlib
import re
import shutil
import subprocess

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from requests_app.models import Request, Status
from services.catalogue.models import Office
from services.recommendation.models import Letter
from tests.browser.test_request_journey import PDF_BYTES, describe_outbox, mails_to, sign_in
from tests.browser.test_visitor_journey import assert_accessible
from tests.conftest import require
from tests.factories import AgencyVisitorFactory, HeadFactory, OfficerFactory
from tests.requests_helpers import (
    FS3_ANSWERS,
    complete_letter_template,
    docx,
    fill_sections,
)

OFFICE = "6302"
AGENCY_EMAIL = "siti.aminah@kotabarukab.go.id"
AGENCY_NAME = "Siti Aminah"
OFFICER_EMAIL = "rina.petugas@bps.go.id"
OFFICER_NAME = "Rina Petugas"
HEAD_EMAIL = "hendra.kepala@bps.go.id"
HEAD_NAME = "Hendra Wijaya"

SECTIONS = [
    "I. Identitas penyelenggara",
    "II. Penanggung jawab",
    "III. Keterangan umum dan jadwal",
    "Variabel: konsep dan definisi",
    "IV. Rancangan kegiatan",
    "V. Rancangan sampel",
    "VI. Pengumpulan data",
    "VII. Pengolahan dan analisis",
    "VIII. Diseminasi hasil",
    "Lampiran",
]
GENERAL, SAMPLE = SECTIONS[2], SECTIONS[5]
REGISTER = "Daftar kegiatan statistik yang direkomendasikan"

TITLE = "Survei Kepuasan Pasien Puskesmas Kabupaten Kotabaru 2027"
BACKGROUND = ("Dinas Kesehatan perlu mengukur kepuasan pasien terhadap layanan puskesmas sebagai dasar "
              "perencanaan program peningkatan mutu layanan kesehatan dasar.")
OBJECTIVES = "Mengukur indeks kepuasan pasien di setiap puskesmas Kabupaten Kotabaru."
FUNDING_NOTE = "DPA Dinas Kesehatan 2027"
MONTHS = {  # label -> month typed into the browser's month input
    "Perencanaan: mulai": "2027-01",
    "Perencanaan: selesai": "2027-02",
    "Pengumpulan data: mulai": "2027-04",
    "Pengumpulan data: selesai": "2027-03",  # before it starts: refused
    "Pengolahan: mulai": "2027-05",
    "Pengolahan: selesai": "2027-05",
    "Diseminasi: mulai": "2027-07",
    "Diseminasi: selesai": "2027-07",
}
END_BEFORE_START = "Bulan selesai tidak boleh sebelum bulan mulai."

COVER_LETTER = "surat-pengantar-kadis.pdf"
QUESTIONNAIRE = "kuesioner-kepuasan.docx"

# The sections saved without the browser. Ticked choices in the order the page posts them (the
# order of the boxes), as they would be stored had she ticked them: otherwise saving the sample
# section again from its page would show the methods' order as a change.
PREFILLED = {key: answers for key, answers in FS3_ANSWERS.items() if key != "general"}
PREFILLED["sample"] = {**FS3_ANSWERS["sample"], "methods": ["systematic", "pps"]}

SAMPLE_NOTE = ("Kerangka sampel belum menyebut sumber daftar pasien; jumlah sampel terlalu kecil "
               "untuk 21 puskesmas.")
OLD_FRAME = FS3_ANSWERS["sample"]["frame"]  # "Daftar kunjungan pasien 2026"
NEW_FRAME = OLD_FRAME + " dari aplikasi SIMPUS"
OLD_SIZE, NEW_SIZE = FS3_ANSWERS["sample"]["sample_size"], "2100"
RESUBMIT_NOTE = "Kerangka sampel kini dari SIMPUS; jumlah sampel 100 pasien per puskesmas."
LETTER_SENTENCE = "Hasil survei kami harapkan juga dikirim ke BPS Kabupaten Kotabaru dalam bentuk data mikro."


def label(text):
    """A field's accessible name: crispy adds an asterisk after the label of a required field."""
    return re.compile(rf"^\s*{re.escape(text)}\W*$")


def status_badge(main):
    return main.locator(".request-summary .status-badge")


@pytest.mark.browser
def test_an_fs3_is_filed_returned_fixed_approved_downloaded_and_verified_in_the_browser(
    transactional_db, live_server, catalogue, settings, mailoutbox, page: Page, new_context, tmp_path,
):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    # Email takes the production path: QueuedEmailBackend -> on_commit -> Celery (eager) ->
    # delivery backend (locmem) -> mail.outbox. The letter's QR code and verification link use
    # PORTAL_BASE_URL: the live server's.
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    office = Office.objects.get(code=OFFICE)
    complete_letter_template(OFFICE, name="Dr. Hendra Wijaya, S.ST., M.Si.", nip="197805122000121001")
    agency = AgencyVisitorFactory(email=AGENCY_EMAIL, full_name=AGENCY_NAME)
    OfficerFactory(email=OFFICER_EMAIL, full_name=OFFICER_NAME, office=office)
    HeadFactory(email=HEAD_EMAIL, full_name=HEAD_NAME, office=office)
    base = live_server.url
    page.set_default_timeout(10_000)
    main = page.get_by_role("main")

    # --- 1. Siti looks in the register first, then starts an FS3.
    sign_in(page, base, AGENCY_EMAIL)
    start_url = f"{base}/permintaan/baru/{OFFICE}/rekomendasi/"
    page.goto(start_url)
    expect(page.get_by_role("heading", level=1, name="Ajukan rekomendasi kegiatan statistik")).to_be_visible()
    look_first = main.get_by_role("region", name="Lihat dulu kegiatan yang sudah direkomendasikan")
    assert_accessible(page, "the recommendation start page")
    look_first.get_by_label("Cari di daftar kegiatan yang direkomendasikan").fill("puskesmas")
    look_first.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(f"{base}/rekomendasi/daftar/?q=puskesmas")
    expect(page.get_by_role("heading", level=1, name=REGISTER)).to_be_visible()
    expect(main.get_by_test_id("register-count")).to_have_text("0 kegiatan")  # nothing like it yet
    expect(main).to_contain_text("Tidak ada kegiatan yang cocok dengan pencarian ini.")
    page.go_back()
    main.get_by_label(re.compile(r"^\s*FS3")).check()
    main.get_by_role("button", name="Mulai mengisi").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/permintaan/[^/]+/formulir/$"))
    code = page.url.rstrip("/").split("/")[-2]
    assert re.fullmatch(rf"{OFFICE}-\d{{2}}-[A-Z0-9]{{6}}", code), code
    request = Request.objects.get(code=code)
    assert request.visitor == agency and request.status == Status.DRAFT
    form_url = f"{base}/permintaan/{code}/formulir/"
    request_url = f"{base}/permintaan/{code}/"
    staff_url = f"{base}/petugas/permintaan/{code}/"

    # Every section but the general one and the attachments, saved as their pages save them.
    fill_sections(request, PREFILLED, agency, documents=False)
    page.reload()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^FS3"))).to_be_visible()
    progress = main.locator(".section-progress > li")
    expect(progress).to_have_count(len(SECTIONS))
    for title in SECTIONS:
        row = progress.filter(has=page.get_by_role("link", name=title, exact=True))
        expect(row.locator(".badge")).to_have_text(
            "Belum lengkap" if title in (GENERAL, "Lampiran") else "Lengkap")
    expect(main).to_contain_text("Tombol kirim muncul setelah semua bagian lengkap.")
    expect(main.get_by_role("link", name="Periksa dan kirim")).to_have_count(0)

    # --- The general section, in the browser: a first try with the collection ending too early.
    main.get_by_role("link", name=GENERAL, exact=True).click()
    expect(page).to_have_url(form_url + "general/")
    expect(page.get_by_role("heading", level=1, name=GENERAL)).to_be_visible()
    expect(main).to_contain_text("Bagian 3 dari 10")
    assert_accessible(page, "a section page of the FS3")
    main.get_by_label(label("Judul kegiatan")).fill(TITLE)
    main.get_by_label(label("Latar belakang")).fill(BACKGROUND)
    main.get_by_label(label("Tujuan")).fill(OBJECTIVES)
    main.get_by_label(label("Sumber pendanaan")).select_option(label="APBD")
    main.get_by_label(label("Keterangan pendanaan (mis. DPA, nilai anggaran)")).fill(FUNDING_NOTE)
    for field, month in MONTHS.items():
        month_input = main.get_by_label(label(field))
        expect(month_input).to_have_attribute("type", "month")
        month_input.fill(month)
    main.get_by_role("button", name="Simpan dan lanjutkan").click()

    expect(page).to_have_url(form_url + "general/")  # the page again, not the next section
    expect(main).to_contain_text("Bagian ini belum lengkap: perbaiki isian yang ditandai.")
    collection_end = main.get_by_label(label("Pengumpulan data: selesai"))
    expect(collection_end).to_have_attribute("aria-invalid", "true")
    expect(collection_end).to_have_accessible_description(re.compile(re.escape(END_BEFORE_START)))
    expect(main.locator("#div_id_collection_end")).to_contain_text(END_BEFORE_START)  # beside the field
    expect(main.get_by_role("alert")).to_contain_text(f"Pengumpulan data: selesai: {END_BEFORE_START}")
    expect(main.locator(".invalid-feedback")).to_have_count(1)  # nothing else is wrong
    # What she typed is all there.
    expect(main.get_by_label(label("Judul kegiatan"))).to_have_value(TITLE)
    expect(main.get_by_label(label("Latar belakang"))).to_have_value(BACKGROUND)
    expect(main.get_by_label(label("Tujuan"))).to_have_value(OBJECTIVES)
    expect(main.get_by_label(label("Sumber pendanaan"))).to_have_value("apbd")
    for field, month in MONTHS.items():
        expect(main.get_by_label(label(field))).to_have_value(month)
    assert_accessible(page, "a section page of the FS3 with an error")

    collection_end.fill("2027-04")
    main.get_by_role("button", name="Simpan dan lanjutkan").click()
    # On to the next section still to do: the attachments.
    expect(page).to_have_url(form_url + "attachments/")
    expect(main).to_contain_text(f"Tersimpan: {GENERAL}.")
    expect(page.get_by_role("heading", level=1, name="Lampiran")).to_be_visible()
    main.get_by_label(label("Surat pengantar dari pimpinan instansi")).set_input_files(
        {"name": COVER_LETTER, "mimeType": "application/pdf", "buffer": PDF_BYTES})
    main.get_by_label(label("Kuesioner/instrumen pengumpulan data")).set_input_files(
        {"name": QUESTIONNAIRE, "buffer": docx().read(),
         "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
    main.get_by_role("button", name="Simpan dan lanjutkan").click()

    # Nothing left to do: back on the overview, every section complete.
    expect(page).to_have_url(form_url)
    expect(main).to_contain_text("Tersimpan: Lampiran.")
    expect(progress.locator(".badge")).to_have_text(["Lengkap"] * len(SECTIONS))
    main.get_by_role("link", name="Periksa dan kirim").click()

    # --- Check and submit.
    expect(page).to_have_url(f"{base}/permintaan/{code}/periksa/")
    expect(page.get_by_role("heading", level=1, name="Periksa jawaban Anda")).to_be_visible()
    general = main.get_by_role("region", name=GENERAL)
    expect(general).to_contain_text(TITLE)
    expect(general).to_contain_text("APBD")
    attachments = main.get_by_role("region", name="Lampiran")
    expect(attachments.get_by_role("link", name=COVER_LETTER)).to_be_visible()
    expect(attachments.get_by_role("link", name=QUESTIONNAIRE)).to_be_visible()
    statements = main.get_by_role("group", name="Persyaratan menurut standar pelayanan").get_by_role(
        "checkbox")
    assert statements.count() > 0, "the recommendation standard has statements to confirm"
    for checkbox in statements.all():
        checkbox.check()
    main.get_by_role("button", name="Kirim formulir").click()

    expect(page).to_have_url(f"{base}/permintaan/{code}/terkirim/")
    expect(page.get_by_role("heading", level=1, name="Permintaan Anda terkirim")).to_be_visible()
    expect(page.get_by_test_id("tracking-code")).to_have_text(code)
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED and request.due_at is not None  # complete: the clock runs
    assert request.purpose == TITLE

    # --- 2. Rina reviews the form and returns it with a note on the sample design.
    officer_page = new_context().new_page()
    officer_page.set_default_timeout(10_000)
    officer_main = officer_page.get_by_role("main")
    sign_in(officer_page, base, OFFICER_EMAIL)
    officer_page.goto(staff_url)
    expect(officer_page.get_by_role("heading", level=1, name=re.compile(re.escape(code)))).to_be_visible()
    expect(status_badge(officer_main)).to_have_text("Diajukan")
    review = officer_main.get_by_role("region", name="Periksa formulir")
    expect(review.get_by_role("checkbox")).to_have_count(len(SECTIONS))
    expect(officer_main.get_by_role("region", name=GENERAL)).to_contain_text(TITLE)
    assert_accessible(officer_page, "the officer's page with the review panel")
    for title in SECTIONS:
        if title != SAMPLE:
            review.get_by_label(f"Sesuai: {title}", exact=True).check()
    review.get_by_label(f"Catatan perbaikan: {SAMPLE}", exact=True).fill(SAMPLE_NOTE)
    review.get_by_label(re.compile(r"^\s*Perlu diperbaiki")).check()
    review.get_by_role("button", name="Simpan hasil pemeriksaan").click()
    expect(officer_page).to_have_url(staff_url + "#rekomendasi")
    expect(officer_main).to_contain_text("Formulir dikembalikan kepada instansi dengan catatan")
    expect(status_badge(officer_main)).to_have_text("Dikembalikan untuk perbaikan")
    expect(officer_main.get_by_role("region", name="Periksa formulir")).to_have_count(0)

    # --- 3. Siti reads the note beside the section, fixes it and sends the fix.
    page.goto(request_url)
    expect(status_badge(main)).to_have_text("Dikembalikan untuk perbaikan")
    sample = main.get_by_role("region", name=SAMPLE)
    expect(sample.locator(".section-note")).to_contain_text(SAMPLE_NOTE)
    expect(main.locator(".recommendation-answers .section-note")).to_have_count(1)  # only that section
    main.get_by_role("link", name="Perbaiki formulir").click()
    expect(page).to_have_url(form_url)
    sample_row = progress.filter(has=page.get_by_role("link", name=SAMPLE, exact=True))
    expect(sample_row.locator(".badge")).to_have_text("Perlu diperbaiki")
    expect(sample_row).to_contain_text(SAMPLE_NOTE)
    main.get_by_role("link", name=SAMPLE, exact=True).click()
    expect(page).to_have_url(form_url + "sample/")
    expect(main.get_by_role("note")).to_contain_text(SAMPLE_NOTE)
    frame = main.get_by_label(label("Kerangka sampel"))
    expect(frame).to_have_value(OLD_FRAME)
    frame.fill(NEW_FRAME)
    size = main.get_by_label(label("Jumlah sampel"))
    expect(size).to_have_value(OLD_SIZE)
    size.fill(NEW_SIZE)
    main.get_by_role("button", name="Simpan dan lanjutkan").click()
    expect(page).to_have_url(form_url)
    expect(main).to_contain_text(f"Tersimpan: {SAMPLE}.")
    main.get_by_role("link", name="Kirim perbaikan").click()
    expect(page).to_have_url(request_url + "#answer-heading")
    fix = main.get_by_role("region", name="Kirim perbaikan")
    fix.get_by_label(label("Catatan")).fill(RESUBMIT_NOTE)
    fix.get_by_role("button", name="Kirim perbaikan").click()
    expect(page).to_have_url(request_url)
    expect(main).to_contain_text("Perbaikan Anda terkirim.")
    expect(status_badge(main)).to_have_text("Diajukan kembali")
    expect(main.get_by_role("region", name="Kirim perbaikan")).to_have_count(0)

    def expect_round_history(where):
        rounds = where.get_by_role("region", name="Putaran pemeriksaan").locator("details.review-round")
        expect(rounds).to_have_count(2)
        latest, first = rounds.nth(0), rounds.nth(1)
        expect(latest.locator("summary")).to_contain_text("Putaran 2")
        expect(latest).to_contain_text("Yang berubah sejak putaran sebelumnya:")
        expect(latest.get_by_role("heading", name=SAMPLE)).to_be_visible()
        changes = latest.locator(".diff li")
        expect(changes).to_have_count(2)
        frame_change = changes.filter(has_text="Kerangka sampel")
        expect(frame_change.locator("ins")).to_have_text(NEW_FRAME.removeprefix(OLD_FRAME))
        expect(frame_change.locator("del")).to_have_count(0)
        size_change = changes.filter(has_text="Jumlah sampel")
        expect(size_change.locator("del")).to_have_text(OLD_SIZE)
        expect(size_change.locator("ins")).to_have_text(NEW_SIZE)
        expect(first.locator("summary")).to_contain_text("Putaran 1")
        expect(first.locator("summary")).to_contain_text("Perlu diperbaiki")
        expect(first).to_contain_text(f"{SAMPLE}: {SAMPLE_NOTE}")

    expect_round_history(main)

    # --- 4. Rina sees what changed, declares the form feasible and submits the letter to the head.
    officer_page.goto(staff_url)
    expect(status_badge(officer_main)).to_have_text("Diajukan kembali")
    expect_round_history(officer_main)
    review = officer_main.get_by_role("region", name="Periksa formulir")
    for title in SECTIONS:
        review.get_by_label(f"Sesuai: {title}", exact=True).check()
    review.get_by_label(re.compile(r"^\s*Layak")).check()
    review.get_by_role("button", name="Simpan hasil pemeriksaan").click()
    expect(officer_page).to_have_url(staff_url + "#rekomendasi")
    expect(officer_main).to_contain_text("Formulir dinyatakan layak. Susun surat rekomendasinya.")
    expect(status_badge(officer_main)).to_have_text("Sedang diproses")
    letter_panel = officer_main.get_by_role("region", name=re.compile(r"^Surat rekomendasi"))
    expect(letter_panel.locator(".badge")).to_have_text("Draf petugas")
    expect(letter_panel.get_by_label(label("Perihal"))).to_have_value("Rekomendasi Kegiatan Statistik")
    expect(letter_panel.get_by_label(label("Tujuan surat"))).to_have_value(
        "Yth. Kepala Dinas Kesehatan Kabupaten Kotabaru\ndi tempat")
    body = letter_panel.get_by_label(label("Isi surat"))
    expect(body).to_have_value(re.compile(re.escape(code)))  # the template, filled in
    body.fill(body.input_value() + "\n\n" + LETTER_SENTENCE)
    letter_panel.get_by_role("button", name="Simpan dan ajukan ke kepala").click()
    expect(officer_page).to_have_url(staff_url + "#surat")
    expect(officer_main).to_contain_text("Surat diajukan kepada kepala kantor untuk disetujui.")
    expect(status_badge(officer_main)).to_have_text("Menunggu persetujuan kepala")
    expect(letter_panel.locator(".badge")).to_have_text("Menunggu persetujuan kepala")
    expect(letter_panel.get_by_label(label("Isi surat"))).to_have_count(0)  # no longer hers to edit
    expect(letter_panel.locator(".letter-text")).to_contain_text(LETTER_SENTENCE)

    # --- 5. The head approves the letter from the list of letters awaiting approval.
    head_page = new_context().new_page()
    head_page.set_default_timeout(10_000)
    head_main = head_page.get_by_role("main")
    sign_in(head_page, base, HEAD_EMAIL)
    head_page.goto(base + "/kepala/")
    awaiting = head_main.get_by_role("region", name="Menunggu persetujuan Anda")
    row = awaiting.get_by_role("row").filter(has_text=code)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"Rekomendasi Kegiatan Statistik: {TITLE}")
    assert_accessible(head_page, "the head's workspace with a letter awaiting approval")
    row.get_by_role("link", name=code).click()
    expect(head_page).to_have_url(staff_url + "#surat")
    head_letter = head_main.get_by_role("region", name=re.compile(r"^Surat rekomendasi"))
    expect(head_letter.locator(".letter-text")).to_contain_text(LETTER_SENTENCE)
    head_main.get_by_role("region", name="Tindakan").get_by_role("button", name="Setujui", exact=True).click()
    expect(head_page).to_have_url(staff_url)
    expect(status_badge(head_main)).to_have_text("Selesai")
    letter = Letter.objects.get(request__code=code)
    assert letter.state == Letter.State.ISSUED
    assert re.fullmatch(rf"B-001/{OFFICE}/REKOM/[IVXLC]+/\d{{4}}", letter.number), letter.number
    expect(head_main.get_by_test_id("letter-number")).to_have_text(letter.number)
    head_page.goto(base + "/kepala/")
    expect(awaiting).to_contain_text("Tidak ada yang menunggu persetujuan.")

    # --- 6. Siti downloads the letter and checks it on the verification page.
    page.goto(request_url)
    expect(status_badge(main)).to_have_text("Selesai")
    issued = main.get_by_role("region", name="Surat rekomendasi")
    expect(issued.get_by_test_id("letter-number")).to_have_text(letter.number)
    shown = re.search(r"\b[0-9a-f]{64}\b", issued.inner_text())
    assert shown, issued.inner_text()
    fingerprint = shown.group(0)
    with page.expect_download() as download_info:
        issued.get_by_role("link", name="Unduh surat (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"surat-rekomendasi-{code}.pdf"
    pdf_path = tmp_path / download.suggested_filename
    download.save_as(pdf_path)
    content = pdf_path.read_bytes()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == fingerprint == letter.sha256
    text = " ".join(subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for expected in (letter.number, TITLE, LETTER_SENTENCE, "Dr. Hendra Wijaya, S.ST., M.Si."):
        assert expected in text, f"{expected!r} is not in the letter:\n{text}"

    issued.get_by_role("link", name=letter.code).click()
    expect(page).to_have_url(f"{base}/verifikasi/{letter.code}/")
    expect(page.get_by_role("heading", level=1, name="Verifikasi surat rekomendasi")).to_be_visible()
    expect(main.get_by_test_id("verdict")).to_contain_text("Kode ini terdaftar.")
    expect(main).to_contain_text(letter.number)
    expect(main).to_contain_text(TITLE)
    expect(main.get_by_test_id("fingerprint")).to_have_text(fingerprint)
    assert_accessible(page, "the letter's verification page")

    compare = main.get_by_role("region", name="Bandingkan dengan salinan Anda")
    compare.get_by_label(label("Berkas PDF surat yang Anda terima")).set_input_files(pdf_path)
    compare.get_by_role("button", name="Bandingkan").click()
    expect(main.get_by_test_id("verdict")).to_contain_text("Cocok: salinan Anda adalah surat ini.")

    tampered = content + b"\n% diubah\n"  # still a PDF that opens, but not the letter issued
    compare.get_by_label(label("Berkas PDF surat yang Anda terima")).set_input_files(
        {"name": "surat-rekomendasi-salinan.pdf", "mimeType": "application/pdf", "buffer": tampered})
    compare.get_by_role("button", name="Bandingkan").click()
    expect(main.get_by_test_id("verdict")).to_have_count(1)
    expect(main.get_by_test_id("verdict")).to_contain_text("Tidak cocok: salinan Anda bukan surat ini.")

    # The public register now lists the activity, found by its title and year, with its letter.
    page.goto(f"{base}/rekomendasi/daftar/")
    search = main.get_by_role("search")
    search.get_by_label(label("Cari")).fill("puskesmas")
    search.get_by_label(label("Tahun kegiatan")).select_option("2027")
    search.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(r"/rekomendasi/daftar/\?q=puskesmas&activity_year=2027"))
    expect(main.get_by_test_id("register-count")).to_have_text("1 kegiatan")
    listed = main.get_by_role("row").filter(has_text=TITLE)
    expect(listed).to_contain_text("Pemerintah Kabupaten Kotabaru")
    expect(listed).to_contain_text("Survei (FS3)")
    assert_accessible(page, "the register of recommended activities")
    listed.get_by_role("link", name=letter.number).click()
    expect(page).to_have_url(f"{base}/verifikasi/{letter.code}/")
    # ... and the start page shows it among the latest.
    page.goto(start_url)
    expect(look_first).to_contain_text(TITLE)

    # The agency was told by email, with the letter's number.
    assert any(letter.number in m.body for m in mails_to(AGENCY_EMAIL)), describe_outbox()
    people = {AGENCY_EMAIL, OFFICER_EMAIL, HEAD_EMAIL}
    assert {a for m in mail.outbox for a in (*m.to, *m.cc, *m.bcc)} <= people, describe_outbox()

