"""A few demo requests for a development portal, so the queues of ``make run`` are not empty.
Filed through the same functions and workflow as real ones; created once."""

import datetime
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from weasyprint import HTML

from accounts.models import Role, User
from requests_app import filing, workflow
from requests_app.models import Request
from requests_app.uploads import check_upload
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import Standard
from services.consultation import conversation as consultation
from services.product_sales import orders
from services.product_sales.models import Product
from services.recommendation import recommendations
from services.recommendation.models import LetterTemplate

# Budi's order: a subset of Susenas variables, confirmed and billed, waiting for his payment proof.
DEMO_ORDER = (
    "budi@contoh.id",
    "6202",
    "susenas-maret-2024-kotim",
    ("R101", "R102", "R105", "KAPITA"),
    "Kajian pasar produk rumah tangga di Kotawaringin Timur: pengeluaran per kapita menurut "
    "kecamatan dipakai untuk memperkirakan daya beli dan menentukan lokasi gerai.",
)
DEMO_BILLING_CODE = "820261100000001"
# How many working days ago the demo consultation and order were filed: enough for an escalation (the
# consultation has 3) and a reminder to the buyer (after 3 waiting), whatever the date of make run.
DEMO_WORKING_DAYS_AGO = 5


def _working_days_ago(office, days, now=None):
    calendar = WorkingCalendar(office)
    day = timezone.localtime(now or timezone.now(), office.zone).date()
    while days:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=office.zone)

# (visitor email, office code, service slug, purpose, officer actions after submission)
DEMO_REQUESTS = [
    (
        "ani@contoh.id",
        "6500",
        "konsultasi",
        "Saya memerlukan data Indeks Pembangunan Manusia kabupaten/kota di Kalimantan Utara 2020–2025 "
        "untuk skripsi, beserta penjelasan metodenya.",
        [
            (
                workflow.Action.MESSAGE,
                "Terima kasih, Mbak Ani. IPM kabupaten/kota 2020–2025 tersedia di situs BPS Provinsi "
                "Kalimantan Utara, menu Tabel Statistik, subjek Indeks Pembangunan Manusia. Metodenya kami "
                "jelaskan di artikel basis pengetahuan tentang IPM. Apakah Anda juga memerlukan data per "
                "komponen?",
            )
        ],
    ),
    # The agency's recommendation is filed through its form: see _demo_recommendation.
]

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


@transaction.atomic
def create_demo_requests():
    created = []
    for email, office_code, slug, purpose, actions in DEMO_REQUESTS:
        visitor = User.objects.filter(email=email).first()
        standard = (
            Standard.objects.in_force().filter(office__code=office_code, service_kind__slug=slug).first()
        )
        if visitor is None or standard is None or Request.objects.filter(visitor=visitor).exists():
            continue
        section = filing.online_section(standard)
        requirements = section.requirements_for(visitor.segment)
        request = filing.save_draft(
            visitor=visitor,
            standard=standard,
            token=uuid.uuid4(),
            purpose=purpose,
            confirmed_ids=[r.pk for r in requirements],
            files_by_requirement={},
            supporting=[],
            language="id",
        )
        if slug == "konsultasi":
            filing.save_consultation_details(request, "data", "IPM kabupaten")
        # Filed 5 working days ago: its 3 are over, so beat's sweep escalates it on its own.
        workflow.perform(request, workflow.Action.SUBMIT, visitor,
                         now=_working_days_ago(standard.office, DEMO_WORKING_DAYS_AGO))
        officer = standard.office.staff.filter(role=Role.OFFICER, is_active=True).first()
        for action, note in actions:
            if action == workflow.Action.MESSAGE:
                consultation.post_message(request, officer, note)
            else:
                workflow.perform(request, action, officer, note=note)
        created.append(request)
    order = _demo_order()
    if order is not None:
        created.append(order)
    _demo_letter_templates()
    recommendation = _demo_recommendation()
    if recommendation is not None:
        created.append(recommendation)
    return created


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


def _demo_order():
    email, office_code, slug, names, abstract = DEMO_ORDER
    buyer = User.objects.filter(email=email).first()
    product = Product.objects.filter(office__code=office_code, slug=slug).first()
    standard = (
        Standard.objects.in_force()
        .filter(office__code=office_code, service_kind__slug=orders.SERVICE_SLUG)
        .first()
    )
    if buyer is None or product is None or standard is None or Request.objects.filter(visitor=buyer).exists():
        return None
    request = orders.draft_order(buyer, standard)
    orders.add_line(request, product, product.variables.filter(name__in=names), product.format_list()[0])
    orders.save_details(request, buyer, abstract=abstract, medium="download")
    # Billed 5 working days ago and still unpaid: beat reminds Budi on its own.
    filed = _working_days_ago(standard.office, DEMO_WORKING_DAYS_AGO)
    orders.accept_sppd_and_submit(request, buyer, ip="127.0.0.1", now=filed)
    officer = standard.office.staff.filter(role=Role.OFFICER, is_active=True).first()
    orders.confirm_order(request, officer, now=filed)
    orders.issue_billing(request, officer, code=DEMO_BILLING_CODE, now=filed,
                         expires_at=timezone.now() + datetime.timedelta(days=7))
    return request
