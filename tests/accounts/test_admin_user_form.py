"""The admin's account form checks phone, NIK and NPWP as the visitor's profile does."""
import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import ProfiledVisitorFactory


@pytest.fixture
def eka(db):
    return ProfiledVisitorFactory(email="eka@contoh.id", full_name="Eka Putri", phone="+6281234567890",
                                  identity_type="ktp", identity_number="6371044506990001",
                                  segment="private", institution="CV Eka", npwp="012345674901000")


def change_form(user, **changes):
    """What the admin's change page posts for ``user``, with ``changes``."""
    data = {
        "email": user.email, "full_name": user.full_name, "role": user.role, "office": "",
        "phone": user.phone, "identity_type": user.identity_type, "identity_number": user.identity_number,
        "segment": user.segment, "institution": user.institution, "npwp": user.npwp,
        "agency_unit": user.agency_unit, "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "", "last_login_1": "",
    }
    return {**data, **changes}


def post_change(client, user, **changes):
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), change_form(user, **changes))


@pytest.mark.parametrize("field, value, message", [
    ("phone", "12345", "Nomor telepon tidak valid"),
    ("identity_number", "6371041399990001", "Tanggal lahir pada NIK"),
    ("identity_number", "12345", "NIK harus terdiri atas 16 angka"),
    ("npwp", "1234567890123456", "NPWP 16 angka adalah NIK"),
    ("npwp", "12345", "NPWP harus 15 angka"),
])
def test_the_admin_refuses_an_invalid_phone_nik_or_npwp(client, administrator, eka, field, value, message):
    client.force_login(administrator)
    before = User.objects.values().get(pk=eka.pk)
    response = post_change(client, eka, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.values().get(pk=eka.pk) == before


def test_the_admin_stores_valid_numbers_as_the_profile_does(client, administrator, eka):
    client.force_login(administrator)
    response = post_change(client, eka, phone="0812-1111-2222", identity_number="6371 0445 0699 0002",
                           npwp="01.234.567.4-901.235")
    assert response.status_code == 302, response.content.decode()[:3000]
    eka.refresh_from_db()
    assert (eka.phone, eka.identity_number, eka.npwp) == ("+6281211112222", "6371044506990002",
                                                          "012345674901235")
