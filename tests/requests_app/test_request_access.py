"""Who may reach a request: its visitor, the staff of its office, and nobody else.

Every URL of a request is tried as the owner, another visitor, an officer of the
office, an officer of another office and an anonymous user. One may not see a
request is a 404 (a role-guarded page is a 403), and the page never carries the
request's data. /lacak/ shows anyone the status and due date, nothing more.
"""
import re
from urllib.parse import quote

import pytest
from django.utils import dateformat, timezone, translation

from requests_app import filing
from requests_app.models import Document, Request, RequestEvent, Status
from requests_app.uploads import check_upload
from services.catalogue.models import Office
from tests.factories import OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request, pdf, pdf_bytes

SECRET_PURPOSE = "Data kemiskinan Desa Sabanar Lama untuk penelitian rahasia Citra."
DOCUMENT_BYTES = pdf_bytes(b"% isi khusus surat pengantar Citra")


@pytest.fixture
def kaltara(catalogue):
    return Office.objects.get(code="6500")


@pytest.fixture
def citra(db):
    return ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra Lestari",
                                  institution="Universitas Borneo Tarakan")


@pytest.fixture
def dodi(db):
    return ProfiledVisitorFactory(email="dodi@contoh.id", full_name="Dodi Pratama")


@pytest.fixture
def officer_kaltara(kaltara):
    return OfficerFactory(email="petugas.kaltara@bps.go.id", full_name="Dewi Petugas", office=kaltara)


def attach(service_request, actor, upload):
    return filing.store_document(service_request, (upload, *check_upload(upload)), actor)


@pytest.fixture
def citras_request(citra, catalogue):
    """Citra's submitted consultation, with one document."""
    service_request = file_request(citra, purpose=SECRET_PURPOSE)
    attach(service_request, citra, pdf("surat-pengantar-citra.pdf", DOCUMENT_BYTES))
    service_request.refresh_from_db()
    return service_request


@pytest.fixture
def citras_draft(citra, catalogue):
    draft = file_request(citra, submit=False, purpose="Draf rahasia Citra tentang data nelayan Bunyu.")
    attach(draft, citra, pdf("lampiran-draf-citra.pdf"))
    return draft


def request_urls(service_request):
    """(method, url, data) for every URL under /permintaan/<code>/ and the staff pages."""
    code = service_request.code
    token = service_request.documents.get().token
    version = service_request.version
    return {
        "visitor": [
            ("get", f"/permintaan/{code}/", None),
            ("get", f"/permintaan/{code}/periksa/", None),
            ("post", f"/permintaan/{code}/periksa/", {}),
            ("get", f"/permintaan/{code}/terkirim/", None),
            ("post", f"/permintaan/{code}/tindakan/", {"action": "cancel", "version": version, "note": "x"}),
            ("post", f"/permintaan/{code}/dokumen/", {"files": [pdf("sisipan.pdf")], "note": "sisipan"}),
            ("get", f"/permintaan/{code}/buang/", None),
            ("post", f"/permintaan/{code}/buang/", {}),
        ],
        "document": [("get", f"/permintaan/{code}/dokumen/{token}/", None)],
        "staff": [
            ("get", f"/petugas/permintaan/{code}/", None),
            ("post", f"/petugas/permintaan/{code}/tindakan/", {"action": "claim", "version": version}),
            ("post", f"/petugas/permintaan/{code}/tindakan/",
             {"action": "note", "version": version, "note": "catatan penyusup"}),
            ("post", f"/petugas/permintaan/{code}/tugaskan/", {"version": version, "officer": "1"}),
        ],
    }


def call(client, method, url, data):
    if method == "get":
        return client.get(url)
    return client.post(url, data or {})


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def snapshot(service_request):
    service_request.refresh_from_db()
    return (service_request.status, service_request.version, service_request.assigned_to_id,
            service_request.purpose, Document.objects.filter(request=service_request).count(),
            RequestEvent.objects.filter(request=service_request).count())


def assert_no_trace_of(response, service_request, *secrets):
    content = body(response)
    assert DOCUMENT_BYTES not in content
    text = content.decode(errors="replace")
    # (the code itself is in the address the user typed, e.g. in the language switcher's "next")
    for secret in (service_request.purpose, service_request.visitor.full_name, service_request.visitor.email,
                   *secrets):
        assert secret not in text, f"{secret!r} leaked on {response.request['PATH_INFO']}"


# --- Another visitor -------------------------------------------------------------------------


def test_another_visitor_gets_404_on_every_url_of_a_request_and_sees_none_of_it(
    client, citras_request, dodi
):
    before = snapshot(citras_request)
    urls = request_urls(citras_request)
    client.force_login(dodi)
    for method, url, data in urls["visitor"] + urls["document"]:
        response = call(client, method, url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert_no_trace_of(response, citras_request, "surat-pengantar-citra.pdf",
                           "Universitas Borneo Tarakan")
    for method, url, data in urls["staff"]:
        response = call(client, method, url, data)
        assert response.status_code == 403, (method, url, response.status_code)
        assert_no_trace_of(response, citras_request, "surat-pengantar-citra.pdf")
    assert snapshot(citras_request) == before
    assert not Document.objects.filter(original_name="sisipan.pdf").exists()
    assert not Request.objects.filter(visitor=dodi).exists()


def test_another_visitor_cannot_reach_or_submit_a_draft(client, citras_draft, dodi):
    code = citras_draft.code
    token = citras_draft.documents.get().token
    client.force_login(dodi)
    for method, url in (
        ("get", f"/permintaan/{code}/periksa/"),
        ("post", f"/permintaan/{code}/periksa/"),
        ("get", f"/permintaan/{code}/"),
        ("get", f"/permintaan/{code}/terkirim/"),
        ("get", f"/permintaan/{code}/dokumen/{token}/"),
        ("get", f"/permintaan/baru/6500/konsultasi/?draf={code}"),
        ("post", f"/permintaan/baru/6500/konsultasi/?draf={code}"),
    ):
        response = call(client, method, url, {"purpose": "Dodi menimpa draf Citra dengan isian ini.",
                                               "submission_token": str(citras_draft.submission_token)})
        assert response.status_code == 404, (method, url, response.status_code)
        assert_no_trace_of(response, citras_draft, "lampiran-draf-citra.pdf")
    citras_draft.refresh_from_db()
    assert citras_draft.status == Status.DRAFT and citras_draft.submitted_at is None
    assert citras_draft.purpose == "Draf rahasia Citra tentang data nelayan Bunyu."
    assert not RequestEvent.objects.filter(request=citras_draft, action="submit").exists()


def test_another_visitors_submission_token_does_not_reach_the_draft(client, citras_draft, dodi):
    """Even with the secret token of Citra's draft, Dodi's form does not write into it (and
    does not crash)."""
    client.force_login(dodi)
    page = client.get("/permintaan/baru/6500/konsultasi/?tanya=1").content.decode()
    confirms = re.findall(r'name="(confirm_\d+)"', page)
    response = client.post("/permintaan/baru/6500/konsultasi/", {
        "submission_token": str(citras_draft.submission_token),
        "purpose": "Dodi menimpa draf Citra dengan isian ini.",
        **{name: "on" for name in confirms},
    })
    assert response.status_code in (302, 400, 404, 409), response.status_code
    citras_draft.refresh_from_db()
    assert citras_draft.purpose == "Draf rahasia Citra tentang data nelayan Bunyu."
    assert citras_draft.visitor_id != dodi.pk
    if response.status_code == 302:
        assert citras_draft.code not in response["Location"]


# --- The owner -------------------------------------------------------------------------------


def test_the_owner_reaches_each_page_of_their_request(client, citra, citras_request, citras_draft):
    code = citras_request.code
    document = citras_request.documents.get()
    client.force_login(citra)

    page = client.get(f"/permintaan/{code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert code in html and SECRET_PURPOSE in html and "surat-pengantar-citra.pdf" in html
    assert document.get_download_url() in html

    confirmation = client.get(f"/permintaan/{code}/terkirim/")
    assert confirmation.status_code == 200 and code in confirmation.content.decode()

    download = client.get(f"/permintaan/{code}/dokumen/{document.token}/")
    assert download.status_code == 200 and body(download) == DOCUMENT_BYTES

    check = client.get(f"/permintaan/{citras_draft.code}/periksa/")
    assert check.status_code == 200
    assert "Draf rahasia Citra" in check.content.decode()
    # A submitted request has no check page any more, and a draft no request page yet.
    assert client.get(f"/permintaan/{code}/periksa/")["Location"] == f"/permintaan/{code}/terkirim/"
    draft_page = client.get(f"/permintaan/{citras_draft.code}/")
    assert draft_page["Location"] == f"/permintaan/{citras_draft.code}/periksa/"


# --- Staff -----------------------------------------------------------------------------------


def test_an_officer_of_another_office_gets_404_on_the_request_its_actions_and_documents(
    client, citras_request, officer_banjarmasin, officer_kaltara
):
    before = snapshot(citras_request)
    urls = request_urls(citras_request)
    client.force_login(officer_banjarmasin)
    staff_urls = [(m, u, d) for m, u, d in urls["staff"]]
    # Assigning to an officer of the request's own office, from outside it, is refused too.
    staff_urls.append(("post", f"/petugas/permintaan/{citras_request.code}/tugaskan/",
                       {"version": citras_request.version, "officer": str(officer_kaltara.pk)}))
    for method, url, data in staff_urls + urls["document"]:
        response = call(client, method, url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert_no_trace_of(response, citras_request, "surat-pengantar-citra.pdf")
    # The visitor's pages are for visitors only.
    for method, url, data in urls["visitor"]:
        assert call(client, method, url, data).status_code == 403, (method, url)
    assert snapshot(citras_request) == before
    assert citras_request.code not in client.get("/petugas/").content.decode()


def test_an_officer_of_the_office_downloads_the_visitors_document_as_an_attachment(
    client, citras_request, officer_kaltara
):
    document = citras_request.documents.get()
    client.force_login(officer_kaltara)
    staff_page = client.get(f"/petugas/permintaan/{citras_request.code}/")
    assert staff_page.status_code == 200
    html = staff_page.content.decode()
    assert SECRET_PURPOSE in html and document.get_download_url() in html

    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="surat-pengantar-citra.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert body(response) == DOCUMENT_BYTES


def test_anonymous_users_are_sent_to_sign_in_from_every_url(client, citras_request):
    before = snapshot(citras_request)
    urls = request_urls(citras_request)
    for method, url, data in urls["visitor"] + urls["document"] + urls["staff"]:
        response = call(client, method, url, data)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response["Location"] == f"/akun/login/?next={quote(url, safe='/')}", response["Location"]
    assert snapshot(citras_request) == before


def test_a_document_token_of_another_request_gives_404_even_with_ones_own_code(
    client, citra, dodi, citras_request, officer_kaltara
):
    citras_token = citras_request.documents.get().token
    dodis_request = file_request(dodi)
    attach(dodis_request, dodi, pdf("punya-dodi.pdf"))
    citras_other = file_request(citra, purpose="Permintaan kedua Citra tentang data inflasi Tarakan.")

    client.force_login(dodi)
    response = client.get(f"/permintaan/{dodis_request.code}/dokumen/{citras_token}/")
    assert response.status_code == 404 and DOCUMENT_BYTES not in body(response)
    # The right token under its own code still works for its owner only.
    assert client.get(dodis_request.documents.get().get_download_url()).status_code == 200

    client.force_login(citra)
    assert client.get(f"/permintaan/{citras_other.code}/dokumen/{citras_token}/").status_code == 404

    client.force_login(officer_kaltara)  # both requests are of this officer's office
    assert client.get(f"/permintaan/{dodis_request.code}/dokumen/{citras_token}/").status_code == 404
    assert client.get(f"/permintaan/{citras_request.code}/dokumen/{citras_token}/").status_code == 200


def test_drafts_are_invisible_to_staff(client, citras_draft, officer_kaltara, kaltara):
    from tests.factories import HeadFactory

    head = HeadFactory(email="kepala.kaltara@bps.go.id", office=kaltara)
    code = citras_draft.code
    token = citras_draft.documents.get().token
    for person in (officer_kaltara, head):
        client.force_login(person)
        for method, url, data in (
            ("get", f"/petugas/permintaan/{code}/", None),
            ("post", f"/petugas/permintaan/{code}/tindakan/", {"action": "note", "version": 0, "note": "x"}),
            ("post", f"/petugas/permintaan/{code}/tugaskan/",
             {"version": 0, "officer": str(officer_kaltara.pk)}),
            ("get", f"/permintaan/{code}/dokumen/{token}/", None),
        ):
            response = call(client, method, url, data)
            assert response.status_code == 404, (person.role, method, url, response.status_code)
            assert_no_trace_of(response, citras_draft, "lampiran-draf-citra.pdf")
    client.force_login(officer_kaltara)
    queue = client.get("/petugas/?view=all")
    assert queue.status_code == 200 and code not in queue.content.decode()
    client.force_login(head)
    assert code not in client.get("/kepala/?view=all").content.decode()
    citras_draft.refresh_from_db()
    assert citras_draft.assigned_to_id is None
    assert not RequestEvent.objects.filter(request=citras_draft).exclude(action="create").exists()


def test_a_draft_cancelled_before_drafts_were_discarded_never_reached_the_office(
    client, citra, citras_draft, officer_kaltara, kaltara
):
    # Old rows: a draft cancelled by its visitor before drafts were discarded (cancelled, never submitted).
    from tests.factories import HeadFactory

    Request.objects.filter(pk=citras_draft.pk).update(status=Status.CANCELLED)
    code, token = citras_draft.code, citras_draft.documents.get().token
    tracked = client.get("/lacak/", {"kode": code})
    assert tracked.status_code == 404 and "found-heading" not in tracked.content.decode()
    head = HeadFactory(email="kepala.kaltara@bps.go.id", office=kaltara)
    for person in (officer_kaltara, head):
        client.force_login(person)
        for method, url, data in (
            ("get", f"/petugas/permintaan/{code}/", None),
            ("post", f"/petugas/permintaan/{code}/tindakan/", {"action": "note", "version": 0, "note": "x"}),
            ("get", f"/permintaan/{code}/dokumen/{token}/", None),
        ):
            response = call(client, method, url, data)
            assert response.status_code == 404, (person.role, method, url, response.status_code)
            assert_no_trace_of(response, citras_draft, "lampiran-draf-citra.pdf")
    client.force_login(citra)  # its visitor still sees it
    page = client.get(f"/permintaan/{code}/")
    assert page.status_code == 200 and "Draf rahasia Citra" in page.content.decode()
    assert client.get(f"/permintaan/{code}/dokumen/{token}/").status_code == 200


def test_internal_notes_never_appear_on_the_visitors_page(client, citra, citras_request, officer_kaltara,
                                                         kaltara):
    second = OfficerFactory(email="eko@bps.go.id", full_name="Eko Petugas Kedua", office=kaltara)
    client.force_login(officer_kaltara)
    note = "Catatan internal: pemohon pernah meminta data serupa tahun lalu."
    for data in ({"action": "claim"}, {"action": "note", "note": note}):
        citras_request.refresh_from_db()
        response = client.post(f"/petugas/permintaan/{citras_request.code}/tindakan/",
                               {"version": citras_request.version, **data})
        assert response.status_code == 302, response.content.decode()[:1000]
    citras_request.refresh_from_db()
    response = client.post(f"/petugas/permintaan/{citras_request.code}/tugaskan/",
                           {"version": citras_request.version, "officer": str(second.pk)})
    assert response.status_code == 302
    staff_page = client.get(f"/petugas/permintaan/{citras_request.code}/").content.decode()
    assert note in staff_page and "Eko Petugas Kedua" in staff_page and "Diambil petugas" in staff_page
    assert RequestEvent.objects.filter(request=citras_request, is_internal=True).count() == 3

    client.force_login(citra)
    for url in (f"/permintaan/{citras_request.code}/", f"/permintaan/{citras_request.code}/terkirim/"):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        for secret in (note, "pemohon pernah meminta", "Eko Petugas Kedua", "Diambil petugas",
                       "Ditugaskan kepada petugas", "timeline-internal"):
            assert secret not in html, (url, secret)
    assert "Permintaan diajukan" in client.get(f"/permintaan/{citras_request.code}/").content.decode()


# --- /lacak/ ---------------------------------------------------------------------------------


def expected_due_text(service_request):
    with translation.override("id"):
        local = timezone.localtime(service_request.due_at, service_request.office.zone)
        return dateformat.format(local, "j M Y H.i")


def test_tracking_shows_anyone_status_and_due_date_only(client, citras_request, dodi):
    assert citras_request.due_at is not None
    for who in (None, dodi):
        if who is not None:
            client.force_login(who)
        response = client.get("/lacak/", {"kode": citras_request.code})
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<h2 class="h4" id="found-heading">{citras_request.code}</h2>' in html
        assert "status-submitted" in html and "Diajukan" in html
        assert expected_due_text(citras_request) in html
        for secret in (SECRET_PURPOSE, "Citra Lestari", "citra@contoh.id", "Universitas Borneo Tarakan",
                       "surat-pengantar-citra.pdf", "/dokumen/", "Permintaan diajukan", "timeline"):
            assert secret not in html, secret


def test_tracking_accepts_lowercase_and_no_dashes(client, citras_request):
    code = citras_request.code
    for typed in (code.lower(), code.replace("-", ""), code.lower().replace("-", ""),
                  f"  {code.lower().replace('-', ' ')} "):
        response = client.get("/lacak/", {"kode": typed})
        assert response.status_code == 200, typed
        assert f'id="found-heading">{code}</h2>' in response.content.decode()


def test_tracking_an_unknown_code_or_a_draft_says_not_found(client, citras_draft):
    for code in ("6500-26-AAAAAA", citras_draft.code):
        response = client.get("/lacak/", {"kode": code})
        assert response.status_code == 404
        html = response.content.decode()
        assert "Tidak ada permintaan dengan kode ini" in html
        assert "found-heading" not in html and "Draf rahasia" not in html


def test_tracking_sends_the_signed_in_owner_to_the_full_page(client, citra, citras_request):
    client.force_login(citra)
    response = client.get("/lacak/", {"kode": citras_request.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/permintaan/{citras_request.code}/"


def test_tracking_allows_twenty_lookups_a_minute_from_one_address(client, citras_request):
    for number in range(20):
        response = client.get("/lacak/", {"kode": citras_request.code}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200, number
    refused = client.get("/lacak/", {"kode": citras_request.code}, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Terlalu banyak pencarian" in html and "found-heading" not in html
    # Unknown codes count too: enumeration is what the limit is for.
    assert client.get("/lacak/", {"kode": "6500-26-AAAAAA"}, REMOTE_ADDR="203.0.113.7").status_code == 429
    # Another address is not affected.
    assert client.get("/lacak/", {"kode": citras_request.code}, REMOTE_ADDR="198.51.100.2").status_code == 200
