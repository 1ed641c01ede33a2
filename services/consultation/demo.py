"""Ani's demo consultation at 6500, answered once by the officer (``make run``)."""
import uuid

from accounts.models import Role, User
from requests_app import filing, workflow
from requests_app.demo import DEMO_WORKING_DAYS_AGO, working_days_ago
from requests_app.models import Request
from services.catalogue.models import Standard
from services.consultation import conversation as consultation
from services.consultation.models import Consultation
from services.consultation.rules import Action

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
                Action.MESSAGE,
                "Terima kasih, Mbak Ani. IPM kabupaten/kota 2020–2025 tersedia di situs BPS Provinsi "
                "Kalimantan Utara, menu Tabel Statistik, subjek Indeks Pembangunan Manusia. Metodenya kami "
                "jelaskan di artikel basis pengetahuan tentang IPM. Apakah Anda juga memerlukan data per "
                "komponen?",
            )
        ],
    ),
    # The agency's recommendation is filed through its form: see _demo_recommendation.
]



def create_demo_consultations():
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
        Consultation.objects.update_or_create(request=request, defaults={"topic": "data",
                                                                         "searched_for": "IPM kabupaten"})
        # Filed 5 working days ago: its 3 are over, so beat's sweep escalates it on its own.
        workflow.perform(request, workflow.Action.SUBMIT, visitor,
                         now=working_days_ago(standard.office, DEMO_WORKING_DAYS_AGO))
        officer = standard.office.staff.filter(role=Role.OFFICER, is_active=True).first()
        for action, note in actions:
            if action == Action.MESSAGE:
                consultation.post_message(request, officer, note)
            else:
                workflow.perform(request, action, officer, note=note)
        created.append(request)
    return created
