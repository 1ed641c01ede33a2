"""Uploads on the filing form: checked by content, extension and size; stored privately under a
generated name; replaced versions kept; double submits and half-valid forms lose nothing."""
import re
from pathlib import Path

import pytest
from django.conf import settings

from requests_app import filing
from requests_app.models import Document, Request, RequestEvent, Status
from services.catalogue.models import Office, Requirement
from tests.factories import OfficerFactory, ProfiledVisitorFactory
from tests.hostile_files import ACTIVE_PDFS, HTML, docx_bytes, xlsx_bytes, zip_bomb
from tests.requests_helpers import (
    EXE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    docx,
    file_request,
    pdf,
    pdf_bytes,
    standard,
)

NEW = "/permintaan/baru/6500/konsultasi/"
PURPOSE = "Data produksi perikanan tangkap Kabupaten Bulungan 2024 untuk skripsi."
BAD_TYPE = "bukan PDF, JPEG, PNG, DOCX atau XLSX yang sah (isi berkas diperiksa, bukan hanya namanya)."


@pytest.fixture
def citra(catalogue):
    return ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra Lestari")


@pytest.fixture
def signed_in(client, citra):
    client.force_login(citra)
    return client


@pytest.fixture
def letter_requirement(catalogue):
    """A requirement of the 6500 online consultation that is met by uploading a document."""
    section = filing.online_section(standard("6500", "konsultasi"))
    return Requirement.objects.create(section=section, order=99, evidence=Requirement.Evidence.UPLOAD,
                                      text="Surat pengantar dari perguruan tinggi")


def png(name="peta.png", content=PNG_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def form_fields(client, path=NEW + "?tanya=1"):
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    confirms = re.findall(r'name="(confirm_\d+)"', html)
    assert confirms, "the 6500 consultation has statements to confirm"
    return token, {name: "on" for name in confirms}, html


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()}


def field_block(html, name):
    """The HTML of one crispy field: from its wrapper to the next field's wrapper."""
    start = html.index(f'id="div_id_{name}"')
    following = html.find('id="div_id_', start + 1)
    return html[start:following if following != -1 else html.index("</form>", start)]


def test_an_executable_named_pdf_is_refused_next_to_the_field_and_nothing_is_stored(signed_in, citra):
    token, confirms, _html = form_fields(signed_in)
    before = stored_files()
    response = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE,
                                    "supporting": [pdf("laporan.pdf", EXE_BYTES)], **confirms})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Berkas laporan.pdf {BAD_TYPE}" in field_block(html, "supporting")
    assert 'class="alert alert-danger error-summary"' in html
    assert PURPOSE in field_block(html, "purpose")  # what was typed is still there
    assert f'name="submission_token" value="{token}"' in html
    assert not Request.objects.filter(visitor=citra).exists()
    assert not Document.objects.exists()
    assert stored_files() == before


def test_an_oversized_file_is_refused_with_the_size_message(signed_in, citra, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    token, confirms, _html = form_fields(signed_in)
    before = stored_files()
    big = pdf("lampiran-besar.pdf", PDF_BYTES + b"%" * 2048)
    response = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, "supporting": [big],
                                    **confirms})
    assert response.status_code == 200
    block = field_block(response.content.decode(), "supporting")
    # 2,093 bytes against a 1,024-byte limit, in the limit's unit and Indonesian number format; the
    # size rounded up, so that it never reads as the limit
    assert "Berkas lampiran-besar.pdf berukuran 2,1 KB; batasnya 1 KB." in block, block
    assert not Document.objects.exists() and stored_files() == before
    assert not Request.objects.filter(visitor=citra).exists()


def test_a_file_at_the_limit_passes(signed_in, citra, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    token, confirms, _html = form_fields(signed_in)
    exactly = pdf("pas.pdf", pdf_bytes(b"%" * (1024 - len(pdf_bytes(b"")))))
    response = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, "supporting": [exactly],
                                    **confirms})
    assert response.status_code == 302
    assert Document.objects.get().size == 1024


def test_png_and_docx_pass(signed_in, citra):
    token, confirms, _html = form_fields(signed_in)
    response = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, **confirms,
                                    "supporting": [png("peta-lokasi.png"), docx("formulir.docx")]})
    assert response.status_code == 302
    draft = Request.objects.get(visitor=citra)
    assert response["Location"] == f"/permintaan/{draft.code}/periksa/"
    documents = {d.original_name: d for d in draft.documents.all()}
    assert set(documents) == {"peta-lokasi.png", "formulir.docx"}
    assert (documents["peta-lokasi.png"].content_type, documents["peta-lokasi.png"].extension) == (
        "image/png", ".png")
    assert documents["formulir.docx"].content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert documents["formulir.docx"].extension == ".docx"
    assert documents["peta-lokasi.png"].file.read() == PNG_BYTES


@pytest.mark.parametrize("upload", [
    lambda: png("peta.pdf"),  # a real PNG, named as a PDF
    lambda: pdf("surat.png"),  # a real PDF, named as a PNG
    lambda: pdf("surat.exe", PDF_BYTES),  # a real PDF with a name we do not accept
    lambda: docx("formulir.pdf"),
])
def test_the_extension_must_match_the_content(signed_in, citra, upload):
    token, confirms, _html = form_fields(signed_in)
    uploaded = upload()
    response = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, "supporting": [uploaded],
                                    **confirms})
    assert response.status_code == 200
    assert f"Berkas {uploaded.name} {BAD_TYPE}" in field_block(response.content.decode(), "supporting")
    assert not Document.objects.exists()


def test_stored_files_live_under_media_root_with_a_generated_name_and_no_public_url(client, signed_in, citra):
    token, confirms, _html = form_fields(signed_in)
    content = pdf_bytes(b"% proposal Citra")
    signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE,
                         "supporting": [pdf("proposal penelitian.pdf", content)], **confirms})
    document = Document.objects.get()
    assert document.original_name == "proposal penelitian.pdf"
    assert re.fullmatch(r"requests/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name), document.file.name
    assert "proposal" not in document.file.name
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == content
    with pytest.raises(ValueError, match="no public URL"):
        _ = document.file.url
    # Neither the storage path nor a media URL serves it.
    assert client.get(f"/{document.file.name}").status_code == 404
    assert client.get(f"/media/{document.file.name}").status_code == 404
    page = signed_in.get(f"/permintaan/{document.request.code}/periksa/").content.decode()
    assert document.file.name not in page and document.get_download_url() in page


def test_replacing_the_upload_for_a_requirement_keeps_the_old_version(signed_in, citra, letter_requirement):
    field = f"file_{letter_requirement.pk}"
    token, confirms, html = form_fields(signed_in)
    assert f'name="{field}"' in html
    first = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, **confirms,
                                 field: pdf("pengantar-v1.pdf", pdf_bytes(b"% versi 1"))})
    assert first.status_code == 302
    draft = Request.objects.get(visitor=citra)
    assert draft.missing_requirements() == []

    again_path = f"{NEW}?draf={draft.code}"
    again = signed_in.get(again_path).content.decode()
    assert "Sudah diunggah. Unggah lagi hanya untuk menggantinya." in again
    second = signed_in.post(again_path, {"submission_token": token, "purpose": PURPOSE, **confirms,
                                         field: pdf("pengantar-v2.pdf", pdf_bytes(b"% versi 2"))})
    assert second.status_code == 302 and second["Location"] == f"/permintaan/{draft.code}/periksa/"

    old = Document.objects.get(original_name="pengantar-v1.pdf")
    new = Document.objects.get(original_name="pengantar-v2.pdf")
    assert (old.request_id, new.request_id) == (draft.pk, draft.pk)
    assert old.requirement == new.requirement == letter_requirement
    assert old.is_current is False and new.is_current is True
    assert old.replaced_by == new and new.replaces == old
    assert Path(old.file.path).read_bytes() == pdf_bytes(b"% versi 1")  # the old file is kept
    assert Path(new.file.path).read_bytes() == pdf_bytes(b"% versi 2")
    assert Request.objects.filter(visitor=citra).count() == 1

    check = signed_in.get(f"/permintaan/{draft.code}/periksa/").content.decode()
    assert "pengantar-v2.pdf" in check and "pengantar-v1.pdf" not in check
    signed_in.post(f"/permintaan/{draft.code}/periksa/")
    officer = OfficerFactory(office=Office.objects.get(code="6500"))
    signed_in.force_login(officer)
    staff = signed_in.get(f"/petugas/permintaan/{draft.code}/").content.decode()
    assert "pengantar-v1.pdf" in staff and "versi lama, sudah diganti" in staff
    download = signed_in.get(old.get_download_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf_bytes(b"% versi 1")


def test_a_double_submit_of_the_filing_form_creates_one_request(signed_in, citra):
    token, confirms, _html = form_fields(signed_in)
    data = {"submission_token": token, "purpose": PURPOSE, **confirms}
    first = signed_in.post(NEW, data)
    second = signed_in.post(NEW, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    draft = Request.objects.get(visitor=citra)
    assert str(draft.submission_token) == token
    assert first["Location"] == f"/permintaan/{draft.code}/periksa/"

    # Sent again once the request is submitted: the same request, shown as sent.
    signed_in.post(f"/permintaan/{draft.code}/periksa/")
    third = signed_in.post(NEW, data)
    assert third.status_code == 302 and third["Location"] == f"/permintaan/{draft.code}/terkirim/"
    assert Request.objects.filter(visitor=citra).count() == 1
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_posting_the_check_page_twice_creates_one_submission_event(
    signed_in, citra, django_capture_on_commit_callbacks
):
    from django.core import mail

    token, confirms, _html = form_fields(signed_in)
    signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, **confirms})
    draft = Request.objects.get(visitor=citra)
    check = f"/permintaan/{draft.code}/periksa/"
    with django_capture_on_commit_callbacks(execute=True):
        first = signed_in.post(check)
        second = signed_in.post(check)
    assert first["Location"] == second["Location"] == f"/permintaan/{draft.code}/terkirim/"
    assert RequestEvent.objects.filter(request=draft, action="submit").count() == 1
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.version == 1
    assert [m.to for m in mail.outbox if m.to] == [["citra@contoh.id"]]  # one confirmation email


def test_valid_files_sent_with_an_invalid_field_are_kept_on_the_draft(signed_in, citra):
    token, confirms, _html = form_fields(signed_in)
    response = signed_in.post(NEW, {"submission_token": token, "purpose": "", **confirms,
                                    "supporting": [pdf("proposal.pdf"), png("peta.png")]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tuliskan keperluan Anda." in field_block(html, "purpose")
    draft = Request.objects.get(visitor=citra)
    assert draft.status == Status.DRAFT and str(draft.submission_token) == token
    assert sorted(draft.documents.values_list("original_name", flat=True)) == ["peta.png", "proposal.pdf"]
    start = html.index("Dokumen yang sudah tersimpan pada draf ini:")
    listed = html[start:html.index("</form>", start)]
    assert "<li>proposal.pdf</li>" in listed and "<li>peta.png</li>" in listed

    # Corrected and sent again: the same draft, with its documents, goes on to the check page.
    again = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, **confirms})
    assert again.status_code == 302 and again["Location"] == f"/permintaan/{draft.code}/periksa/"
    assert Request.objects.filter(visitor=citra).count() == 1
    draft.refresh_from_db()
    assert draft.purpose == PURPOSE and draft.documents.count() == 2
    check = signed_in.get(again["Location"]).content.decode()
    assert "proposal.pdf" in check and "peta.png" in check


def test_a_valid_requirement_file_is_kept_when_another_file_is_refused(signed_in, citra, letter_requirement):
    token, confirms, _html = form_fields(signed_in)
    response = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, **confirms,
                                    f"file_{letter_requirement.pk}": pdf("pengantar.pdf"),
                                    "supporting": [pdf("virus.pdf", EXE_BYTES)]})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Berkas virus.pdf {BAD_TYPE}" in field_block(html, "supporting")
    draft = Request.objects.get(visitor=citra)
    assert list(draft.documents.values_list("original_name", "requirement_id")) == [
        ("pengantar.pdf", letter_requirement.pk)]
    assert "<li>pengantar.pdf</li>" in html and "virus.pdf</li>" not in html


HOSTILE = [  # (name, content or a function making it, why it is refused)
    ("skrip.pdf", ACTIVE_PDFS["javascript"][0], "PDF ini berisi JavaScript yang dapat berjalan saat dibuka."),
    ("jalankan.pdf", ACTIVE_PDFS["launch"][0], "PDF ini berisi perintah menjalankan program (/Launch)"),
    ("gabungan.pdf", PDF_BYTES + HTML, "ada data lain setelah akhir PDF-nya (berkas gabungan)."),
    ("peta.png", PNG_BYTES + HTML, "ada data lain setelah akhir PNG-nya (berkas gabungan)."),
    ("rekap.xlsx", zip_bomb,
     "bagian xl/worksheets/sheet1.xml dimampatkan lebih dari 100 kali (ciri bom zip)."),
    ("formulir.docx", docx_bytes(**{"word/setup.exe": EXE_BYTES}),
     "berisi program atau skrip (word/setup.exe) yang dapat berjalan saat dibuka."),
]


@pytest.mark.parametrize("name, content, reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_file_dangerous_to_open_is_refused_next_to_the_field_saying_why(signed_in, citra, name, content,
                                                                         reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    token, confirms, _html = form_fields(signed_in)
    before = stored_files()
    upload = SimpleUploadedFile(name, content() if callable(content) else content)
    response = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, **confirms,
                                    "supporting": [upload]})
    assert response.status_code == 200
    block = field_block(response.content.decode(), "supporting")
    assert f"Berkas {name} ditolak: " in block and reason in block, block
    assert not Document.objects.exists() and stored_files() == before


def test_ordinary_office_files_and_images_still_pass(signed_in, citra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.hostile_files import jpeg_bytes, real_png_bytes

    token, confirms, _html = form_fields(signed_in)
    files = [SimpleUploadedFile("foto.jpg", jpeg_bytes()), SimpleUploadedFile("peta.png", real_png_bytes()),
             SimpleUploadedFile("tabel.xlsx", xlsx_bytes()), SimpleUploadedFile("surat.docx", docx_bytes(
                 **{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_bytes()})), pdf("surat.pdf")]
    response = signed_in.post(NEW, {"submission_token": token, "purpose": PURPOSE, **confirms,
                                    "supporting": files})
    assert response.status_code == 302, field_block(response.content.decode(), "supporting")
    assert Document.objects.count() == 5


def test_documents_added_twice_at_once_are_stored_once(signed_in, citra):
    """The same documents sent twice in a row (a double click, a retried upload): one event, one file."""
    from django.urls import reverse

    request = file_request(citra)
    url = reverse("requests_app:add_documents", args=[request.code])
    for _ in range(2):
        signed_in.post(url, {"files": pdf("tambahan.pdf"), "note": "Surat tambahan"})
    events = RequestEvent.objects.filter(request=request, action="add_documents")
    assert [event.note for event in events] == ["Surat tambahan"]
    assert Document.objects.filter(request=request, event__action="add_documents").count() == 1
