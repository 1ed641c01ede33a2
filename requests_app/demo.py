"""A few demo requests for a development portal, so the queues of ``make run`` are not empty.
Filed through the same functions and workflow as real ones; created once."""
import uuid

from django.db import transaction

from accounts.models import Role, User
from services.models import Standard

from . import consultation, filing, workflow
from .models import Request

# (visitor email, office code, service slug, purpose, officer actions after submission)
DEMO_REQUESTS = [
    ("ani@contoh.id", "6500", "konsultasi",
     "Saya memerlukan data Indeks Pembangunan Manusia kabupaten/kota di Kalimantan Utara 2020–2025 "
     "untuk skripsi, beserta penjelasan metodenya.",
     [(workflow.Action.MESSAGE,
       "Terima kasih, Mbak Ani. IPM kabupaten/kota 2020–2025 tersedia di situs BPS Provinsi Kalimantan "
       "Utara, menu Tabel Statistik, subjek Indeks Pembangunan Manusia. Metodenya kami jelaskan di "
       "artikel basis pengetahuan tentang IPM. Apakah Anda juga memerlukan data per komponen?")]),
    ("budi@contoh.id", "6202", "penjualan-produk",
     "Data mikro Susenas Maret 2025 Kabupaten Kotawaringin Timur, variabel konsumsi rumah tangga, "
     "untuk kajian pasar.",
     [(workflow.Action.RETURN,
       "Mohon lengkapi abstraksi penggunaan data dan daftar variabel yang diminta.")]),
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
    return created
