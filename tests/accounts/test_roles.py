"""Each role lands in its workspace; staff see only their own office."""
import pytest
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import ProfiledVisitorFactory, pass_second_factor


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return pass_second_factor(client, response)


@pytest.mark.parametrize(
    "person, landing",
    [
        ("visitor_ani", "/akun/profil/"),
        ("officer_kotabaru", "/petugas/"),
        ("head_kotabaru", "/kepala/"),
        ("administrator", "/admin/"),
    ],
)
def test_signing_in_lands_each_role_in_its_workspace(client, request, person, landing):
    user = request.getfixturevalue(person)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_visitor_with_a_complete_profile_lands_on_their_requests(client, db):
    visitor = ProfiledVisitorFactory()
    assert sign_in(client, visitor)["Location"] == reverse("requests_app:mine")
    client.logout()
    # Signing in on the way to a page lands on that page.
    response = client.post(f"{reverse('account_login')}?next=/layanan/",
                           {"login": visitor.email, "password": PASSWORD, "next": "/layanan/"})
    assert response["Location"] == "/layanan/"


def test_officer_workspace_shows_their_office_and_its_standards(client, officer_kotabaru, head_kotabaru):
    client.force_login(officer_kotabaru)
    page = client.get("/petugas/").content.decode()
    assert "BPS Kabupaten Kotabaru" in page
    assert "/layanan/6302/rekomendasi/" in page and "/layanan/6302/penjualan-produk/" in page
    assert "Banjarmasin" not in page
    assert head_kotabaru.full_name in page


def test_officer_of_another_office_sees_only_their_own(client, officer_banjarmasin, officer_kotabaru):
    client.force_login(officer_banjarmasin)
    page = client.get("/petugas/").content.decode()
    assert "BPS Kota Banjarmasin" in page
    assert "/layanan/6302/" not in page
    assert officer_kotabaru.full_name not in page


def test_head_workspace_is_the_heads(client, head_kotabaru, officer_kotabaru, visitor_ani):
    client.force_login(head_kotabaru)
    assert client.get("/kepala/").status_code == 200
    assert client.get("/petugas/").status_code == 403
    client.force_login(officer_kotabaru)
    assert client.get("/kepala/").status_code == 403
    client.force_login(visitor_ani)
    response = client.get("/petugas/")
    assert response.status_code == 403
    assert "Anda tidak memiliki akses" in response.content.decode()


def test_anonymous_visitor_is_asked_to_sign_in(client, catalogue):
    response = client.get("/kepala/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


def test_visitor_cannot_open_django_admin(client, visitor_ani):
    client.force_login(visitor_ani)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_officer_must_belong_to_an_office(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create_user("tanpa.kantor@bps.go.id", "x", role="officer")
