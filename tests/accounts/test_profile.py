"""A visitor's profile: clear messages next to the field, nothing typed is lost."""
import pytest
from django.urls import reverse

PROFILE = {
    "full_name": "Budi Santoso",
    "phone": "0812 3456 7802",
    "identity_type": "ktp",
    "identity_number": "6302011203850002",
    "segment": "individual",
    "institution": "",
    "npwp": "",
    "agency_unit": "",
}


@pytest.fixture
def budi_client(client, visitor_budi):
    client.force_login(visitor_budi)
    return client


def post_profile(client, **changes):
    return client.post(reverse("accounts:profile"), {**PROFILE, **changes})


def test_private_business_without_npwp_is_told_next_to_the_field_and_keeps_its_input(budi_client):
    response = post_profile(budi_client, segment="private", institution="PT Borneo Data Analitika")
    assert response.status_code == 200
    page = response.content.decode()
    assert "NPWP wajib diisi untuk segmen swasta." in page
    assert 'href="#id_npwp"' in page  # the error summary links to the field
    assert 'value="PT Borneo Data Analitika"' in page  # nothing entered is lost
    assert 'value="0812 3456 7802"' in page


def test_private_business_with_written_npwp_stores_digits_and_e164_phone(budi_client, visitor_budi):
    response = post_profile(
        budi_client, segment="private", institution="PT Borneo", npwp="01.234.567.4-901.000"
    )
    assert response.status_code == 302
    visitor_budi.refresh_from_db()
    assert visitor_budi.npwp == "012345674901000"
    assert visitor_budi.phone == "+6281234567802"
    assert visitor_budi.missing_profile_fields() == []


def test_invalid_npwp_is_refused(budi_client):
    response = post_profile(budi_client, segment="private", npwp="12.345")
    assert "NPWP harus 15 angka" in response.content.decode()


def test_government_agency_needs_agency_and_unit(budi_client, visitor_budi):
    response = post_profile(budi_client, segment="government")
    page = response.content.decode()
    assert "Nama instansi wajib diisi untuk instansi pemerintah." in page
    assert "Unit kerja wajib diisi untuk instansi pemerintah." in page
    response = post_profile(
        budi_client, segment="government", institution="Pemkab Kotabaru", agency_unit="Dinas Kesehatan"
    )
    assert response.status_code == 302
    visitor_budi.refresh_from_db()
    assert (visitor_budi.institution, visitor_budi.agency_unit) == ("Pemkab Kotabaru", "Dinas Kesehatan")


def test_identity_number_is_checked_by_its_type(budi_client):
    page = post_profile(budi_client, identity_number="6302013203850002").content.decode()
    assert "Tanggal lahir pada NIK" in page
    response = post_profile(budi_client, identity_type="passport", identity_number="c1234567")
    assert response.status_code == 302


def test_required_fields_are_named_in_indonesian(budi_client):
    page = post_profile(budi_client, full_name="", phone="").content.decode()
    assert "Bidang ini tidak boleh kosong." in page


def test_profile_is_only_for_signed_in_people(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_keep_only_name_and_phone_in_their_profile(client, officer_kotabaru):
    client.force_login(officer_kotabaru)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="identity_number"' not in page and 'name="segment"' not in page
    response = client.post(reverse("accounts:profile"),
                           {"full_name": "Rina Petugas", "phone": "0812 3456 7899"})
    assert response.status_code == 302
    officer_kotabaru.refresh_from_db()
    assert (officer_kotabaru.full_name, officer_kotabaru.phone) == ("Rina Petugas", "+6281234567899")
    assert officer_kotabaru.role == "officer" and officer_kotabaru.office.code == "6302"


def test_staff_cannot_change_their_role_or_office_from_the_profile(client, officer_kotabaru, banjarmasin):
    client.force_login(officer_kotabaru)
    client.post(reverse("accounts:profile"), {"full_name": "Rina", "phone": "", "role": "head",
                                              "office": banjarmasin.pk})
    officer_kotabaru.refresh_from_db()
    assert officer_kotabaru.role == "officer" and officer_kotabaru.office.code == "6302"


def test_an_npwp_left_by_another_segment_is_neither_checked_nor_kept(budi_client, visitor_budi):
    # The field is shown only for the private segment: what another segment leaves in it
    # does not block saving the profile.
    response = post_profile(budi_client, segment="academic", npwp="12.345")
    assert response.status_code == 302
    visitor_budi.refresh_from_db()
    assert visitor_budi.segment == "academic" and visitor_budi.npwp == ""
