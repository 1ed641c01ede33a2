"""Staff sign in with a one-time code (TOTP): required for heads and administrators, offered to officers."""
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import HeadFactory, pass_second_factor, totp_code


def totp_set_up(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type="totp").exists()


def sign_in(client, email, next_url=None):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": PASSWORD})


def enrol(client):
    """Set up a one-time code as a person does: open the page, type the code the app shows."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password again before a new factor
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert b'src="data:image/svg+xml' in page.content  # the QR code to scan (CSP allows data: images)
    secret = client.session["mfa.totp.secret"]
    return client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})


def test_a_head_without_a_second_factor_must_set_it_up_before_the_workspace(client, kotabaru):
    head = HeadFactory(email="kepala.baru@bps.go.id", office=kotabaru, totp=False)
    response = sign_in(client, head.email)
    assert client.session["_auth_user_id"] == str(head.pk)
    workspace = client.get(reverse("requests_app:head_workspace"))
    assert workspace.status_code == 302
    assert workspace["Location"] == reverse("mfa_activate_totp")
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[0][0] == reverse("mfa_activate_totp")
    enrol(client)
    assert totp_set_up(head)
    assert client.get(reverse("requests_app:head_workspace")).status_code == 200


def test_an_administrator_without_a_second_factor_cannot_use_the_admin(client, db):
    from accounts.models import Role
    from tests.factories import UserFactory

    admin = UserFactory(email="admin2@bps.go.id", role=Role.ADMIN, is_staff=True, is_superuser=True,
                        totp=False)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_an_enrolled_head_is_asked_for_the_code_at_sign_in(client, head_kotabaru):
    response = sign_in(client, head_kotabaru.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong_code = "000000" if totp_code() != "000000" else "111111"
    wrong = client.post(reverse("mfa_authenticate"), {"code": wrong_code})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.session["_auth_user_id"] == str(head_kotabaru.pk)
    assert client.get(reverse("requests_app:head_workspace")).status_code == 200


def test_an_enrolled_officer_is_asked_for_the_code_at_sign_in(client, officer_kotabaru):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TOTP_SECRET

    TOTP.activate(officer_kotabaru, TOTP_SECRET)
    response = sign_in(client, officer_kotabaru.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_an_officer_is_offered_a_second_factor_and_can_set_it_up(client, officer_kotabaru):
    sign_in(client, officer_kotabaru.email)
    workspace = client.get(reverse("requests_app:officer_workspace"))
    assert workspace.status_code == 200
    assert reverse("mfa_activate_totp").encode() in workspace.content
    assert reverse("mfa_index").encode() in client.get(reverse("accounts:profile")).content
    enrol(client)
    assert totp_set_up(officer_kotabaru)
    client.post(reverse("account_logout"))
    assert sign_in(client, officer_kotabaru.email)["Location"] == reverse("mfa_authenticate")


def test_visitors_are_not_asked_for_a_second_factor(client, visitor_ani):
    response = sign_in(client, visitor_ani.email)
    assert client.session["_auth_user_id"] == str(visitor_ani.pk)
    assert response["Location"] != reverse("mfa_authenticate")
    assert reverse("mfa_activate_totp").encode() not in client.get(reverse("requests_app:mine")).content
    assert reverse("mfa_index").encode() not in client.get(reverse("accounts:profile")).content


def test_a_head_cannot_switch_the_second_factor_off(client, head_kotabaru):
    pass_second_factor(client, sign_in(client, head_kotabaru.email))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("mfa_deactivate_totp"))
    assert totp_set_up(head_kotabaru)


def test_an_officer_may_switch_the_second_factor_off(client, officer_kotabaru):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TOTP_SECRET

    TOTP.activate(officer_kotabaru, TOTP_SECRET)
    pass_second_factor(client, sign_in(client, officer_kotabaru.email))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("mfa_deactivate_totp"))
    assert not totp_set_up(officer_kotabaru)
