"""The demo agency's FS3 at 6302, submitted and waiting for review, and the demo heads' letter
templates (``make run``)."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from weasyprint import HTML

from accounts.models import Role, User
from requests_app.models import Request
from requests_app.uploads import check_upload
from services.catalogue.models import Standard
from services.recommendation import recommendations
from services.recommendation.models import LetterTemplate

# The demo agency's FS3 (Dinas Kesehatan Kotabaru), submitted and waiting for the officer's review.
DEMO_FS3_ANSWERS = {
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
DEMO_AGENCY = "dinas@contoh.id"
# A made-up NIP in the right shape (born 1 Jan 1975, appointed Mar 2000, male, serial 001): demo only.
DEMO_HEAD_NIP = "197501012000031001"


def _demo_letter_templates():
    """The demo offices' letters are signed by their demo heads (blank fields only)."""
    for head in User.objects.filter(
        role=Role.HEAD, office__standards__service_kind__slug="rekomendasi", is_active=True
    ).distinct():
        template = LetterTemplate.for_office(head.office)
        if not template.head_name:
            template.head_name, template.head_nip = head.full_name, DEMO_HEAD_NIP
            template.save(update_fields=["head_name", "head_nip", "updated_at"])


def _demo_document(name, title):
    content = HTML(string=f"<h1>{title}</h1><p>Dokumen contoh untuk portal demo.</p>").write_pdf()
    uploaded = SimpleUploadedFile(name, content, content_type="application/pdf")
    return (uploaded, *check_upload(uploaded))


def _demo_recommendation():
    agency = User.objects.filter(email=DEMO_AGENCY).first()
    standard = (
        Standard.objects.in_force().filter(office__code="6302", service_kind__slug="rekomendasi").first()
    )
    if agency is None or standard is None or Request.objects.filter(visitor=agency).exists():
        return None
    request = recommendations.start(agency, standard, "fs3", uuid.uuid4())
    recommendations.save_answers(request, DEMO_FS3_ANSWERS, agency)
    recommendations.attach_documents(
        request,
        agency,
        cover_letter=_demo_document("surat-pengantar.pdf", "Surat pengantar Dinas Kesehatan"),
        questionnaire=_demo_document("kuesioner.pdf", "Kuesioner Survei Kepuasan Layanan Puskesmas"),
    )
    request.refresh_from_db()
    recommendations.submit(request, agency, [r.pk for r in request.section.requirements_for(agency.segment)])
    return request




def create_demo_recommendations():
    _demo_letter_templates()
    recommendation = _demo_recommendation()
    return [recommendation] if recommendation is not None else []
