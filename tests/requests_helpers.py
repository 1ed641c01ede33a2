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


def file_request(
    visitor,
    office_code="6500",
    service_slug="konsultasi",
    *,
    submit=True,
    now=None,
    purpose="Data jumlah penduduk per kecamatan 2025 untuk skripsi.",
):
    """A request filed online with every statement confirmed (and submitted unless told not to).
    Only government agencies may file a recommendation: use AgencyVisitorFactory for "rekomendasi"."""
    if service_slug == "rekomendasi" and visitor.segment != "government":
        raise ValueError("A recommendation is filed by a government agency: use AgencyVisitorFactory.")
    if service_slug == "penjualan-produk":
        return file_order(visitor, office_code, submit=submit, now=now, abstract=purpose)
    chosen = standard(office_code, service_slug)
    section = filing.online_section(chosen)
    requirements = section.requirements_for(visitor.segment)
    draft = filing.save_draft(
        visitor=visitor,
        standard=chosen,
        token=uuid.uuid4(),
        purpose=purpose,
        confirmed_ids=[r.pk for r in requirements if r.evidence == "confirm"],
        files_by_requirement={},
        supporting=[],
        language="id",
    )
    if submit:
        workflow.perform(draft, workflow.Action.SUBMIT, visitor, now=now)
    return draft


def file_order(
    visitor,
    office_code="6202",
    *,
    submit=True,
    confirm_by=None,
    now=None,
    abstract="Data mikro untuk skripsi: pengeluaran per kapita menurut kecamatan, regresi atas "
    "pendidikan kepala rumah tangga.",
):
    """A product order of the office's first microdata set (full), its SPPD accepted and submitted
    unless told not to; confirmed by ``confirm_by`` (an officer) if given, which starts its clock."""
    from requests_app import orders
    from services.catalogue_loader import load_products
    from services.models import Product

    if not Product.objects.exists():
        load_products()
    request = orders.draft_order(visitor, standard(office_code, "penjualan-produk"))
    product = Product.objects.filter(office__code=office_code).order_by("kind").first()
    orders.add_line(request, product, [], product.format_list()[0])
    orders.save_details(request, visitor, abstract=abstract, medium="download")
    if submit:
        orders.accept_sppd_and_submit(
            request, visitor, name=visitor.get_full_name(), ip="203.0.113.1", now=now
        )
    if confirm_by is not None:
        orders.confirm_order(request, confirm_by, now=now)
    request.refresh_from_db()
    return request


def require_upload(office_code="6500", service_slug="konsultasi"):
    """Make the first requirement of the standard's online section a document to upload (the seeds
    only have statements to confirm), so that a request filed by ``file_request`` is incomplete."""
    requirement = (
        filing.online_section(standard(office_code, service_slug)).requirements.order_by("order").first()
    )
    requirement.evidence = "upload"
    requirement.save(update_fields=["evidence"])
    return requirement
