"""Behind the TLS proxy every client connects from the proxy's address: limits and records use the
client's own address (``X-Forwarded-For`` as written by ``TRUSTED_PROXY_COUNT`` trusted proxies)."""
import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from requests_app.models import Status
from services.product_sales import delivery
from services.product_sales.models import Download
from tests.conftest import PASSWORD
from tests.factories import ProfiledVisitorFactory
from tests.product_sales.test_orders import (  # noqa: F401
    buyer,
    draft_for,
    officer,
    paid_and_prepared,
    sales,
    sign_in,
    submitted_order,
)
from tests.requests_helpers import file_request

PROXY = "10.0.0.2"


def via_proxy(address):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


@pytest.fixture
def behind_proxy(settings):
    """One TLS proxy in front (the portal's own setting; allauth's limits follow it)."""
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.parametrize("count, forwarded, expected", [
    (0, "203.0.113.7", "10.0.0.2"),                  # no proxy trusted: the header is the client's word
    (1, "203.0.113.7", "203.0.113.7"),
    (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # what the client wrote itself is not believed
    (2, "198.51.100.66, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
    (1, "", "10.0.0.2"),
    (1, "not-an-address", "10.0.0.2"),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_the_client_is_read_from_the_trusted_proxies(settings, count, forwarded, expected):
    from pst_portal.clients import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_settings_default_to_no_proxy_and_allauth_follows_them():
    from allauth import app_settings
    from django.conf import settings

    assert settings.TRUSTED_PROXY_COUNT == 0
    assert app_settings.TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT


def test_one_clients_failed_sign_ins_do_not_block_everyone_behind_the_proxy(
    behind_proxy, visitor_ani, visitor_budi
):
    def sign_in_from(address, email, password):
        attempt = Client()
        attempt.post(reverse("account_login"), {"login": email, "password": password}, **via_proxy(address))
        return attempt.session.get("_auth_user_id")

    for number in range(11):
        assert sign_in_from("203.0.113.7", f"tebak{number}@contoh.id", "salah") is None
    # The guessing client is held back, even with a right password ...
    assert sign_in_from("203.0.113.7", visitor_budi.email, PASSWORD) is None
    # ... everyone else behind the same proxy signs in.
    assert sign_in_from("198.51.100.2", visitor_ani.email, PASSWORD) == str(visitor_ani.pk)


def test_tracking_is_limited_per_client_behind_the_proxy(client, behind_proxy, catalogue):
    code = file_request(ProfiledVisitorFactory(email="dodi@contoh.id")).code
    for number in range(20):
        assert client.get("/lacak/", {"kode": code}, **via_proxy("203.0.113.7")).status_code == 200, number
    assert client.get("/lacak/", {"kode": code}, **via_proxy("203.0.113.7")).status_code == 429
    assert client.get("/lacak/", {"kode": code}, **via_proxy("198.51.100.2")).status_code == 200


def test_a_failed_sign_in_is_logged_with_the_clients_address(client, behind_proxy, visitor_ani, caplog):
    with caplog.at_level(logging.WARNING, logger="pst_portal.security"):
        client.post(reverse("account_login"), {"login": visitor_ani.email, "password": "salah"},
                    **via_proxy("203.0.113.7"))
    assert any("sign-in failed for ani@contoh.id from 203.0.113.7" in r.getMessage() for r in caplog.records)


def test_the_sppd_acceptance_records_the_clients_address(client, behind_proxy, buyer):  # noqa: F811
    draft = draft_for(buyer)
    sign_in(client, buyer)
    response = client.post(reverse("requests_app:check", args=[draft.code]), {"agree": "on"},
                           **via_proxy("198.51.100.20"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.order.sppd_accepted_ip == "198.51.100.20"


def test_a_download_records_the_clients_address(client, behind_proxy, buyer, officer):  # noqa: F811
    request = paid_and_prepared(submitted_order(buyer), officer)
    delivery.deliver(request, officer)
    link = request.order.lines.get().links.get()
    sign_in(client, buyer)
    response = client.get(link.get_absolute_url(), **via_proxy("198.51.100.9"))
    assert response.status_code == 200
    assert list(Download.objects.filter(link=link).values_list("ip_address", flat=True)) == ["198.51.100.9"]
