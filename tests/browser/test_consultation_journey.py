"""A statistical consultation's whole life in real headless Chromium against the live server.

Eka (a visitor with a complete profile) wants to ask the North Kalimantan office about poverty
figures. The portal first shows her the knowledge base: the seed article on how BPS measures
poverty comes up with the matching words highlighted, but she still asks an officer. Fajar, an
officer of that office, answers in the conversation from his own browser: his message appears in
place (htmx, no page reload) and his form is emptied. Eka's open page picks the answer up by
itself (the list polls every 20 s) without losing the reply she had half written; she finishes it,
attaches a PDF and sends it, again in place. Fajar proposes a video meeting, Eka accepts it (her
email carried the calendar invitation) and Fajar sees it accepted. He closes the consultation with
a summary and turns the answer into a published knowledge-base article, which the public
knowledge-base search then finds. The search step, Eka's request page with the conversation and
Fajar's page with the meeting form pass axe-core without serious or critical violations.
"""
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from services.catalogue.loader import load_articles
from services.catalogue.models import Office
from tests.browser.conftest import assert_not_reloaded, mark_page
from tests.browser.test_request_journey import describe_outbox, mails_to, sign_in, write_pdf
from tests.browser.test_visitor_journey import assert_accessible
from tests.factories import OfficerFactory, ProfiledVisitorFactory

OFFICE = "6500"
VISITOR_EMAIL = "eka.pratiwi@contoh.id"
VISITOR_NAME = "Eka Pratiwi"
OFFICER_EMAIL = "fajar.petugas@bps.go.id"
OFFICER_NAME = "Fajar Petugas"

SEARCH = "kemiskinan"
POVERTY_ARTICLE = "Cara BPS Mengukur Kemiskinan"
QUESTION = ("Berapa garis kemiskinan Kabupaten Malinau menurut daerah perkotaan dan perdesaan "
            "tahun 2024, dan di mana tabelnya?")
OFFICER_MESSAGE = ("Garis kemiskinan Kabupaten Malinau kondisi Maret 2024 ada di publikasi "
                   "Kabupaten Malinau Dalam Angka; perkotaan dan perdesaan hanya tersedia untuk provinsi.")
HALF_REPLY = "Terima kasih, Pak. Apakah angka"
FULL_REPLY = HALF_REPLY + " perdesaan provinsi bisa dipakai untuk kabupaten? Draf bab saya terlampir."
MEETING_LINK = "https://meet.example.org/pst"
SUMMARY = "Garis kemiskinan Malinau dijelaskan; angka perkotaan/perdesaan hanya tingkat provinsi."
ARTICLE_TITLE = "Garis kemiskinan Kabupaten Malinau: perkotaan, perdesaan dan tingkat penyajian"
ARTICLE_WORD = "Malinau"  # in no seed article: only the new article can match it


def message_box(conversation):
    return conversation.get_by_label(re.compile(r"^\s*Pesan\W*$"))


@pytest.mark.browser
def test_a_consultation_is_searched_asked_answered_met_closed_and_published_in_the_browser(
    transactional_db, live_server, catalogue, settings, mailoutbox, page: Page, new_context, tmp_path,
):
    # Email takes the production path: QueuedEmailBackend -> on_commit -> Celery (eager) ->
    # delivery backend (locmem) -> mail.outbox. The live server is a thread of this process.
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    load_articles()
    office = Office.objects.get(code=OFFICE)
    ProfiledVisitorFactory(email=VISITOR_EMAIL, full_name=VISITOR_NAME)
    OfficerFactory(email=OFFICER_EMAIL, full_name=OFFICER_NAME, office=office)
    base = live_server.url
    page.set_default_timeout(10_000)
    visitor_main = page.get_by_role("main")

    # --- 1. Eka looks in the knowledge base first, then asks an officer.
    sign_in(page, base, VISITOR_EMAIL)
    page.goto(f"{base}/layanan/{OFFICE}/konsultasi/")
    visitor_main.get_by_role("link", name="Ajukan permintaan daring").click()
    expect(page).to_have_url(f"{base}/permintaan/baru/{OFFICE}/konsultasi/")
    page.get_by_label("Apa yang Anda cari?").fill(SEARCH)
    visitor_main.get_by_role("button", name="Cari").click()
    hit = visitor_main.locator(".knowledge-hits > li").filter(
        has=page.get_by_role("link", name=re.compile(re.escape(POVERTY_ARTICLE))))
    expect(hit).to_have_count(1)
    expect(hit.locator("mark").first).to_have_text(re.compile(SEARCH, re.IGNORECASE))
    assert_accessible(page, "the knowledge-base search before asking")

    visitor_main.get_by_role("link", name="Tanyakan kepada petugas").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Ajukan permintaan"))).to_be_visible()
    question = page.get_by_label(re.compile(r"^\s*Pertanyaan Anda"))
    expect(question).to_have_value(SEARCH)  # what she searched for is kept
    question.fill(QUESTION)
    page.get_by_label(re.compile(r"^\s*Topik")).select_option(label="Metode")
    requirements = page.get_by_role("group", name="Persyaratan menurut standar pelayanan").get_by_role(
        "checkbox")
    assert requirements.count() > 0, "the consultation standard has statements to confirm"
    for checkbox in requirements.all():
        checkbox.check()
    visitor_main.get_by_role("button", name="Lanjut: periksa isian").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/permintaan/[^/]+/periksa/$"))
    expect(visitor_main).to_contain_text(QUESTION)
    visitor_main.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_role("heading", level=1, name="Permintaan Anda terkirim")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(rf"{OFFICE}-\d{{2}}-[A-Z0-9]{{6}}", code), code
    request_url = f"{base}/permintaan/{code}/"
    staff_url = f"{base}/petugas/permintaan/{code}/"

    # She keeps her request page open and starts a follow-up while waiting. Her browser's clock is
    # Playwright's (it runs as a real one): the test skips the wait for the next poll instead of sleeping.
    page.clock.install()
    page.goto(request_url)
    visitor_conversation = visitor_main.get_by_role("region", name="Percakapan")
    expect(visitor_conversation).to_contain_text("Belum ada pesan.")
    message_box(visitor_conversation).fill(HALF_REPLY)
    mark_page(page, "visitor")

    # --- 2. Fajar opens the request from his queue and answers in the conversation.
    officer_page = new_context().new_page()
    officer_page.set_default_timeout(10_000)
    officer_main = officer_page.get_by_role("main")
    sign_in(officer_page, base, OFFICER_EMAIL)
    officer_page.goto(base + "/petugas/")
    row = officer_main.get_by_role("row").filter(has_text=code)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=code).click()
    expect(officer_page).to_have_url(staff_url)
    # He takes it on first ("Proses" reloads the page with the actions of the new state); a first
    # message would do the same, with a reload because the page's actions change with it.
    officer_actions = officer_main.get_by_role("region", name="Tindakan")
    officer_actions.get_by_role("button", name="Proses", exact=True).click()
    expect(officer_main.locator(".request-summary .status-badge")).to_have_text("Sedang diproses")
    officer_conversation = officer_main.get_by_role("region", name="Percakapan")
    mark_page(officer_page, "officer")
    message_box(officer_conversation).fill(OFFICER_MESSAGE)
    officer_conversation.get_by_role("button", name="Kirim pesan").click()
    expect(officer_conversation.locator(".message-officer")).to_contain_text(OFFICER_MESSAGE)
    expect(message_box(officer_conversation)).to_have_value("")  # emptied on messageSent
    assert_not_reloaded(officer_page, staff_url, "officer")

    # --- 3. Eka's page picks the answer up by polling, her half-written reply untouched.
    page.clock.fast_forward("00:20")  # the list's next poll (every 20 s) is due
    expect(visitor_conversation.locator(".message-officer")).to_contain_text(OFFICER_MESSAGE,
                                                                             timeout=25_000)
    expect(message_box(visitor_conversation)).to_have_value(HALF_REPLY)
    assert_not_reloaded(page, request_url, "visitor")
    assert_accessible(page, "the visitor's request page with the conversation")

    message_box(visitor_conversation).fill(FULL_REPLY)
    pdf_path = write_pdf(tmp_path / "draf-bab-kemiskinan.pdf")
    visitor_conversation.get_by_label(re.compile(r"^\s*Lampiran")).set_input_files(pdf_path)
    visitor_conversation.get_by_role("button", name="Kirim pesan").click()
    reply = visitor_conversation.locator(".message-visitor").filter(has_text=FULL_REPLY)
    expect(reply).to_have_count(1)
    expect(reply.get_by_role("link", name="draf-bab-kemiskinan.pdf")).to_be_visible()
    expect(message_box(visitor_conversation)).to_have_value("")
    assert_not_reloaded(page, request_url, "visitor")

    # --- 4. Fajar proposes a video meeting; Eka accepts; Fajar sees it accepted.
    officer_page.goto(staff_url)
    expect(officer_conversation).to_contain_text(FULL_REPLY)
    meeting_form = officer_main.get_by_role("region", name="Usulkan pertemuan lanjutan")
    expect(meeting_form).to_be_visible()
    assert_accessible(officer_page, "the officer's request page with the meeting form")
    meeting_day = timezone.localdate(timezone=office.zone) + datetime.timedelta(days=2)
    meeting_form.get_by_label(re.compile(r"^\s*Jenis pertemuan")).select_option(label="Pertemuan video")
    meeting_form.get_by_label(re.compile(r"^\s*Tanggal")).fill(meeting_day.isoformat())
    meeting_form.get_by_label(re.compile(r"^\s*Jam")).fill("10:00")
    meeting_form.get_by_label(re.compile(r"^\s*Tautan")).fill(MEETING_LINK)
    meeting_form.get_by_role("button", name="Kirim usulan").click()
    expect(officer_page).to_have_url(staff_url + "#percakapan")
    expect(officer_main).to_contain_text("Usulan pertemuan terkirim")
    proposed = officer_conversation.locator(".meeting-card")
    expect(proposed).to_have_count(1)
    expect(proposed).to_contain_text("Menunggu jawaban")

    page.goto(request_url)
    meeting = visitor_conversation.locator(".meeting-card")
    expect(meeting).to_have_count(1)
    expect(meeting).to_contain_text("Pertemuan video")
    expect(meeting).to_contain_text("10.00")
    expect(meeting.get_by_role("link", name=MEETING_LINK)).to_have_attribute("href", MEETING_LINK)
    meeting.get_by_role("button", name="Terima").click()
    expect(page).to_have_url(request_url + "#percakapan")
    expect(visitor_main).to_contain_text("Pertemuan diterima")
    expect(meeting).to_contain_text("Diterima")
    expect(meeting.get_by_role("button", name="Terima")).to_have_count(0)

    officer_page.goto(staff_url)
    expect(officer_conversation.locator(".meeting-card .badge")).to_have_text("Diterima")

    invitations = [m for m in mails_to(VISITOR_EMAIL)
                   if any(a[2].startswith("text/calendar") for a in m.attachments)]
    assert len(invitations) == 1, describe_outbox()
    calendar = next(a for a in invitations[0].attachments if a[2].startswith("text/calendar"))
    ics = calendar[1] if isinstance(calendar[1], str) else calendar[1].decode()
    assert "BEGIN:VCALENDAR" in ics and MEETING_LINK in ics, ics

    # --- 5. Fajar closes the consultation with a summary and publishes an article from it.
    actions = officer_main.get_by_role("region", name="Tindakan")
    actions.get_by_label(re.compile(r"^\s*Catatan")).fill(SUMMARY)
    actions.get_by_role("button", name="Selesaikan", exact=True).click()
    expect(officer_page).to_have_url(staff_url)
    expect(officer_main.locator(".request-summary .status-badge")).to_have_text("Selesai")
    officer_main.get_by_role("button", name="Jadikan artikel basis pengetahuan").click()
    expect(officer_page).to_have_url(re.compile(re.escape(base) + r"/petugas/artikel/\d+/$"))
    expect(officer_page.get_by_role("heading", level=1, name="Ubah artikel")).to_be_visible()
    title = officer_main.get_by_label(re.compile(r"^\s*Judul"))
    expect(title).to_have_value(QUESTION)  # the draft starts from the question
    expect(officer_main.get_by_label(re.compile(r"^\s*Isi"))).not_to_have_value(re.compile(VISITOR_NAME))
    title.fill(ARTICLE_TITLE)
    officer_main.get_by_label("Terbitkan").check()
    officer_main.get_by_role("button", name="Simpan").click()
    expect(officer_main).to_contain_text("Artikel terbit.")
    expect(officer_main.get_by_label(re.compile(r"^\s*Judul"))).to_have_value(ARTICLE_TITLE)
    article_url = base + officer_main.get_by_role("link", name="Lihat halaman artikel").get_attribute("href")

    page.goto(request_url)
    expect(visitor_main.locator(".request-summary .status-badge")).to_have_text("Selesai")

    # The office's consultation search finds the new article, ...
    page.goto(f"{base}/permintaan/baru/{OFFICE}/konsultasi/?q={ARTICLE_WORD}")
    expect(visitor_main.get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    # Its page is public ...
    page.goto(article_url)
    expect(page.get_by_role("heading", level=1, name=ARTICLE_TITLE)).to_be_visible()
    # ... and the public knowledge base finds it too.
    page.goto(base + "/layanan/pengetahuan/")
    page.get_by_label("Cari artikel").fill(ARTICLE_WORD)
    visitor_main.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(r"/layanan/pengetahuan/\?q=" + ARTICLE_WORD))
    expect(visitor_main.locator(".knowledge-hits").get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()

    # No email went to anyone but the two of them.
    assert {a for m in mail.outbox for a in (*m.to, *m.cc, *m.bcc)} <= {VISITOR_EMAIL, OFFICER_EMAIL}, \
        describe_outbox()
