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


# ---------------------------------------------------------------- recommendations

FS3_ANSWERS = {
    "organiser": {
        "agency": "Pemerintah Kabupaten Kotabaru",
        "unit": "Dinas Kesehatan",
        "address": "Jl. Raya Stagen No. 1, Kotabaru",
        "phone": "0518 21000",
        "email": "dinkes@kotabarukab.go.id",
        "website": "",
    },
    "persons": {
        "admin_name": "Siti Aminah",
        "admin_position": "Sekretaris Dinas",
        "admin_phone": "081234567803",
        "admin_email": "siti@kotabarukab.go.id",
        "technical_name": "Rudi Hartono",
        "technical_position": "Kepala Seksi Data",
        "technical_phone": "081234567804",
        "technical_email": "rudi@kotabarukab.go.id",
        "technical_is_consultant": "",
        "consultant_firm": "",
    },
    "general": {
        "activity_title": "Survei Kepuasan Layanan Puskesmas Kabupaten Kotabaru 2027",
        "background": "Dinas Kesehatan perlu mengukur kepuasan pasien terhadap layanan puskesmas untuk "
        "perencanaan program peningkatan mutu layanan dasar.",
        "objectives": "Mengukur indeks kepuasan pasien di setiap puskesmas.",
        "funding_source": "apbd",
        "funding_note": "DPA Dinas Kesehatan 2027",
        "planning_start": "2027-01",
        "planning_end": "2027-02",
        "design_start": "",
        "design_end": "",
        "collection_start": "2027-03",
        "collection_end": "2027-04",
        "processing_start": "2027-05",
        "processing_end": "2027-05",
        "analysis_start": "",
        "analysis_end": "",
        "dissemination_start": "2027-07",
        "dissemination_end": "2027-07",
        "evaluation_start": "",
        "evaluation_end": "",
    },
    "variables": {
        "rows": [
            {
                "name": "Kepuasan umum",
                "concept": "Penilaian pasien atas layanan",
                "definition": "Skala 1–4",
                "reference": "PermenPANRB 14/2017",
            },
            {
                "name": "Waktu tunggu",
                "concept": "Lama menunggu layanan",
                "definition": "Menit sejak mendaftar",
                "reference": "",
            },
        ]
    },
    "design": {
        "frequency": "yearly",
        "survey_type": "cross_section",
        "coverage": "Seluruh puskesmas di Kabupaten Kotabaru",
        "method": "2",
        "collection_modes": ["capi"],
        "unit_of_observation": "Pasien rawat jalan",
    },
    "sample": {
        "stages": "2",
        "methods": ["pps", "systematic"],
        "stage_units": "Tahap 1: puskesmas, PPS; tahap 2: pasien, sistematik",
        "frame": "Daftar kunjungan pasien 2026",
        "sample_size": "1200",
        "fraction": "5%",
        "sampling_error": "RSE 5%",
    },
    "collection": {
        "pilot": "yes",
        "pilot_note": "Uji coba di 2 puskesmas",
        "quality_control": "Pengawas memeriksa 10% kuesioner",
        "non_response": "Pengganti dari daftar cadangan",
        "staff_training": "24 pencacah, 3 hari",
    },
    "processing": {
        "processing": "Validasi otomatis di aplikasi CAPI",
        "analysis": "Indeks kepuasan per puskesmas",
    },
    "dissemination": {
        "products": "Publikasi indeks kepuasan",
        "media": ["website", "satu_data"],
        "schedule": "2027-08",
        "access": "public",
    },
}


def fill_sections(request, answers, actor, *, documents=True):
    """Save every section of the request's form from ``answers`` (as the section pages would)."""
    from requests_app import recommendations
    from requests_app.recommendation_forms import AttachmentsForm

    recommendation = request.recommendation
    for section in recommendations.sections(recommendation):
        if section.form_class is AttachmentsForm:
            if documents:
                files = {"cover_letter": pdf("surat-pengantar.pdf"), "questionnaire": docx("kuesioner.docx")}
                form = AttachmentsForm(_QueryDictLike(), files, recommendation=recommendation)
                recommendations.save_section(request, section, form, actor)
            continue
        if section.key not in answers:
            continue
        form = section.form_class.bind(answers[section.key], recommendation=recommendation)
        assert recommendations.save_section(request, section, form, actor), (section.key, form.errors)
        recommendation.refresh_from_db()


class _QueryDictLike(dict):
    def getlist(self, key, default=None):
        return []


def file_recommendation(visitor, office_code="6302", *, submit=True, answers=None, now=None):
    """An FS3 filed online by a government agency: every section complete, both documents uploaded,
    every statement confirmed, and submitted unless told not to."""
    from requests_app import recommendations

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
    from services.models import LetterTemplate, Office

    template = LetterTemplate.for_office(Office.objects.get(code=office_code))
    template.head_name, template.head_nip = name, nip
    template.save()
    return template
