"""Konsultasi Statistik: search before asking, the conversation (pages, htmx, files, emails), follow-up
meetings with calendar invitations, closing (summary, the silence job, reopening), walk-in records and
turning an answer into a knowledge-base article.

Office 6500 (BPS Provinsi Kalimantan Utara) is in Asia/Makassar (WITA, UTC+8); its online consultation
is due 3 working days after submission, at 15.30 local time.
"""
import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from requests_app import workflow
from requests_app.models import Request, RequestEvent, Status
from services.catalogue.loader import load_articles
from services.catalogue.models import Office
from services.consultation import conversation as consultation
from services.consultation import knowledge, tasks
from services.consultation.models import Article, Consultation, Meeting
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import PDF_BYTES, docx, file_request, pdf, standard

WITA = ZoneInfo("Asia/Makassar")
UTC = datetime.UTC
NEW = "/permintaan/baru/6500/konsultasi/"
HTMX = {"HX-Request": "true"}


def wita(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=WITA)


@pytest.fixture
def kaltara(catalogue):
    return Office.objects.get(code="6500")


@pytest.fixture
def citra(db):
    return ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra Lestari")


@pytest.fixture
def officer(kaltara):
    return OfficerFactory(email="petugas.kaltara@bps.go.id", full_name="Dewi Petugas", office=kaltara)


@pytest.fixture
def colleague(kaltara):
    return OfficerFactory(email="petugas2.kaltara@bps.go.id", full_name="Eko Petugas", office=kaltara)


@pytest.fixture
def outsider(catalogue):
    """An officer of another office (Kotabaru)."""
    return OfficerFactory(email="petugas.kotabaru@bps.go.id", office=Office.objects.get(code="6302"))


@pytest.fixture
def stranger(db):
    """Another visitor."""
    return ProfiledVisitorFactory(email="budi@contoh.id", full_name="Budi Santoso")


def message_events(request):
    return list(RequestEvent.objects.filter(request=request, action="message").order_by("created_at", "pk"))


def staff_post(client, user, request, data, **extra):
    client.force_login(user)
    return client.post(f"/petugas/permintaan/{request.code}/pesan/", data, **extra)


def visitor_post(client, user, request, data, **extra):
    client.force_login(user)
    return client.post(f"/permintaan/{request.code}/pesan/", data, **extra)


# Search first, then ask


def test_a_visitor_searches_the_knowledge_base_before_asking_an_officer(client, citra, officer):
    load_articles()
    client.force_login(citra)
    with time_machine.travel(wita("2026-11-23T10:00"), tick=False):  # Monday
        first = client.get(NEW)
        assert first.status_code == 200
        html = first.content.decode()
        assert "Mungkin jawabannya sudah ada" in html and 'name="q"' in html
        assert 'name="submission_token"' not in html and 'name="purpose"' not in html
        assert "Tanyakan kepada petugas" not in html  # only after a search

        found = client.get(NEW, {"q": "kemiskinan"}).content.decode()
        assert 'href="/layanan/pengetahuan/cara-bps-mengukur-kemiskinan/"' in found
        assert "Cara BPS Mengukur Kemiskinan" in found
        assert 'href="?tanya=1&amp;q=kemiskinan">Tanyakan kepada petugas</a>' in found
        assert 'name="submission_token"' not in found

        ask = client.get(NEW + "?tanya=1&q=kemiskinan")
        assert ask.status_code == 200
        form = ask.content.decode()
        assert re.search(r'<textarea[^>]*name="purpose"[^>]*>\s*kemiskinan\s*</textarea>', form)
        assert re.search(r'name="searched_for" value="kemiskinan"', form)
        token = re.search(r'name="submission_token" value="([^"]+)"', form).group(1)
        confirms = re.findall(r'name="(confirm_\d+)"', form)
        assert len(confirms) == 3

        question = "Bagaimana BPS menghitung garis kemiskinan kabupaten di Kalimantan Utara?"
        response = client.post(NEW + "?tanya=1&q=kemiskinan", {
            "submission_token": token, "searched_for": "kemiskinan", "topic": "method", "purpose": question,
            **{name: "on" for name in confirms}})
        assert response.status_code == 302, response.content.decode()[:3000]
        draft = Request.objects.get(visitor=citra)
        assert response["Location"] == f"/permintaan/{draft.code}/periksa/"
        assert draft.status == Status.DRAFT and draft.purpose == question

        submitted = client.post(response["Location"])
        assert submitted["Location"] == f"/permintaan/{draft.code}/terkirim/"

    draft.refresh_from_db()
    assert (draft.status, draft.service_kind.slug, draft.office.code, draft.channel) == (
        Status.SUBMITTED, "konsultasi", "6500", "online")
    details = Consultation.objects.get(request=draft)
    assert (details.topic, details.searched_for) == ("method", "kemiskinan")
    assert draft.submitted_at == wita("2026-11-23T10:00")
    assert draft.working_days_allowed == 3
    # Tue 24, Wed 25, Thu 26 November, at closing time in WITA.
    assert draft.due_at == wita("2026-11-26T15:30")
    assert draft.due_at == datetime.datetime(2026, 11, 26, 7, 30, tzinfo=UTC)


def test_a_consultation_form_without_tanya_is_the_search_step_even_with_a_query(client, citra, catalogue):
    client.force_login(citra)
    html = client.get(NEW, {"q": "zzqxv"}).content.decode()
    assert "Belum ada artikel yang cocok dengan pencarian ini." in html
    assert 'href="?tanya=1&amp;q=zzqxv">Tanyakan kepada petugas</a>' in html
    assert 'name="purpose"' not in html


# The conversation


def test_the_officers_first_message_starts_processing_and_both_pages_show_the_conversation(
    client, citra, officer
):
    request = file_request(citra, purpose="Berapa garis kemiskinan Kalimantan Utara Maret 2025?")
    assert request.status == Status.SUBMITTED and request.assigned_to is None

    first = "Apakah yang Anda perlukan angka provinsi atau kabupaten/kota?"
    response = staff_post(client, officer, request, {"body": first})
    assert response.status_code == 302
    assert response["Location"] == f"/petugas/permintaan/{request.code}/#percakapan"
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS and request.assigned_to == officer
    assert list(RequestEvent.objects.filter(request=request).order_by("created_at", "pk")
                .values_list("action", flat=True)) == ["submit", "process", "message"]

    reply = "Angka kabupaten/kota, untuk skripsi saya."
    response = visitor_post(client, citra, request, {"body": reply})
    assert response["Location"] == f"/permintaan/{request.code}/#percakapan"
    answer = "Tabelnya ada di publikasi Kalimantan Utara Dalam Angka, bab kemiskinan."
    staff_post(client, officer, request, {"body": answer})
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS
    assert [(e.actor, e.note) for e in message_events(request)] == [
        (officer, first), (citra, reply), (officer, answer)]

    client.force_login(citra)
    visitor_page = client.get(f"/permintaan/{request.code}/").content.decode()
    client.force_login(officer)
    staff_page = client.get(f"/petugas/permintaan/{request.code}/").content.decode()
    for page in (visitor_page, staff_page):
        assert 'id="percakapan"' in page and "Kirim pesan" in page
        messages = page[page.index('id="percakapan"'):]
        positions = [messages.find(text) for text in (first, reply, answer)]
        assert -1 not in positions and positions == sorted(positions)
    # The visitor's page says at the top that the officer waits for a reply, and until when.
    top = visitor_page[:visitor_page.index("request-summary")]
    assert "Petugas menunggu balasan Anda" in top and answer in top and 'href="#percakapan"' in top
    assert "Ditutup otomatis bila belum Anda balas sampai" in top
    assert "Petugas menunggu balasan Anda" not in staff_page
    # The visitor reads "Petugas"; the staff read the officer's name.
    assert "Dewi Petugas" in staff_page and "Dewi Petugas" not in visitor_page


def test_a_message_without_a_body_is_refused(client, citra, officer):
    request = file_request(citra)
    response = visitor_post(client, citra, request, {"body": "   "}, follow=True)
    assert "Tuliskan pesan Anda." in response.content.decode()
    assert message_events(request) == []


def test_attachments_are_stored_and_only_the_two_sides_may_download_them(
    client, citra, officer, stranger, outsider
):
    request = file_request(citra)
    visitor_post(client, citra, request, {"body": "Kuesioner terlampir.", "files": [pdf("kuesioner.pdf")]})
    staff_post(client, officer, request, {"body": "Formulir terlampir.", "files": [docx("formulir.docx")]})
    by_visitor, by_officer = message_events(request)
    (questionnaire,) = by_visitor.documents.all()
    (form,) = by_officer.documents.all()
    assert (questionnaire.original_name, questionnaire.uploaded_by, questionnaire.size) == (
        "kuesioner.pdf", citra, len(PDF_BYTES))
    assert (form.original_name, form.uploaded_by) == ("formulir.docx", officer)
    with questionnaire.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES

    for user in (citra, officer):
        client.force_login(user)
        page = client.get(f"/permintaan/{request.code}/percakapan/").content.decode()
        assert questionnaire.get_download_url() in page and form.get_download_url() in page
        response = client.get(questionnaire.get_download_url())
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert 'filename="kuesioner.pdf"' in response["Content-Disposition"]
        assert client.get(form.get_download_url()).status_code == 200
    for user in (stranger, outsider):
        client.force_login(user)
        assert client.get(questionnaire.get_download_url()).status_code == 404
        assert client.get(form.get_download_url()).status_code == 404
    client.logout()
    assert client.get(questionnaire.get_download_url()).status_code == 302  # to sign in


def test_another_visitor_and_another_offices_officer_get_404_on_the_conversation(
    client, citra, officer, stranger, outsider
):
    request = file_request(citra)
    visitor_post(client, citra, request, {"body": "Pertanyaan pertama saya."})
    for user in (stranger, outsider):
        client.force_login(user)
        assert client.get(f"/permintaan/{request.code}/percakapan/").status_code == 404
        assert client.post(f"/permintaan/{request.code}/pesan/", {"body": "Menyusup."}).status_code == 404
        assert client.post(f"/petugas/permintaan/{request.code}/pesan/",
                           {"body": "Menyusup."}).status_code == 404
        assert client.post(f"/permintaan/{request.code}/pesan/", {"body": "Menyusup."},
                           headers=HTMX).status_code == 404
    assert [e.note for e in message_events(request)] == ["Pertanyaan pertama saya."]
    # The two sides may read it.
    for user in (citra, officer):
        client.force_login(user)
        page = client.get(f"/permintaan/{request.code}/percakapan/")
        assert page.status_code == 200 and "Pertanyaan pertama saya." in page.content.decode()


def test_an_htmx_message_returns_the_message_list_with_a_trigger(client, citra, officer):
    request = file_request(citra)
    response = visitor_post(client, citra, request, {"body": "Apakah ada data per desa?"}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "messageSent"
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="conversation-messages"')
    assert "<html" not in html and "<form method=\"post\" action=\"/permintaan/" not in html
    assert "Apakah ada data per desa?" in html and "alert-danger" not in html
    assert [e.note for e in message_events(request)] == ["Apakah ada data per desa?"]

    staff = staff_post(client, officer, request, {"body": "Ada, sampai tingkat desa."}, headers=HTMX)
    assert staff["HX-Trigger"] == "messageSent"
    assert staff.content.decode().index("Apakah ada data per desa?") < staff.content.decode().index(
        "Ada, sampai tingkat desa.")


def test_a_message_that_starts_processing_reloads_the_page_and_one_that_does_not_keeps_it(
    client, citra, officer
):
    """The officer's first message changes the state, and with it the page's actions: htmx is told
    to reload. Later messages leave the request as it is, so the page's actions stay valid."""
    request = file_request(citra)
    first = staff_post(client, officer, request, {"body": "Saya tangani."}, headers=HTMX)
    assert first["HX-Refresh"] == "true"
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS
    page_version = request.version

    later = staff_post(client, officer, request, {"body": "Datanya ada di tabel IPM."}, headers=HTMX)
    assert "HX-Refresh" not in later
    visitor_post(client, citra, request, {"body": "Terima kasih."}, headers=HTMX)
    request.refresh_from_db()
    assert request.version == page_version  # messages do not make the officer's page stale
    client.force_login(officer)
    completed = client.post(f"/petugas/permintaan/{request.code}/tindakan/",
                            {"action": "complete", "version": page_version, "note": "Terjawab."})
    assert completed.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.COMPLETED


def test_the_public_knowledge_base_shows_every_offices_published_articles(client, kaltara):
    load_articles()
    Article.objects.create(slug="ipm-kaltara", title="IPM kabupaten di Kalimantan Utara", topic="data",
                           body="Tabel IPM kabupaten dan kota Kalimantan Utara.", office=kaltara,
                           status=Article.Status.PUBLISHED)
    Article.objects.create(slug="draf-kaltara", title="Draf IPM Kaltara", topic="data",
                           body="IPM draf.", office=kaltara)
    page = client.get("/layanan/pengetahuan/?q=IPM+Kalimantan+Utara").content.decode()
    assert "IPM kabupaten di Kalimantan Utara" in page and "Draf IPM Kaltara" not in page
    listing = client.get("/layanan/pengetahuan/?topik=data").content.decode()
    assert "IPM kabupaten di Kalimantan Utara" in listing and "BPS Provinsi Kalimantan Utara" in listing


def test_an_invalid_htmx_message_returns_the_list_with_an_error_and_no_trigger(client, citra, officer):
    request = file_request(citra)
    visitor_post(client, citra, request, {"body": "Pesan pertama."})
    response = visitor_post(client, citra, request, {"body": ""}, headers=HTMX)
    assert response.status_code == 200
    assert "HX-Trigger" not in response
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="conversation-messages"')
    assert re.search(r'<div class="alert alert-danger" role="alert">\s*Tuliskan pesan Anda.\s*</div>', html)
    assert "Pesan pertama." in html
    assert len(message_events(request)) == 1

    # A refused message (the consultation is completed) is an error too.
    workflow.perform(request, "process", officer)
    workflow.perform(request, "complete", officer, note="Sudah dijawab.")
    refused = visitor_post(client, citra, request, {"body": "Satu pertanyaan lagi."}, headers=HTMX)
    assert "HX-Trigger" not in refused
    assert "tidak dapat dilakukan karena status permintaan sekarang" in refused.content.decode()
    assert len(message_events(request)) == 1


def test_each_message_emails_only_the_other_side(client, citra, officer, colleague,
                                                 django_capture_on_commit_callbacks):
    request = file_request(citra)
    with django_capture_on_commit_callbacks(execute=True):
        staff_post(client, officer, request, {"body": "Untuk tahun berapa datanya?"})
    (to_visitor,) = mail.outbox
    assert to_visitor.to == ["citra@contoh.id"] and to_visitor.bcc == []
    assert to_visitor.subject.startswith(f"[PST BPS] {request.code}:")
    assert "Petugas membalas permintaan Anda." in to_visitor.body
    assert "Pesan:\nUntuk tahun berapa datanya?" in to_visitor.body  # a message, not a note

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visitor_post(client, citra, request, {"body": "Tahun 2024 dan 2025."})
    (to_officer,) = mail.outbox
    assert to_officer.to == [] and to_officer.bcc == ["petugas.kaltara@bps.go.id"]  # the assigned one only
    assert "Pengguna layanan mengirim pesan." in to_officer.body
    assert "Pesan:\nTahun 2024 dan 2025." in to_officer.body
    assert f"/petugas/permintaan/{request.code}/" in to_officer.body


def test_before_anyone_is_assigned_the_visitors_message_goes_to_the_offices_officers(
    client, citra, officer, colleague, django_capture_on_commit_callbacks
):
    request = file_request(citra)
    with django_capture_on_commit_callbacks(execute=True):
        visitor_post(client, citra, request, {"body": "Tambahan: untuk skripsi."})
    (to_staff,) = mail.outbox
    assert sorted(to_staff.bcc) == ["petugas.kaltara@bps.go.id", "petugas2.kaltara@bps.go.id"]
    assert to_staff.to == []


# Meetings


def propose(client, officer, request, **fields):
    data = {"kind": "video", "date": "2026-11-25", "time": "09:00", "duration_minutes": 45,
            "link": "https://meet.example.id/pst-6500", "place": "", "note": "Kita bahas lewat video.",
            **fields}
    client.force_login(officer)
    return client.post(f"/petugas/permintaan/{request.code}/pertemuan/", data)


def ics_of(message):
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert (filename, mimetype) == ("pertemuan.ics", "text/calendar")
    return content if isinstance(content, bytes) else content.encode()


def test_a_proposed_video_meeting_emails_the_visitor_a_utc_calendar_invitation(
    client, citra, officer, django_capture_on_commit_callbacks
):
    with time_machine.travel(wita("2026-11-23T10:00"), tick=False):
        request = file_request(citra)
        workflow.perform(request, "process", officer)
        with django_capture_on_commit_callbacks(execute=True):
            response = propose(client, officer, request)
        assert response.status_code == 302
        assert response["Location"] == f"/petugas/permintaan/{request.code}/#percakapan"

    meeting = Meeting.objects.get(request=request)
    # 09.00 WITA is 01.00 UTC.
    assert meeting.starts_at == datetime.datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    assert (meeting.kind, meeting.link, meeting.duration_minutes, meeting.answer, meeting.proposed_by) == (
        "video", "https://meet.example.id/pst-6500", 45, Meeting.Answer.PROPOSED, officer)
    (to_visitor,) = mail.outbox
    assert to_visitor.to == ["citra@contoh.id"]
    assert "Petugas mengusulkan pertemuan lanjutan." in to_visitor.body
    content = ics_of(to_visitor)
    text = content.decode()
    assert "DTSTART:20261125T010000Z" in text and "DTEND:20261125T014500Z" in text
    (item,) = Calendar.from_ical(content).walk("VEVENT")
    assert item.decoded("dtstart") == datetime.datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    assert item.decoded("dtend") == datetime.datetime(2026, 11, 25, 1, 45, tzinfo=UTC)
    assert str(item["uid"]) == f"{meeting.token}@pst.bps.go.id"
    assert str(item["location"]) == "https://meet.example.id/pst-6500"
    assert request.code in str(item["summary"])

    # The visitor's page shows the proposal in office time, with the answer buttons.
    client.force_login(citra)
    page = client.get(f"/permintaan/{request.code}/").content.decode()
    assert "Rabu, 25 November 2026 09.00 WITA" in page
    assert f"/permintaan/{request.code}/pertemuan/{meeting.token}/" in page


@pytest.mark.parametrize("fields, error", [
    ({"date": "2026-11-23", "time": "09:00"}, "Pilih waktu yang akan datang."),
    ({"date": "2026-11-20", "time": "11:00"}, "Pilih waktu yang akan datang."),
    ({"link": ""}, "Isi tautan pertemuan video."),
], ids=["earlier-today", "last-week", "video-without-link"])
def test_a_meeting_in_the_past_or_a_video_meeting_without_a_link_is_refused(
    client, citra, officer, django_capture_on_commit_callbacks, fields, error
):
    with time_machine.travel(wita("2026-11-23T10:00"), tick=False):
        request = file_request(citra)
        with django_capture_on_commit_callbacks(execute=True):
            response = propose(client, officer, request, **fields)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Meeting.objects.filter(request=request).exists()
    assert not RequestEvent.objects.filter(request=request, action="propose_meeting").exists()
    assert mail.outbox == []


def test_an_in_person_meeting_needs_no_link(client, citra, officer):
    with time_machine.travel(wita("2026-11-23T10:00"), tick=False):
        request = file_request(citra)
        response = propose(client, officer, request, kind="in_person", link="", place="Ruang PST lantai 1")
    assert response.status_code == 302
    meeting = Meeting.objects.get(request=request)
    assert (meeting.kind, meeting.place, meeting.link) == ("in_person", "Ruang PST lantai 1", "")


def test_no_meeting_is_proposed_on_a_completed_consultation(client, citra, officer):
    with time_machine.travel(wita("2026-11-23T10:00"), tick=False):
        request = file_request(citra)
        workflow.perform(request, "process", officer)
        workflow.perform(request, "complete", officer, note="Sudah dijawab.")
        response = propose(client, officer, request)
    assert response.status_code == 400
    assert not Meeting.objects.filter(request=request).exists()


def test_the_visitor_accepts_once_and_the_officer_gets_the_invitation(
    client, citra, officer, colleague, django_capture_on_commit_callbacks
):
    with time_machine.travel(wita("2026-11-23T10:00"), tick=False):
        request = file_request(citra)
        workflow.perform(request, "process", officer)
        propose(client, officer, request)
        meeting = Meeting.objects.get(request=request)
        url = f"/permintaan/{request.code}/pertemuan/{meeting.token}/"

        client.force_login(citra)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"jawaban": "terima"})
        assert response.status_code == 302
        assert response["Location"] == f"/permintaan/{request.code}/#percakapan"
        meeting.refresh_from_db()
        assert meeting.answer == Meeting.Answer.ACCEPTED
        assert meeting.answered_at == wita("2026-11-23T10:00")
        assert meeting.answer_event.action == "accept_meeting" and meeting.answer_event.actor == citra

        (to_officer,) = mail.outbox
        assert to_officer.bcc == ["petugas.kaltara@bps.go.id"]
        assert "Pengguna layanan menerima usulan pertemuan." in to_officer.body
        (item,) = Calendar.from_ical(ics_of(to_officer)).walk("VEVENT")
        assert item.decoded("dtstart") == datetime.datetime(2026, 11, 25, 1, 0, tzinfo=UTC)

        # The same answer sent twice (a double click) lands on it; the other answer is refused.
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            same = client.post(url, {"jawaban": "terima"}, follow=True)
            again = client.post(url, {"jawaban": "tolak"}, follow=True)
    assert "Pertemuan diterima." in same.content.decode()
    assert "sudah dijawab" not in same.content.decode()
    assert "Usulan pertemuan ini sudah dijawab atau tidak ada." in again.content.decode()
    meeting.refresh_from_db()
    assert meeting.answer == Meeting.Answer.ACCEPTED
    assert RequestEvent.objects.filter(request=request,
                                       action__in=("accept_meeting", "decline_meeting")).count() == 1
    assert mail.outbox == []


def test_the_visitor_declines_a_meeting(client, citra, officer, django_capture_on_commit_callbacks):
    with time_machine.travel(wita("2026-11-23T10:00"), tick=False):
        request = file_request(citra)
        workflow.perform(request, "process", officer)
        propose(client, officer, request)
        meeting = Meeting.objects.get(request=request)
        client.force_login(citra)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/permintaan/{request.code}/pertemuan/{meeting.token}/",
                                   {"jawaban": "tolak"}, follow=True)
    assert "Usulan pertemuan ditolak." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.answer == Meeting.Answer.DECLINED
    assert meeting.answer_event.action == "decline_meeting"
    (to_officer,) = mail.outbox
    assert to_officer.bcc == ["petugas.kaltara@bps.go.id"]
    assert "Pengguna layanan menolak usulan pertemuan." in to_officer.body
    assert to_officer.attachments == []


def test_only_the_requests_visitor_may_answer_its_meeting(client, citra, officer, stranger):
    with time_machine.travel(wita("2026-11-23T10:00"), tick=False):
        request = file_request(citra)
        propose(client, officer, request)
        meeting = Meeting.objects.get(request=request)
        client.force_login(stranger)
        response = client.post(f"/permintaan/{request.code}/pertemuan/{meeting.token}/",
                               {"jawaban": "terima"})
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.answer == Meeting.Answer.PROPOSED


# Closing


def test_an_officer_must_write_a_summary_to_complete_a_consultation(client, citra, officer):
    request = file_request(citra)
    staff_post(client, officer, request, {"body": "Datanya ada di tabel 4.1."})
    request.refresh_from_db()
    response = client.post(f"/petugas/permintaan/{request.code}/tindakan/",
                           {"action": "complete", "version": request.version, "note": "  "})
    assert response.status_code == 409
    assert "Tuliskan ringkasan jawaban sebelum menutup konsultasi." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS and request.closing_note == ""

    summary = "Garis kemiskinan kabupaten ada di tabel 4.1 publikasi Kalimantan Utara Dalam Angka."
    response = client.post(f"/petugas/permintaan/{request.code}/tindakan/",
                           {"action": "complete", "version": request.version, "note": summary})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.closing_note) == (Status.COMPLETED, summary)
    assert request.closed_at is not None


T0 = "2026-11-23T10:00"  # Monday: the officer's last message


def after(days, minutes=0):
    return wita(T0) + datetime.timedelta(days=days, minutes=minutes)


@pytest.fixture
def awaiting(citra, officer):
    """A consultation whose officer wrote last at T0 and waits for the visitor."""
    with time_machine.travel(wita("2026-11-23T09:00"), tick=False):
        request = file_request(citra)
    with time_machine.travel(wita(T0), tick=False):
        consultation.post_message(request, officer, "Mohon jelaskan untuk tahun berapa.")
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS
    assert request.consultation.awaiting_visitor_since == wita(T0)
    mail.outbox.clear()
    return request


def test_the_silence_job_warns_once_two_days_before_closing(awaiting, django_capture_on_commit_callbacks):
    # The warning is emailed by the notifier once its transaction commits (the test's never does).
    just_before = after(5, minutes=-1)
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(just_before, tick=False):
        assert tasks.warn_silent_consultations() == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(after(5), tick=False):
        assert tasks.warn_silent_consultations() == 1
        assert tasks.warn_silent_consultations() == 0
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(after(6), tick=False):
        assert tasks.warn_silent_consultations() == 0
    (warning,) = mail.outbox
    assert warning.to == ["citra@contoh.id"]
    assert "Petugas menunggu balasan Anda." in warning.body
    assert "ditutup otomatis pada 30 November 2026 10.00 WITA" in warning.body
    assert awaiting.code in warning.body
    awaiting.consultation.refresh_from_db()
    assert awaiting.consultation.silence_warning_sent_at == after(5)


def test_the_silence_job_closes_after_seven_days_once(awaiting):
    with time_machine.travel(after(6), tick=False):
        assert tasks.close_silent_consultations() == 0
    awaiting.refresh_from_db()
    assert awaiting.status == Status.IN_PROCESS
    with time_machine.travel(after(7), tick=False):
        assert tasks.close_silent_consultations() == 1
        assert tasks.close_silent_consultations() == 0
    with time_machine.travel(after(8), tick=False):
        assert tasks.close_silent_consultations() == 0
        assert tasks.warn_silent_consultations() == 0
    awaiting.refresh_from_db()
    assert awaiting.status == Status.CLOSED_INACTIVE
    assert awaiting.closed_at == after(7)
    (closing,) = RequestEvent.objects.filter(request=awaiting, action="close_inactive")
    assert closing.actor is None and closing.created_at == after(7)
    assert (closing.from_status, closing.to_status) == (Status.IN_PROCESS, Status.CLOSED_INACTIVE)


def test_a_visitors_message_resets_the_silence(awaiting, citra):
    with time_machine.travel(after(3), tick=False):
        consultation.post_message(awaiting, citra, "Untuk tahun 2024.")
    awaiting.consultation.refresh_from_db()
    assert awaiting.consultation.awaiting_visitor_since is None
    with time_machine.travel(after(5), tick=False):
        assert tasks.warn_silent_consultations() == 0
    with time_machine.travel(after(30), tick=False):
        assert tasks.close_silent_consultations() == 0
    awaiting.refresh_from_db()
    assert awaiting.status == Status.IN_PROCESS
    assert mail.outbox == []


def test_the_silence_counts_from_the_officers_last_message(awaiting, citra, officer):
    with time_machine.travel(after(3), tick=False):
        consultation.post_message(awaiting, citra, "Untuk tahun 2024.")
    with time_machine.travel(after(4), tick=False):
        consultation.post_message(awaiting, officer, "Per kabupaten atau per kecamatan?")
    with time_machine.travel(after(10), tick=False):
        assert tasks.close_silent_consultations() == 0
    with time_machine.travel(after(11), tick=False):
        assert tasks.close_silent_consultations() == 1
    awaiting.refresh_from_db()
    assert awaiting.status == Status.CLOSED_INACTIVE and awaiting.closed_at == after(11)


def test_a_meeting_proposal_left_unanswered_closes_as_the_warning_says(citra, officer,
                                                                       django_capture_on_commit_callbacks):
    """An officer's first step may be a meeting proposal rather than a message. The silence clock starts
    and the visitor is warned that the consultation closes on a date: it must then close on that date."""
    with time_machine.travel(wita(T0), tick=False):
        request = file_request(citra)
        consultation.propose_meeting(request, officer, kind="in_person", starts_at=after(2),
                                     duration_minutes=30, place="Ruang PST")
    request.consultation.refresh_from_db()
    assert request.consultation.awaiting_visitor_since == wita(T0)
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(after(5), tick=False):
        assert tasks.warn_silent_consultations() == 1
    (warning,) = mail.outbox
    assert "ditutup otomatis pada 30 November 2026 10.00 WITA" in warning.body
    with time_machine.travel(after(7), tick=False):
        assert tasks.close_silent_consultations() == 1
    request.refresh_from_db()
    assert request.status == Status.CLOSED_INACTIVE


@pytest.fixture
def closed_for_silence(awaiting):
    with time_machine.travel(after(7), tick=False):
        assert tasks.close_silent_consultations() == 1
    awaiting.refresh_from_db()
    assert awaiting.status == Status.CLOSED_INACTIVE
    return awaiting


@pytest.mark.parametrize("days_after_closing", [10, 30], ids=["10-days", "30-days"])
def test_a_visitors_reply_within_30_days_reopens_the_consultation(client, citra, closed_for_silence,
                                                                    days_after_closing):
    request = closed_for_silence
    old_due = request.due_at
    reply_at = after(7 + days_after_closing)
    with time_machine.travel(reply_at, tick=False):
        client.force_login(citra)  # signed in now: a session lasts less than a month
        page = client.get(f"/permintaan/{request.code}/").content.decode()
        assert "Membalas akan membuka kembali konsultasi ini." in page
        response = client.post(f"/permintaan/{request.code}/pesan/", {"body": "Maaf terlambat: tahun 2024."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS and request.closed_at is None
    assert request.clock_started_at == reply_at
    assert request.due_at != old_due and request.due_at > reply_at
    expected_due = {10: wita("2026-12-15T15:30"),  # from Thu 10 Dec: Fri 11, Mon 14, Tue 15
                    # from Wed 30 Dec: Thu 31, (New Year), Mon 4 Jan, (Isra' Mi'raj on Tue 5), Wed 6
                    30: wita("2027-01-06T15:30")}[days_after_closing]
    assert request.due_at == expected_due
    (reopen,) = RequestEvent.objects.filter(request=request, action="reopen")
    assert reopen.actor == citra and reopen.created_at == reply_at
    assert message_events(request)[-1].note == "Maaf terlambat: tahun 2024."
    request.consultation.refresh_from_db()
    assert request.consultation.awaiting_visitor_since is None


def test_a_visitors_reply_more_than_30_days_after_closing_is_refused(client, citra, closed_for_silence):
    request = closed_for_silence
    with time_machine.travel(after(7 + 30, minutes=1), tick=False):
        client.force_login(citra)
        page = client.get(f"/permintaan/{request.code}/").content.decode()
        assert "Membalas akan membuka kembali konsultasi ini." not in page
        response = client.post(f"/permintaan/{request.code}/pesan/", {"body": "Masih bisa dibuka?"},
                               follow=True)
    assert "Konsultasi ini ditutup lebih dari 30 hari yang lalu." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.CLOSED_INACTIVE and request.closed_at == after(7)
    assert not RequestEvent.objects.filter(request=request, action="reopen").exists()
    assert [e.note for e in message_events(request)] == ["Mohon jelaskan untuk tahun berapa."]


# Walk-in consultations

WALK_IN = {
    "guest_name": "Rudi Hartono", "guest_contact": "rudi@contoh.id",
    "guest_institution": "Universitas Borneo Tarakan", "topic": "classification",
    "question": "Kode KBLI untuk usaha tambak udang?",
    "answer": "Tambak udang masuk KBLI golongan pembudidayaan biota air payau.", "duration_minutes": 20,
}


def test_an_officer_records_a_walk_in_consultation(client, officer):
    client.force_login(officer)
    form = client.get("/petugas/konsultasi-langsung/")
    assert form.status_code == 200 and 'name="guest_name"' in form.content.decode()
    response = client.post("/petugas/konsultasi-langsung/", WALK_IN)
    assert response.status_code == 302
    recorded = Request.objects.get(channel="walk_in")
    assert response["Location"] == f"/petugas/permintaan/{recorded.code}/"
    assert (recorded.status, recorded.office.code, recorded.service_kind.slug, recorded.visitor) == (
        Status.COMPLETED, "6500", "konsultasi", None)
    assert recorded.assigned_to == officer  # who answered it at the desk
    assert recorded.purpose == WALK_IN["question"] and recorded.closing_note == WALK_IN["answer"]
    assert recorded.closed_at is not None and recorded.code.startswith("6500-")
    details = recorded.consultation
    assert (details.guest_name, details.guest_contact, details.guest_institution, details.topic,
            details.duration_minutes) == ("Rudi Hartono", "rudi@contoh.id", "Universitas Borneo Tarakan",
                                          "classification", 20)
    (event,) = RequestEvent.objects.filter(request=recorded, action="record_walk_in")
    assert event.actor == officer and event.to_status == Status.COMPLETED

    closed = client.get("/petugas/", {"view": "closed"}).content.decode()
    assert f'data-code="{recorded.code}"' in closed
    assert f'data-code="{recorded.code}"' not in client.get("/petugas/").content.decode()
    assert WALK_IN["answer"] in client.get(response["Location"]).content.decode()


def test_a_walk_in_shows_the_guests_name_and_its_requirements_met_at_the_desk(client, officer):
    client.force_login(officer)
    client.post("/petugas/konsultasi-langsung/", WALK_IN)
    recorded = Request.objects.get(channel="walk_in")
    closed = client.get("/petugas/", {"view": "closed"}).content.decode()
    row = closed[closed.index(f'data-code="{recorded.code}"'):]
    row = row[:row.index("</tr>")]
    assert "Rudi Hartono" in row and "Universitas Borneo Tarakan" in row
    assert f'data-code="{recorded.code}"' in client.get(
        "/petugas/", {"view": "closed", "q": "rudi hart"}).content.decode()
    page = client.get(f"/petugas/permintaan/{recorded.code}/").content.decode()
    assert "Belum dinyatakan" not in page and "Dipenuhi di meja layanan" in page
    assert "buku tamu" in page
    assert recorded.missing_requirements() == []


def test_a_walk_in_with_missing_fields_is_not_recorded(client, officer):
    client.force_login(officer)
    response = client.post("/petugas/konsultasi-langsung/", {**WALK_IN, "guest_name": "", "answer": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Request.objects.filter(channel="walk_in").exists()


def test_visitors_heads_and_other_offices_cannot_record_a_walk_in(client, citra, kaltara, outsider):
    for user, status in ((citra, 403), (HeadFactory(office=kaltara), 403), (outsider, 404)):
        client.force_login(user)
        assert client.get("/petugas/konsultasi-langsung/").status_code == status
        assert client.post("/petugas/konsultasi-langsung/", WALK_IN).status_code == status
    assert not Request.objects.filter(channel="walk_in").exists()
    # Nor can another office's officer record one for 6500's standard.
    with pytest.raises(workflow.ActionRefused):
        consultation.record_walk_in(
            outsider, standard("6500", "konsultasi"), guest_name="Rudi", guest_contact="",
            guest_institution="", topic="data", question="Data?", answer="Ada.", duration_minutes=5)
    assert not Request.objects.filter(channel="walk_in").exists()
    assert not Consultation.objects.exists()


# From an answer to an article

QUESTION = ("Nama saya Citra Lestari, email citra.lestari@gmail.com, HP +6281234567890. "
            "Berapa jumlah nelayan di Kabupaten Bulungan tahun 2025?")
ANSWER = "Jumlah nelayan Kabupaten Bulungan tahun 2025 ada di publikasi Kabupaten Bulungan Dalam Angka."
SUMMARY = "Data nelayan Bulungan: bab perikanan tangkap, tabel menurut kecamatan."


@pytest.fixture
def answered(client, citra, officer):
    request = file_request(citra, purpose=QUESTION)
    consultation.post_message(request, officer, ANSWER)
    consultation.post_message(request, citra, "Terima kasih banyak, saya Citra dari Tarakan.")
    workflow.perform(request, "complete", officer, note=SUMMARY)
    request.refresh_from_db()
    assert request.status == Status.COMPLETED
    return request


def test_an_officer_turns_an_answer_into_a_draft_article_without_the_visitors_identity(
    client, answered, officer, kaltara
):
    client.force_login(officer)
    response = client.post(f"/petugas/permintaan/{answered.code}/jadikan-artikel/")
    article = Article.objects.get(source_request=answered)
    assert response.status_code == 302
    assert response["Location"] == f"/petugas/artikel/{article.pk}/"
    assert (article.status, article.office, article.author) == (Article.Status.DRAFT, kaltara, officer)
    assert ANSWER in article.body and SUMMARY in article.body
    assert "Berapa jumlah nelayan di Kabupaten Bulungan tahun 2025?" in article.body
    text = f"{article.title}\n{article.body}".lower()
    for identity in ("citra", "lestari", "citra.lestari@gmail.com", "gmail", "6281234567890", "+62812",
                     "citra@contoh.id"):
        assert identity not in text
    assert "[nama]" in article.body and "[email]" in article.body and "[nomor]" in article.body
    assert "terima kasih" not in text  # the visitor's own messages are no answer
    assert knowledge.search("nelayan bulungan", office=kaltara) == []  # a draft is not found


def test_the_officer_edits_and_publishes_the_article_and_search_then_finds_it(
    client, answered, officer, outsider, kaltara
):
    client.force_login(officer)
    client.post(f"/petugas/permintaan/{answered.code}/jadikan-artikel/")
    article = Article.objects.get(source_request=answered)
    url = f"/petugas/artikel/{article.pk}/"
    edit = client.get(url)
    assert edit.status_code == 200 and "Ubah artikel" in edit.content.decode()

    # Another office's officer sees nothing of it and cannot change it.
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    changed = {"title": "Diubah", "topic": "data", "body": "x", "publish": "on"}
    assert client.post(url, changed).status_code == 404
    assert client.post(f"/petugas/permintaan/{answered.code}/jadikan-artikel/").status_code == 404
    assert Article.objects.filter(source_request=answered).count() == 1

    client.force_login(officer)
    title = "Jumlah nelayan di Kabupaten Bulungan"
    response = client.post(url, {"title": title, "summary": "Di mana mencari data nelayan Bulungan.",
                                 "topic": "data", "tags": "nelayan, perikanan", "body": article.body,
                                 "publish": "on"})
    assert response.status_code == 302 and response["Location"] == url
    article.refresh_from_db()
    assert (article.status, article.title, article.slug) == (Article.Status.PUBLISHED, title,
                                                             article.slug)
    assert article.published_at is not None
    hits = knowledge.search("nelayan bulungan", office=kaltara)
    assert [hit.article.pk for hit in hits] == [article.pk]
    assert knowledge.search("nelayan bulungan", office=outsider.office) == []
    client.logout()
    public = client.get(article.get_absolute_url())
    assert public.status_code == 200 and title in public.content.decode()


def test_an_article_from_a_walk_in_leaves_out_the_guests_name_and_contact(client, officer):
    client.force_login(officer)
    client.post("/petugas/konsultasi-langsung/", {
        **WALK_IN, "question": "Rudi Hartono (rudi@contoh.id) bertanya kode KBLI untuk tambak udang."})
    recorded = Request.objects.get(channel="walk_in")
    client.post(f"/petugas/permintaan/{recorded.code}/jadikan-artikel/")
    article = Article.objects.get(source_request=recorded)
    assert (article.status, article.topic) == (Article.Status.DRAFT, "classification")
    assert WALK_IN["answer"] in article.body
    text = f"{article.title}\n{article.body}".lower()
    assert "rudi" not in text and "hartono" not in text and "rudi@contoh.id" not in text
    assert "bertanya kode kbli untuk tambak udang" in text


def test_an_article_keeps_the_figures_of_the_answer(client, citra, officer):
    """Anonymising removes phone and identity numbers, not the statistics the officer answered with."""
    answer = ("Garis kemiskinan Kalimantan Utara Maret 2025 adalah Rp 1.023.456 per kapita per bulan; "
              "seri 2020-2025 ada di tabel 4.1.")
    request = file_request(citra, purpose="Berapa garis kemiskinan Kalimantan Utara? HP saya 0812-5555-7788.")
    consultation.post_message(request, officer, answer)
    workflow.perform(request, "complete", officer, note="Dijawab dengan angka garis kemiskinan.")
    client.force_login(officer)
    client.post(f"/petugas/permintaan/{request.code}/jadikan-artikel/")
    article = Article.objects.get(source_request=request)
    assert "0812-5555-7788" not in article.body and "5555" not in article.body  # the phone is gone
    assert answer in article.body  # the figures are not


def test_the_conversation_runs_a_fixed_number_of_queries_whatever_its_length(client, citra, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = file_request(citra)

    def queries_for_conversation():
        client.force_login(citra)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/permintaan/{request.code}/percakapan/").status_code == 200
        return len(captured)

    consultation.post_message(request, officer, "Pesan pertama.", [(pdf("a.pdf"), "application/pdf", ".pdf")])
    short = queries_for_conversation()
    for n in range(5):
        attachment = (pdf(f"b{n}.pdf"), "application/pdf", ".pdf")
        consultation.post_message(request, citra, f"Balasan {n}.", [attachment])
    assert queries_for_conversation() == short


def test_the_officer_is_offered_each_step_with_what_it_does(client, citra, officer):
    request = file_request(citra)
    client.force_login(officer)
    page = client.get(f"/petugas/permintaan/{request.code}/").content.decode()
    actions = page[page.index('class="list-unstyled mb-0 staff-action-list"'):]
    actions = actions[:actions.index("</ul>")]
    assert 'value="process"' in actions and "pesan pertama Anda di percakapan juga memulainya" in actions
    assert 'value="return"' in actions and "tenggat dijeda sampai perbaikan dikirim" in actions
    assert "Tugaskan permintaan ini kepada Anda sendiri." in page


def test_a_message_sent_twice_at_once_is_stored_once_and_the_same_text_later_again(client, citra, officer):
    """A double click (or a retried POST) of the same message: one message; the same words a minute
    later are a new message."""
    request = file_request(citra)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC), tick=False) as traveller:
        for _ in range(2):
            visitor_post(client, citra, request, {"body": "Apakah ada data per desa?"}, headers=HTMX)
        assert [e.note for e in message_events(request)] == ["Apakah ada data per desa?"]
        traveller.shift(datetime.timedelta(minutes=1))
        visitor_post(client, citra, request, {"body": "Apakah ada data per desa?"}, headers=HTMX)
    assert len(message_events(request)) == 2
