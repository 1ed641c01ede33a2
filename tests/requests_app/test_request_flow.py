"""A request's whole life through the pages: file, check, submit, return, answer, process, complete."""
import re

import pytest
from django.core import mail

from requests_app.models import Document, Request, Status
from tests.factories import OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import docx, pdf


@pytest.fixture
def citra(db):
    return ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra Lestari")


@pytest.fixture
def officer_kaltara(catalogue):
    from services.catalogue.models import Office

    return OfficerFactory(email="petugas.kaltara@bps.go.id", full_name="Dewi Petugas",
                          office=Office.objects.get(code="6500"))


def _new_form(client, path="/permintaan/baru/6500/konsultasi/?tanya=1"):
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    confirms = re.findall(r'name="(confirm_\d+)"', html)
    return token, confirms, html


def test_a_visitor_files_a_request_and_an_officer_completes_it(
    client, citra, officer_kaltara, django_capture_on_commit_callbacks
):
    client.force_login(citra)
    token, confirms, html = _new_form(client)
    assert "Pengguna layanan memiliki alamat email yang masih aktif" in html
    data = {"submission_token": token, "purpose": "Data IPM Kalimantan Utara 2020-2025 untuk tesis.",
            "supporting": [pdf("proposal.pdf")], **{name: "on" for name in confirms}}
    response = client.post("/permintaan/baru/6500/konsultasi/", data)
    assert response.status_code == 302 and response["Location"].endswith("/periksa/")
    draft = Request.objects.get(visitor=citra)
    assert draft.status == Status.DRAFT and draft.documents.count() == 1
    check = client.get(response["Location"]).content.decode()
    assert "Data IPM Kalimantan Utara" in check and "proposal.pdf" in check

    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(response["Location"])
    assert submitted["Location"] == f"/permintaan/{draft.code}/terkirim/"
    confirmation = client.get(submitted["Location"]).content.decode()
    assert draft.code in confirmation
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.due_at is not None  # complete on submission
    recipients = {tuple(m.to or m.bcc) for m in mail.outbox}
    assert recipients == {("citra@contoh.id",), ("petugas.kaltara@bps.go.id",)}

    # A double submit of the check page changes nothing and lands on the same confirmation.
    again = client.post(f"/permintaan/{draft.code}/periksa/")
    assert again["Location"] == f"/permintaan/{draft.code}/terkirim/"
    assert Request.objects.filter(visitor=citra).count() == 1

    client.force_login(officer_kaltara)
    queue = client.get("/petugas/").content.decode()
    assert draft.code in queue and "Citra Lestari" in queue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/petugas/permintaan/{draft.code}/tindakan/",
                    {"action": "return", "version": draft.version,
                     "note": "Mohon lampirkan surat pengantar."})
    draft.refresh_from_db()
    assert draft.status == Status.RETURNED and draft.clock_paused_at is not None
    assert mail.outbox[0].to == ["citra@contoh.id"] and "surat pengantar" in mail.outbox[0].body

    client.force_login(citra)
    page = client.get(f"/permintaan/{draft.code}/").content.decode()
    assert "Mohon lampirkan surat pengantar." in page and "Kirim perbaikan" in page
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(f"/permintaan/{draft.code}/tindakan/", {
            "action": "resubmit", "version": draft.version, "note": "Surat pengantar terlampir.",
            "files": [docx("surat-pengantar.docx")]})
    assert answered.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.RESUBMITTED and draft.clock_paused_at is None
    assert Document.objects.filter(request=draft, original_name="surat-pengantar.docx").exists()

    client.force_login(officer_kaltara)
    summary = "IPM kabupaten/kota ada di tabel IPM menurut kabupaten/kota pada situs BPS Kaltara."
    for action, note in (("process", ""), ("complete", summary)):
        draft.refresh_from_db()
        response = client.post(f"/petugas/permintaan/{draft.code}/tindakan/",
                               {"action": action, "version": draft.version, "note": note})
        assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.status == Status.COMPLETED and draft.assigned_to == officer_kaltara

    client.force_login(citra)
    page = client.get(f"/permintaan/{draft.code}/").content.decode()
    for line in ("Permintaan diajukan", "Dikembalikan untuk perbaikan", "Perbaikan dikirim", "Mulai diproses",
                 "Selesai"):
        assert line in page


def test_only_government_agencies_may_file_a_recommendation(client, citra, catalogue):
    from tests.factories import AgencyVisitorFactory

    client.force_login(citra)
    response = client.get("/permintaan/baru/6302/rekomendasi/")
    assert response.status_code == 403
    assert "hanya untuk instansi pemerintah" in response.content.decode()
    client.force_login(AgencyVisitorFactory())
    assert client.get("/permintaan/baru/6302/rekomendasi/").status_code == 200


def test_a_walk_in_only_standard_offers_no_online_filing(client, citra, catalogue):
    client.force_login(citra)
    page = client.get("/layanan/6371/rekomendasi/").content.decode()
    assert "/permintaan/baru/" not in page and "hanya melalui kunjungan langsung" in page
    assert client.get("/permintaan/baru/6371/rekomendasi/").status_code == 404


def test_an_incomplete_profile_is_sent_to_the_profile_and_back(client, visitor_ani, catalogue):
    client.force_login(visitor_ani)
    response = client.get("/permintaan/baru/6500/konsultasi/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/profil/?next=%2Fpermintaan%2Fbaru%2F6500%2Fkonsultasi%2F"


def test_discarding_a_draft_asks_first_and_the_office_never_sees_it(
        client, citra, officer_kaltara, catalogue, mailoutbox, django_capture_on_commit_callbacks):
    from requests_app.models import Document, Request
    from tests.requests_app.test_request_access import attach
    from tests.requests_helpers import file_request, pdf

    draft = file_request(citra, submit=False)
    attach(draft, citra, pdf("lampiran.pdf"))
    stored = Document.objects.get(request=draft).file
    client.force_login(citra)
    assert draft.code in client.get("/permintaan/").content.decode()
    check_page = client.get(f"/permintaan/{draft.code}/periksa/").content.decode()
    assert f'href="/permintaan/{draft.code}/buang/"' in check_page  # a link to a question, not a button
    # The question: nothing is discarded by opening it.
    question = client.get(f"/permintaan/{draft.code}/buang/")
    assert "Buang draf ini?" in question.content.decode() and "Ya, buang draf" in question.content.decode()
    assert Request.objects.filter(pk=draft.pk).exists()
    # Cancelling is not a way around it: a draft is not cancelled into the office's lists.
    client.post(f"/permintaan/{draft.code}/tindakan/", {"action": "cancel", "version": draft.version})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/permintaan/{draft.code}/buang/")
    assert response.status_code == 302 and response["Location"] == "/permintaan/"
    assert not Request.objects.filter(pk=draft.pk).exists()
    assert not stored.storage.exists(stored.name)
    assert draft.code not in client.get("/permintaan/").content.decode()
    assert mailoutbox == []  # no "your request was cancelled" for a draft
    client.force_login(officer_kaltara)
    queue = client.get("/petugas/", {"view": "all"}).content.decode()
    assert draft.code not in queue
    assert 'data-status-count="cancelled">0<' in queue


def test_discarding_a_draft_twice_lands_on_my_requests_both_times(client, citra, catalogue):
    from tests.requests_helpers import file_request

    draft = file_request(citra, submit=False)
    someone_elses = file_request(ProfiledVisitorFactory(), submit=False)
    client.force_login(citra)
    url = f"/permintaan/{draft.code}/buang/"
    first = client.post(url, follow=True)
    again = client.post(url, follow=True)  # the button pressed twice, or the page sent again
    for response in (first, again):
        assert response.redirect_chain == [("/permintaan/", 302)]
        assert "Draf dibuang." in response.content.decode()
    assert not Request.objects.filter(pk=draft.pk).exists()
    assert client.get(url).status_code == 404  # the question is not asked about a draft that is gone
    # Only one's own discarded draft is answered so: another visitor's draft is a 404 and stays.
    assert client.post(f"/permintaan/{someone_elses.code}/buang/").status_code == 404
    assert Request.objects.filter(pk=someone_elses.pk, status=Status.DRAFT).exists()
    client.force_login(someone_elses.visitor)
    assert client.post(url).status_code == 404  # Citra's discarded draft is nothing of theirs


def test_each_form_on_a_request_page_has_its_own_ids(client, citra, officer_kaltara, catalogue):
    """Three forms on the visitor's page and several on the officer's: every label points at one field."""
    from requests_app import workflow
    from tests.requests_helpers import file_request

    request = file_request(citra)
    workflow.perform(request, workflow.Action.RETURN, officer_kaltara, note="Perjelas tahunnya.")
    pages = []
    client.force_login(citra)
    pages.append(client.get(f"/permintaan/{request.code}/").content.decode())
    client.force_login(officer_kaltara)
    pages.append(client.get(f"/petugas/permintaan/{request.code}/").content.decode())
    for page in pages:
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        for target in re.findall(r'<label[^>]*\sfor="([^"]+)"', page):
            assert target in ids


def test_a_returned_request_says_at_the_top_what_was_asked_and_its_email_gives_no_deadline(
    client, citra, officer_kaltara, django_capture_on_commit_callbacks
):
    from requests_app import workflow
    from tests.requests_helpers import file_request

    filed = file_request(citra)
    assert filed.due_at is not None  # complete on submission: the clock runs
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(filed, workflow.Action.RETURN, officer_kaltara,
                         note="Mohon sebutkan tahun data yang Anda perlukan.")
    (email,) = [m for m in mail.outbox if "citra@contoh.id" in m.to]
    filed.refresh_from_db()
    due = filed.due_at.astimezone(filed.office.zone).strftime("%Y")
    deadline_line = next(line for line in email.body.splitlines() if line.startswith("Tenggat"))
    assert due not in deadline_line  # no date while the clock is paused
    assert "dijeda, menunggu perbaikan dari Anda" in deadline_line
    assert f"sisa {filed.working_days_left_at_pause} hari kerja" in deadline_line

    client.force_login(citra)
    page = client.get(f"/permintaan/{filed.code}/").content.decode()
    top = page[page.index("<h1"):page.index("request-summary")]
    assert "Petugas meminta Anda memperbaiki permintaan ini" in top
    assert "Mohon sebutkan tahun data yang Anda perlukan." in top
    assert "Tidak ada tanggal batas untuk menjawab" in top and "dijeda" in top
    assert 'href="#answer-heading"' in top and 'id="answer-heading"' in page


def test_my_requests_shows_each_deadline_and_puts_what_waits_on_me_first(client, citra, officer_kaltara):
    import datetime

    from django.utils import timezone

    from requests_app import workflow
    from tests.requests_helpers import file_request

    now = timezone.now()
    on_track = file_request(citra)
    overdue = file_request(citra)
    Request.objects.filter(pk=overdue.pk).update(due_at=now - datetime.timedelta(days=2),
                                                 at_risk_from=now - datetime.timedelta(days=3))
    returned = file_request(citra)  # filed before the last one, but it waits on Citra
    workflow.perform(returned, workflow.Action.RETURN, officer_kaltara, note="Lengkapi tahunnya.")
    closed = file_request(citra)
    workflow.perform(closed, workflow.Action.CANCEL, citra)
    newest_draft = file_request(citra, submit=False)

    client.force_login(citra)
    page = client.get("/permintaan/").content.decode()
    codes = re.findall(r'<tr data-code="([^"]+)"', page)
    assert codes == [returned.code, newest_draft.code, overdue.code, on_track.code, closed.code]
    rows = dict(zip(codes, page.split('<tr data-code="')[1:], strict=True))
    assert "Menunggu tindakan Anda" in rows[returned.code] and "Dijeda" in rows[returned.code]
    returned.refresh_from_db()
    assert f"sisa {returned.working_days_left_at_pause} hari kerja saat dilanjutkan" in rows[returned.code]
    assert "Terlambat" in rows[overdue.code] and "lewat" in rows[overdue.code]
    assert "Sesuai jadwal" in rows[on_track.code] and "hari kerja lagi" in rows[on_track.code]
    assert "Menunggu tindakan Anda" not in rows[on_track.code]
    assert "belum dikirim" in rows[newest_draft.code]
