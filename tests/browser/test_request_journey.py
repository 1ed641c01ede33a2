"""A request's whole life in real headless Chromium against the live server.

Citra (a visitor with a complete profile) files a consultation request with the North
Kalimantan office, attaches a PDF, checks her answers and submits. Dewi, an officer of
that office, signs in from another browser, finds the request in her queue and returns
it with a note. Citra reads the note, answers with a new document; Dewi processes and
completes the request, and Citra's page shows it done with its whole history. The
emails of the journey go the production way (on_commit -> Celery, eager in tests ->
delivery backend, locmem in tests) and land in the outbox; the forms and request pages
pass axe-core without serious or critical violations.
"""
import io
import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from services.catalogue.models import Office
from tests.browser.test_visitor_journey import assert_accessible
from tests.conftest import PASSWORD
from tests.factories import OfficerFactory, ProfiledVisitorFactory, totp_code

VISITOR_EMAIL = "citra.lestari@contoh.id"
VISITOR_NAME = "Citra Lestari"
OFFICER_EMAIL = "petugas.kaltara@bps.go.id"
OFFICER_NAME = "Dewi Petugas"

PURPOSE = "Data IPM Kalimantan Utara 2020-2025 per kabupaten untuk tesis magister."
RETURN_NOTE = "Mohon lampirkan surat pengantar dari kampus."
ANSWER_NOTE = "Surat pengantar dari kampus terlampir."
TIMELINE = ["Permintaan diajukan", "Dikembalikan untuk perbaikan", "Perbaikan dikirim", "Mulai diproses",
            "Selesai"]

# A tiny but well-formed PDF: header, one empty page, cross-reference table and trailer.
PDF_BYTES = (
    b"%PDF-1.7\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n165\n%%EOF\n"
)


def write_pdf(path):
    path.write_bytes(PDF_BYTES)
    return path


def write_docx(path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Surat pengantar</w:t></w:r></w:p></w:body></w:document>",
        )
    path.write_bytes(buffer.getvalue())
    return path


def sign_in(page: Page, base_url: str, email: str):
    """Sign in through the real sign-in page, as a person would."""
    page.goto(base_url + "/akun/login/")
    expect(page.get_by_role("heading", level=1, name="Masuk")).to_be_visible()
    page.get_by_label(re.compile(r"^\s*Email")).fill(email)
    page.get_by_label(re.compile(r"^\s*Sandi")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/akun/login/"))
    if "/2fa/authenticate/" in page.url:  # staff with a one-time code (tests.factories.TOTP_SECRET)
        page.locator("input[name=code]").fill(totp_code())
        page.locator("input[name=code]").press("Enter")
        expect(page).not_to_have_url(re.compile(r"/2fa/authenticate/"))


def mails_to(address):
    return [m for m in mail.outbox if address in (*m.to, *m.cc, *m.bcc)]


def describe_outbox():
    return "\n".join(f"- to={m.to} bcc={m.bcc} subject={m.subject!r}" for m in mail.outbox)


@pytest.mark.browser
def test_a_request_is_filed_returned_answered_processed_and_completed_in_the_browser(
    transactional_db, live_server, catalogue, settings, mailoutbox, page: Page, new_context, tmp_path,
):
    # Email takes the production path: QueuedEmailBackend -> on_commit -> Celery (eager) ->
    # delivery backend (locmem) -> mail.outbox. The live server is a thread of this process.
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url  # links in the emails point at the live server
    ProfiledVisitorFactory(email=VISITOR_EMAIL, full_name=VISITOR_NAME)
    OfficerFactory(email=OFFICER_EMAIL, full_name=OFFICER_NAME, office=Office.objects.get(code="6500"))
    base = live_server.url
    page.set_default_timeout(10_000)
    visitor_main = page.get_by_role("main")

    # --- Citra files a consultation request online.
    sign_in(page, base, VISITOR_EMAIL)
    page.goto(base + "/layanan/6500/konsultasi/")
    visitor_main.get_by_role("link", name="Ajukan permintaan daring").click()
    expect(page).to_have_url(base + "/permintaan/baru/6500/konsultasi/")
    # A consultation starts with the knowledge base: nothing matches, so she asks an officer.
    page.get_by_label("Apa yang Anda cari?").fill("IPM kabupaten")
    visitor_main.get_by_role("button", name="Cari").click()
    visitor_main.get_by_role("link", name="Tanyakan kepada petugas").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Ajukan permintaan"))).to_be_visible()
    assert_accessible(page, "the filing form")

    question = page.get_by_label(re.compile(r"^\s*Pertanyaan Anda"))
    expect(question).to_have_value("IPM kabupaten")  # what she searched for is kept
    question.fill(PURPOSE)
    requirements = page.get_by_role("group", name="Persyaratan menurut standar pelayanan").get_by_role(
        "checkbox")
    assert requirements.count() > 0, "the consultation standard has statements to confirm"
    for checkbox in requirements.all():
        checkbox.check()
    pdf_path = write_pdf(tmp_path / "proposal-tesis.pdf")
    page.get_by_label(re.compile(r"^\s*Dokumen pendukung lain")).set_input_files(pdf_path)
    visitor_main.get_by_role("button", name="Lanjut: periksa isian").click()

    # The check page shows what she typed and attached.
    expect(page).to_have_url(re.compile(re.escape(base) + r"/permintaan/[^/]+/periksa/$"))
    expect(page.get_by_role("heading", level=1, name="Periksa isian Anda sebelum mengirim")).to_be_visible()
    expect(visitor_main).to_contain_text(PURPOSE)
    expect(visitor_main.get_by_role("link", name="proposal-tesis.pdf")).to_be_visible()
    visitor_main.get_by_role("button", name="Kirim permintaan").click()

    # The confirmation page gives her a tracking code.
    expect(page).to_have_url(re.compile(re.escape(base) + r"/permintaan/[^/]+/terkirim/$"))
    expect(page.get_by_role("heading", level=1, name="Permintaan Anda terkirim")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"6500-\d{2}-[A-Z0-9]{6}", code), code
    assert page.url == f"{base}/permintaan/{code}/terkirim/"
    request_url = f"{base}/permintaan/{code}/"

    # --- Dewi signs in from her own browser and finds the request in her queue.
    officer_page = new_context().new_page()
    officer_page.set_default_timeout(10_000)
    officer_main = officer_page.get_by_role("main")
    sign_in(officer_page, base, OFFICER_EMAIL)
    officer_page.goto(base + "/petugas/")
    row = officer_main.get_by_role("row").filter(has_text=code)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(VISITOR_NAME)
    row.get_by_role("link", name=code).click()
    expect(officer_page).to_have_url(f"{base}/petugas/permintaan/{code}/")
    expect(officer_page.get_by_role("heading", level=1, name=re.compile(re.escape(code)))).to_be_visible()
    assert_accessible(officer_page, "the officer's request page")

    # She returns it with a note.
    actions = officer_main.get_by_role("region", name="Tindakan")
    actions.get_by_label(re.compile(r"^\s*Catatan")).fill(RETURN_NOTE)
    actions.get_by_role("button", name="Kembalikan untuk perbaikan", exact=True).click()
    expect(officer_page).to_have_url(f"{base}/petugas/permintaan/{code}/")
    expect(officer_main.locator(".request-summary .status-badge")).to_have_text(
        "Dikembalikan untuk perbaikan")

    # --- Citra is told by email, with a link to her request page; there she reads the note and
    # answers with a new document.
    returned_mail = [m for m in mails_to(VISITOR_EMAIL) if "mengembalikan permintaan Anda" in m.body]
    assert len(returned_mail) == 1, describe_outbox()
    assert request_url in returned_mail[0].body, returned_mail[0].body
    page.goto(request_url)
    expect(page.get_by_role("heading", level=1, name=re.compile(re.escape(code)))).to_be_visible()
    expect(visitor_main).to_contain_text(RETURN_NOTE)
    answer = visitor_main.get_by_role("region", name="Kirim perbaikan")
    expect(answer).to_be_visible()
    assert_accessible(page, "the visitor's request page (returned, with the answer form)")
    answer.get_by_label(re.compile(r"^\s*Catatan")).fill(ANSWER_NOTE)
    docx_path = write_docx(tmp_path / "surat-pengantar.docx")
    answer.get_by_label(re.compile(r"^\s*Dokumen perbaikan")).set_input_files(docx_path)
    answer.get_by_role("button", name="Kirim perbaikan").click()
    expect(page).to_have_url(request_url)
    expect(visitor_main.get_by_role("region", name="Kirim perbaikan")).to_have_count(0)
    expect(visitor_main).to_contain_text(ANSWER_NOTE)
    expect(visitor_main.get_by_role("link", name="surat-pengantar.docx")).to_be_visible()

    # --- Dewi processes and completes it.
    officer_page.goto(f"{base}/petugas/permintaan/{code}/")
    expect(officer_main).to_contain_text(ANSWER_NOTE)
    actions.get_by_role("button", name="Proses", exact=True).click()
    expect(officer_main.locator(".request-summary .status-badge")).to_have_text("Sedang diproses")
    # A consultation is closed with a summary of the answer.
    actions.get_by_label(re.compile(r"^\s*Catatan")).fill(
        "Tabel IPM menurut kabupaten/kota ada di situs BPS Kaltara.")
    actions.get_by_role("button", name="Selesaikan", exact=True).click()
    expect(officer_main.locator(".request-summary .status-badge")).to_have_text("Selesai")

    # --- Citra's page shows the request done, with its whole history in order.
    page.goto(request_url)
    expect(visitor_main.locator(".request-summary .status-badge")).to_have_text("Selesai")
    expect(visitor_main.locator(".timeline .timeline-item > .fw-semibold")).to_contain_text(TIMELINE)
    assert_accessible(page, "the visitor's completed request page")

    # --- The emails of the journey.
    to_visitor = [m for m in mails_to(VISITOR_EMAIL) if "/penilaian/" not in m.body]
    (rating,) = [m for m in mails_to(VISITOR_EMAIL) if "/penilaian/" in m.body]  # the survey's once-link
    assert rating.subject == f"[PST BPS] {code}: Nilai layanan kami", describe_outbox()
    assert len(to_visitor) == 3, describe_outbox()  # submitted, returned, completed
    assert all(m.to == [VISITOR_EMAIL] and code in m.subject for m in to_visitor), describe_outbox()
    submitted, returned, completed = to_visitor  # each subject names the request's new status
    assert submitted.subject == f"[PST BPS] {code}: Diajukan" and "telah kami terima" in submitted.body
    assert returned.subject == f"[PST BPS] {code}: Dikembalikan untuk perbaikan"
    assert "mengembalikan permintaan Anda" in returned.body and RETURN_NOTE in returned.body
    assert completed.subject == f"[PST BPS] {code}: Selesai" and "telah selesai" in completed.body
    assert all(request_url in m.body for m in to_visitor)
    to_officer = mails_to(OFFICER_EMAIL)
    new_request = [m for m in to_officer if "Ada permintaan baru" in m.subject]
    assert len(new_request) == 1, describe_outbox()
    assert new_request[0].subject == f"[PST BPS] {code}: Ada permintaan baru untuk kantor Anda."
    assert new_request[0].to == [] and new_request[0].bcc == [OFFICER_EMAIL]  # staff are told in Bcc
    assert f"/petugas/permintaan/{code}/" in new_request[0].body
