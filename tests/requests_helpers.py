"""Small builders for request tests: files that are (or pretend to be) documents, and
requests filed straight through the workflow."""

import io
import uuid
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app import filing, workflow
from services.catalogue.models import Standard
from services.recommendation.demo import DEMO_FS3_ANSWERS

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_bytes(comment):
    """A PDF like ``PDF_BYTES`` carrying ``comment`` (bytes) before its end (nothing may follow %%EOF)."""
    return b"%PDF-1.7\n" + comment + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_chunk(kind, data):
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


# A whole 1x1 grey PNG: signature, IHDR, IDAT and IEND.
PNG_BYTES = (b"\x89PNG\r\n\x1a\n"
             + png_chunk(b"IHDR", b"\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00")
             + png_chunk(b"IDAT", zlib.compress(b"\x00\x80")) + png_chunk(b"IEND", b""))
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
    if service_slug == "rekomendasi":
        return file_recommendation(visitor, office_code, submit=submit, now=now)
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
    from services.catalogue.loader import load_products
    from services.product_sales import orders
    from services.product_sales.models import Product

    if not Product.objects.exists():
        load_products()
    request = orders.draft_order(visitor, standard(office_code, "penjualan-produk"))
    product = Product.objects.filter(office__code=office_code).order_by("kind").first()
    orders.add_line(request, product, [], product.format_list()[0])
    orders.save_details(request, visitor, abstract=abstract, medium="download")
    if submit:
        orders.accept_sppd_and_submit(
            request, visitor, ip="203.0.113.1", now=now
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


# ---------------------------------------------------------------- recommendations

FS3_ANSWERS = DEMO_FS3_ANSWERS


def fill_sections(request, answers, actor, *, documents=True):
    """Save every section of the request's form from ``answers`` (as the section pages would), and
    upload the cover letter and questionnaire unless told not to."""
    from requests_app.uploads import check_upload
    from services.recommendation import recommendations

    assert recommendations.save_answers(request, answers, actor) == []
    if documents:
        cover, questionnaire = pdf("surat-pengantar.pdf"), docx("kuesioner.docx")
        recommendations.attach_documents(request, actor, cover_letter=(cover, *check_upload(cover)),
                                         questionnaire=(questionnaire, *check_upload(questionnaire)))


def file_recommendation(visitor, office_code="6302", *, submit=True, answers=None, now=None):
    """An FS3 filed online by a government agency: every section complete, both documents uploaded,
    every statement confirmed, and submitted unless told not to."""
    from services.recommendation import recommendations

    chosen = standard(office_code, "rekomendasi")
    request = recommendations.start(visitor, chosen, "fs3", uuid.uuid4())
    fill_sections(request, answers or FS3_ANSWERS, visitor)
    request.refresh_from_db()
    if submit:
        requirements = request.section.requirements_for(visitor.segment)
        recommendations.submit(request, visitor, [r.pk for r in requirements], now=now)
        request.refresh_from_db()
    return request


def complete_letter_template(
    office_code="6302", name="Dr. Hendra Wijaya, S.ST., M.Si.", nip="197805122000121001"
):
    from services.catalogue.models import Office
    from services.recommendation.models import LetterTemplate

    template = LetterTemplate.for_office(Office.objects.get(code=office_code))
    template.head_name, template.head_nip = name, nip
    template.save()
    return template


FPKPA_ANSWERS = {
    "organiser": {
        "agency": "Pemerintah Kota Banjarmasin",
        "unit": "Dinas Penanaman Modal dan PTSP",
        "address": "Jl. RE Martadinata No. 1, Banjarmasin",
        "phone": "0511 3365000",
        "email": "dpmptsp@banjarmasinkota.go.id",
        "website": "https://dpmptsp.banjarmasinkota.go.id",
    },
    "persons": {
        "admin_name": "Hj. Nurul Hidayah",
        "admin_position": "Sekretaris Dinas",
        "admin_phone": "081234567805",
        "admin_email": "nurul@banjarmasinkota.go.id",
        "technical_name": "Ahmad Fauzi",
        "technical_position": "Pranata Komputer",
        "technical_phone": "081234567806",
        "technical_email": "fauzi@banjarmasinkota.go.id",
        "technical_is_consultant": "",
        "consultant_firm": "",
    },
    "general": {
        "activity_title": "Kompilasi Data Izin Usaha Kota Banjarmasin 2027",
        "objectives": "Menyediakan data izin usaha per kecamatan setiap triwulan.",
        "benefits": "Bahan perencanaan investasi dan pembinaan usaha mikro.",
        "start": "2027-01",
        "end": "2027-12",
        "frequency": "quarterly",
        "funding_source": "apbd",
    },
    "source": {
        "record_name": "Register izin usaha OSS daerah",
        "holder": "Bidang Pelayanan Perizinan",
        "legal_basis": "Peraturan Wali Kota tentang pelayanan perizinan berusaha",
        "recording": "Setiap izin dicatat saat terbit di aplikasi perizinan",
        "coverage": "Seluruh kecamatan di Kota Banjarmasin",
        "unit_of_record": "Izin usaha",
    },
    "variables": {
        "rows": [
            {
                "name": "Jenis izin",
                "concept": "Klasifikasi perizinan berusaha",
                "definition": "Menurut KBLI 2020",
                "reference": "PP 5/2021",
            },
        ]
    },
    "dissemination": {
        "products": "Tabel izin usaha per kecamatan",
        "media": ["website"],
        "schedule": "2028-02",
        "access": "public",
    },
}


def file_walk_in_recommendation(agency, officer, *, form="fs3", answers=None, record=True):
    """A recommendation recorded at the officer's desk for ``agency`` (every section complete) and,
    unless told not to, filed there (which starts its clock)."""
    from services.catalogue.models import Channel
    from services.recommendation import recommendations

    chosen = standard(officer.office.code, "rekomendasi")
    request = recommendations.start(agency, chosen, form, uuid.uuid4(), channel=Channel.WALK_IN)
    fill_sections(request, answers or (FS3_ANSWERS if form == "fs3" else FPKPA_ANSWERS), officer)
    request.refresh_from_db()
    if record:
        recommendations.record_at_desk(request, officer)
        request.refresh_from_db()
    return request


def desk_code_sent_to(email):
    """The one-time code the desk last emailed to ``email`` (what the visitor reads out)."""
    import re

    from django.core import mail

    sent = [m for m in mail.outbox if m.to == [email.lower()] and "Kode konfirmasi" in m.subject]
    assert sent, f"no desk code was sent to {email}"
    return re.search(r"\b\d{6}\b", sent[-1].body).group(0)


def desk_visitor(officer, *, email, **told):
    """The visitor's account reached (or made) at ``officer``'s desk, with the code sent to ``email``."""
    from accounts import desk

    desk.send_code(officer, email)
    return desk.find_or_create_visitor(officer=officer, email=email, code=desk_code_sent_to(email), **told)


def at_the_desk(client, url, data):
    """Post a desk form as the officer does: the first post sends the code to the address typed, the
    second carries the code the visitor read out. Returns the second response."""
    sent = client.post(url, data)
    assert sent.status_code == 200, sent.status_code
    return client.post(url, {**data, "code": desk_code_sent_to(data["email"])})


def desk_order_lines(*chosen):
    """The desk's walk-in order rows as its page posts them (the lines formset): (product, format) each
    ticked."""
    data = {"lines-TOTAL_FORMS": str(len(chosen)), "lines-INITIAL_FORMS": "0"}
    for index, (product, fmt) in enumerate(chosen):
        data.update({f"lines-{index}-product": str(product.pk), f"lines-{index}-chosen": "on",
                     f"lines-{index}-format": fmt})
    return data
