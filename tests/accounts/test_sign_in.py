"""Sign-in: by email, rate-limited, failures logged, a new session each time; sign-up's email."""
import logging

from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD


def attempt(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_repeated_failures_lock_the_account_for_a_while(client, visitor_ani):
    for _ in range(5):
        response = attempt(client, visitor_ani.email, "salah-sandi")
        assert response.status_code == 200
    response = attempt(client, visitor_ani.email, PASSWORD)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_a_failed_sign_in_is_logged_without_the_password(client, visitor_ani, caplog):
    with caplog.at_level(logging.WARNING, logger="pst_portal.security"):
        attempt(client, visitor_ani.email, "salah-sandi-rahasia")
    assert any("sign-in failed for ani@contoh.id from 127.0.0.1" in r.getMessage() for r in caplog.records)
    assert "salah-sandi-rahasia" not in caplog.text


def test_signing_in_starts_a_new_session(client, visitor_ani):
    client.get(reverse("account_login"))
    client.session["probe"] = "x"
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    assert before  # a session existed before signing in, so a new key proves it was replaced
    response = attempt(client, visitor_ani.email, PASSWORD)
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != before


def test_an_unverified_email_cannot_sign_in(client, db):
    from tests.factories import VisitorFactory

    VisitorFactory(email="baru@contoh.id", verified=False)
    response = attempt(client, "baru@contoh.id", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sign_in_pages_are_in_indonesian(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert 'lang="id"' in page
    assert "Masuk" in page


def test_the_sign_up_email_does_not_carry_the_name_typed_at_sign_up(client, db):
    """Anyone may sign up with someone else's address: the confirmation email reaching that inbox
    names the address, never the words typed as the name."""
    bait = "Selamat! Anda menang undian, hubungi 0812-0000-0000"
    response = client.post(reverse("account_signup"), {
        "full_name": bait, "email": "korban@contoh.id",
        "password1": "pst-korban-2026!", "password2": "pst-korban-2026!"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["korban@contoh.id"]
    assert "menang undian" not in message.body and "0812" not in message.body
    assert "korban@contoh.id" in message.body and "/akun/confirm-email/" in message.body


ATTACKER = "203.0.113.9"
OWNER = "198.51.100.20"


def attempt_from(client, address, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       REMOTE_ADDR=address)


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_from_another(client, officer_kotabaru):
    for _ in range(8):
        attempt_from(client, ATTACKER, officer_kotabaru.email, "salah-sandi")
    attempt_from(client, ATTACKER, officer_kotabaru.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    response = attempt_from(client, OWNER, officer_kotabaru.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer_kotabaru.pk)


def test_a_password_reset_lifts_the_lock_at_the_address_it_was_typed_from(client, visitor_ani):
    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory

    for _ in range(5):
        attempt_from(client, OWNER, visitor_ani.email, "salah-sandi")
    attempt_from(client, OWNER, visitor_ani.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    request = RequestFactory().post("/", REMOTE_ADDR=ATTACKER)
    get_adapter(request)._delete_login_attempts_cached_email(request, email=visitor_ani.email)
    attempt_from(client, OWNER, visitor_ani.email, PASSWORD)
    assert client.session["_auth_user_id"] == str(visitor_ani.pk)


def test_a_sign_in_refused_by_the_address_limit_gets_the_portals_own_page(client, db):
    """After too many failures from one address, the refusal is a portal page in the visitor's language
    (not the framework's bare English text), with the way out: wait, or reset the password."""
    for _ in range(40):
        response = client.post(reverse("account_login"), {"login": "orang@contoh.id",
                                                          "password": "salah-sandi"})
        if response.status_code == 429:
            break
    assert response.status_code == 429
    page = response.content.decode()
    assert "Terlalu banyak percobaan" in page and reverse("account_reset_password") in page
    assert 'class="navbar' in page  # the portal's header, so the person can go on
    client.cookies["django_language"] = "en"
    english = client.post(reverse("account_login"), {"login": "orang@contoh.id", "password": "salah-sandi"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 429 and "Too many attempts" in english.content.decode()


def test_a_wrong_password_is_said_once_on_the_sign_in_page(client, db):
    response = client.post(reverse("account_login"), {"login": "orang@contoh.id", "password": "salah-sandi"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("tidak benar") == 1, page[page.find("error-summary") - 200:][:2000]
