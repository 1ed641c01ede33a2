"""A few demo requests for a development portal, so the queues of ``make run`` are not empty.
Filed through the same functions and workflow as real ones; created once."""
import datetime
import uuid

from django.db import transaction

from accounts.models import Role, User
from services.models import Product, Standard

from . import consultation, filing, orders, workflow
from .models import Request

# Budi's order: a subset of Susenas variables, confirmed and billed, waiting for his payment proof.
DEMO_ORDER = ("budi@contoh.id", "6202", "susenas-maret-2024-kotim", ("R101", "R102", "R105", "KAPITA"),
              "Kajian pasar produk rumah tangga di Kotawaringin Timur: pengeluaran per kapita menurut "
              "kecamatan dipakai untuk memperkirakan daya beli dan menentukan lokasi gerai.")
DEMO_BILLING_CODE = "820261100000001"

# (visitor email, office code, service slug, purpose, officer actions after submission)
DEMO_REQUESTS = [
    ("ani@contoh.id", "6500", "konsultasi",
     "Saya memerlukan data Indeks Pembangunan Manusia kabupaten/kota di Kalimantan Utara 2020–2025 "
     "untuk skripsi, beserta penjelasan metodenya.",
     [(workflow.Action.MESSAGE,
       "Terima kasih, Mbak Ani. IPM kabupaten/kota 2020–2025 tersedia di situs BPS Provinsi Kalimantan "
       "Utara, menu Tabel Statistik, subjek Indeks Pembangunan Manusia. Metodenya kami jelaskan di "
       "artikel basis pengetahuan tentang IPM. Apakah Anda juga memerlukan data per komponen?")]),
    ("dinas@contoh.id", "6302", "rekomendasi",
     "Rekomendasi kegiatan Survei Kepuasan Layanan Puskesmas Kabupaten Kotabaru 2027.",
     [(workflow.Action.PROCESS, "")]),
]


@transaction.atomic
def create_demo_requests():
    created = []
    for email, office_code, slug, purpose, actions in DEMO_REQUESTS:
        visitor = User.objects.filter(email=email).first()
        standard = Standard.objects.in_force().filter(office__code=office_code,
                                                      service_kind__slug=slug).first()
        if visitor is None or standard is None or Request.objects.filter(visitor=visitor).exists():
            continue
        section = filing.online_section(standard)
        requirements = section.requirements_for(visitor.segment)
        request = filing.save_draft(
            visitor=visitor, standard=standard, token=uuid.uuid4(), purpose=purpose,
            confirmed_ids=[r.pk for r in requirements], files_by_requirement={}, supporting=[],
            language="id",
        )
        if slug == "konsultasi":
            filing.save_consultation_details(request, "data", "IPM kabupaten")
        workflow.perform(request, workflow.Action.SUBMIT, visitor)
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
    return created


def _demo_order():
    email, office_code, slug, names, abstract = DEMO_ORDER
    buyer = User.objects.filter(email=email).first()
    product = Product.objects.filter(office__code=office_code, slug=slug).first()
    standard = Standard.objects.in_force().filter(office__code=office_code,
                                                  service_kind__slug=orders.SERVICE_SLUG).first()
    if buyer is None or product is None or standard is None or Request.objects.filter(visitor=buyer).exists():
        return None
    request = orders.draft_order(buyer, standard)
    orders.add_line(request, product, product.variables.filter(name__in=names), product.format_list()[0])
    orders.save_details(request, buyer, abstract=abstract, medium="download")
    orders.accept_sppd_and_submit(request, buyer, name=buyer.full_name, ip="127.0.0.1")
    officer = standard.office.staff.filter(role=Role.OFFICER, is_active=True).first()
    orders.confirm_order(request, officer)
    orders.issue_billing(request, officer, code=DEMO_BILLING_CODE,
                         expires_at=request.submitted_at + datetime.timedelta(days=7))
    return request
