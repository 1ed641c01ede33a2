"""Small builders for request tests: files that are (or pretend to be) documents, and
requests filed straight through the workflow."""
import io
import uuid
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app import filing, workflow
from services.models import Standard

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def pdf(name="surat.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="formulir.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def standard(office_code, service_slug):
    return Standard.objects.in_force().get(office__code=office_code, service_kind__slug=service_slug)


def file_request(visitor, office_code="6500", service_slug="konsultasi", *, submit=True, now=None,
                 purpose="Data jumlah penduduk per kecamatan 2025 untuk skripsi."):
    """A request filed online with every statement confirmed (and submitted unless told not to).
    Only government agencies may file a recommendation: use AgencyVisitorFactory for "rekomendasi"."""
    if service_slug == "rekomendasi" and visitor.segment != "government":
        raise ValueError("A recommendation is filed by a government agency: use AgencyVisitorFactory.")
    chosen = standard(office_code, service_slug)
    section = filing.online_section(chosen)
    requirements = section.requirements_for(visitor.segment)
    draft = filing.save_draft(
        visitor=visitor, standard=chosen, token=uuid.uuid4(), purpose=purpose,
        confirmed_ids=[r.pk for r in requirements if r.evidence == "confirm"],
        files_by_requirement={}, supporting=[], language="id",
    )
    if submit:
        workflow.perform(draft, workflow.Action.SUBMIT, visitor, now=now)
    return draft


def require_upload(office_code="6500", service_slug="konsultasi"):
    """Make the first requirement of the standard's online section a document to upload (the seeds
    only have statements to confirm), so that a request filed by ``file_request`` is incomplete."""
    requirement = filing.online_section(standard(office_code, service_slug)).requirements.order_by(
        "order").first()
    requirement.evidence = "upload"
    requirement.save(update_fields=["evidence"])
    return requirement
