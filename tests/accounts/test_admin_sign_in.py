"""/admin/login/ is the portal's sign-in: its limits apply, and there is no second door."""
from django.urls import reverse
from django.utils.http import urlencode

from tests.conftest import PASSWORD
from tests.factories import pass_second_factor


def portal_sign_in(next_url):
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def test_the_admin_login_sends_to_the_portals_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert followed.status_code == 302
    assert followed["Location"] == portal_sign_in("/admin/")
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == portal_sign_in("/admin/")


def test_passwords_posted_to_the_admin_login_are_never_checked(client, administrator):
    credentials = {"username": administrator.email, "password": PASSWORD}
    response = client.post("/admin/login/?next=/admin/", credentials)
    assert response.status_code == 302
    assert response["Location"] == portal_sign_in("/admin/")
    assert "_auth_user_id" not in client.session


def test_thirty_wrong_passwords_then_the_right_one_sign_in_at_neither_door(client, administrator):
    for _ in range(30):
        client.post("/admin/login/", {"username": administrator.email, "password": "salah"})
        client.post(reverse("account_login"), {"login": administrator.email, "password": "salah"})
    client.post("/admin/login/", {"username": administrator.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    response = client.post(portal_sign_in("/admin/"), {"login": administrator.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_an_administrator_signed_in_at_the_portal_reaches_the_admin(client, administrator):
    response = client.post(portal_sign_in("/admin/"), {"login": administrator.email, "password": PASSWORD})
    response = pass_second_factor(client, response)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/pst_portal/")["Location"] == "/admin/pst_portal/"


def test_a_signed_in_visitor_is_refused_not_sent_round_in_a_loop(client, visitor_ani):
    client.force_login(visitor_ani)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
