"""A sign-in ends after an hour without a request and twelve hours after signing in (ASVS 7.3)."""
import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import ProfiledVisitorFactory
from tests.requests_helpers import file_request

START = datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.UTC)
PAGE = "/permintaan/"  # "Permintaan saya": signed-in visitors only


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def signed_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def after(clock, **elapsed):
    clock.move_to(START + datetime.timedelta(**elapsed))


def test_sixty_one_minutes_idle_signs_out_and_asks_to_sign_in_again(client, visitor_ani, clock):
    signed_in(client, visitor_ani)
    after(clock, minutes=61)
    response = client.get(PAGE + "?urut=baru")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/permintaan/%3Furut%3Dbaru"
    assert "_auth_user_id" not in client.session
    assert "Sesi Anda berakhir karena tidak aktif selama 60 menit. Silakan masuk lagi." in [
        str(m) for m in get_messages(response.wsgi_request)]
    assert "tidak aktif selama 60 menit" in client.get(response["Location"]).content.decode()
    assert client.get(PAGE).status_code == 302  # still signed out


def test_fifty_nine_minutes_idle_stays_signed_in(client, visitor_ani, clock):
    signed_in(client, visitor_ani)
    after(clock, minutes=59)
    assert client.get(PAGE).status_code == 200
    after(clock, minutes=59 + 59)  # the request at 59 minutes counted as activity
    assert client.get(PAGE).status_code == 200


def test_the_idle_limit_follows_the_setting(client, visitor_ani, clock, settings):
    settings.SESSION_IDLE_MINUTES = 15
    signed_in(client, visitor_ani)
    after(clock, minutes=16)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "tidak aktif selama 15 menit" in client.get(response["Location"]).content.decode()


def test_twelve_hours_after_signing_in_the_session_ends_however_active(client, visitor_ani, clock):
    signed_in(client, visitor_ani)
    for half_hours in range(1, 25):  # a request every 30 minutes until 12 h
        after(clock, minutes=30 * half_hours)
        assert client.get(PAGE).status_code == 200, half_hours
    after(clock, hours=12, minutes=30)
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert "12 jam sejak Anda masuk" in client.get(response["Location"]).content.decode()


def test_most_requests_do_not_write_the_session(client, visitor_ani, clock):
    signed_in(client, visitor_ani)
    after(clock, seconds=30)
    assert "sessionid" not in client.get(PAGE).cookies  # the session was not saved again
    after(clock, minutes=2)
    assert "sessionid" in client.get(PAGE).cookies  # the last-seen time was written


def test_the_message_is_in_english_for_a_visitor_who_chose_english(client, visitor_ani, clock, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    signed_in(client, visitor_ani)
    after(clock, minutes=90)
    page = client.get(client.get(PAGE)["Location"]).content.decode()
    assert "Your session ended after 60 minutes without activity. Please sign in again." in page


def test_the_conversations_polling_is_no_activity_and_ends_the_page_when_idle(client, catalogue, clock):
    """The open conversation polls every 20 s: that keeps no sign-in alive, and once idle the whole
    page (not the polled fragment) goes to the sign-in, back to the request afterwards."""
    visitor = ProfiledVisitorFactory(email="fajar@contoh.id")
    request = file_request(visitor)
    signed_in(client, visitor)
    page = f"/permintaan/{request.code}/"
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{page}"}
    for minutes in range(5, 60, 5):
        after(clock, minutes=minutes)
        assert client.get(f"{page}percakapan/", **poll).status_code == 200, minutes
    after(clock, minutes=61)
    response = client.get(f"{page}percakapan/", **poll)
    assert response["HX-Redirect"] == reverse("account_login") + f"?next={page}"
    assert "_auth_user_id" not in client.session
