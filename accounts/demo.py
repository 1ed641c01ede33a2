"""Demo accounts for a development portal (``make run``): one per role and office."""
from allauth.account.models import EmailAddress
from django.db import transaction

from services.catalogue.models import Office

from .models import IdentityType, Role, Segment, User

DEMO_PASSWORD = "pst-demo-2026"

VISITORS = [
    {
        "email": "ani@contoh.id",
        "full_name": "Ani Rahmawati",
        "segment": Segment.ACADEMIC,
        "institution": "Universitas Lambung Mangkurat",
        "phone": "+6281234567801",
        "identity_type": IdentityType.KTP,
        "identity_number": "6371044506990001",
    },
    {
        "email": "budi@contoh.id",
        "full_name": "Budi Santoso",
        "segment": Segment.PRIVATE,
        "institution": "PT Borneo Data Analitika",
        "npwp": "012345674901000",
        "phone": "+6281234567802",
        "identity_type": IdentityType.KTP,
        "identity_number": "6302011203850002",
    },
    {
        "email": "dinas@contoh.id",
        "full_name": "Siti Aminah",
        "segment": Segment.GOVERNMENT,
        "institution": "Pemerintah Kabupaten Kotabaru",
        "agency_unit": "Dinas Kesehatan",
        "phone": "+6281234567803",
        "identity_type": IdentityType.KTP,
        "identity_number": "6302025008800003",
    },
]


def demo_accounts():
    """(email, role, office code, profile) for every demo account."""
    accounts = [("admin@pst.test", Role.ADMIN, None, {"full_name": "Administrator Portal"})]
    accounts += [(v["email"], Role.VISITOR, None, v) for v in VISITORS]
    for office in Office.objects.filter(standards__isnull=False).distinct().order_by("code"):
        accounts.append(
            (f"petugas.{office.code}@pst.test", Role.OFFICER, office.code,
             {"full_name": f"Petugas PST {office.name}"})
        )
        accounts.append(
            (f"kepala.{office.code}@pst.test", Role.HEAD, office.code,
             {"full_name": f"Kepala {office.name}"})
        )
    return accounts


@transaction.atomic
def create_demo_accounts(password=DEMO_PASSWORD):
    created = []
    for email, role, office_code, profile in demo_accounts():
        fields = {k: v for k, v in profile.items() if k != "email"}
        fields.update(role=role, office=Office.objects.filter(code=office_code).first())
        fields.update(is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
        user, _ = User.objects.update_or_create(email=email, defaults=fields)
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        created.append(user)
    return created
