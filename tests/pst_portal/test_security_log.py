"""Security events in the logs: when (in UTC), who, from where and what (ASVS 16.2, 16.3)."""
import logging
import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from requests_app.models import Request, Status
from tests.conftest import PASSWORD
from tests.factories import ProfiledVisitorFactory
from tests.requests_helpers import file_request

SECURITY = "pst_portal.security"


def test_log_lines_are_stamped_in_utc_with_z_whatever_the_local_zone():
    """The console handler the settings give ``pst_portal.security`` writes ISO 8601 UTC with ``Z``,
    though Django set the process's zone to Asia/Jakarta (UTC+7)."""
    handler = logging.getLogger(SECURITY).handlers[0]
    record = logging.LogRecord(SECURITY, logging.WARNING, __file__, 1, "access refused", None, None)
    record.created, record.msecs = 1796097906.25, 250.0  # 2026-12-01 04:05:06.25 UTC = 11:05 in Jakarta
    assert time.localtime(record.created).tm_hour == 11  # the process runs in Jakarta time
    line = handler.formatter.format(record)
    assert line.startswith("2026-12-01T04:05:06.250Z WARNING pst_portal.security access refused"), line


# --- Failed authorisation (16.3.2) -------------------------------------------------------------

@pytest.fixture
def citras_request(catalogue):
    return file_request(ProfiledVisitorFactory(email="citra@contoh.id"))  # Kalimantan Utara (6500)


def security_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == SECURITY and r.levelno == logging.WARNING]


def test_a_visitor_opening_another_visitors_request_is_logged(client, citras_request, visitor_budi, caplog):
    client.force_login(visitor_budi)
    with caplog.at_level(logging.INFO, logger=SECURITY):
        assert client.get(f"/permintaan/{citras_request.code}/").status_code == 404
    assert security_warnings(caplog) == [
        f"access refused: 404 GET /permintaan/{citras_request.code}/ user {visitor_budi.pk} (visitor) "
        "from 127.0.0.1"]


def test_an_officer_of_another_office_opening_a_request_is_logged(client, citras_request, officer_kotabaru,
                                                                  caplog):
    client.force_login(officer_kotabaru)
    url = f"/petugas/permintaan/{citras_request.code}/"
    with caplog.at_level(logging.INFO, logger=SECURITY):
        assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 404
    assert security_warnings(caplog) == [
        f"access refused: 404 GET {url} user {officer_kotabaru.pk} (officer) from 203.0.113.9"]


def test_a_visitor_on_a_staff_page_is_logged_an_anonymous_caller_sent_to_sign_in_is_not(client, visitor_budi,
                                                                                         caplog):
    client.force_login(visitor_budi)
    with caplog.at_level(logging.INFO, logger=SECURITY):
        assert client.get("/petugas/").status_code == 403
        assert Client().get("/admin/", REMOTE_ADDR="198.51.100.4").status_code == 302  # sign in first
    assert security_warnings(caplog) == [
        f"access refused: 403 GET /petugas/ user {visitor_budi.pk} (visitor) from 127.0.0.1"]


def test_a_mistyped_address_is_not_logged(client, visitor_budi, caplog):
    client.force_login(visitor_budi)
    with caplog.at_level(logging.INFO, logger=SECURITY):
        assert client.get("/tidak-ada-halaman-ini/").status_code == 404
        assert client.get("/permintaan/tidak-ada/lagi/sama-sekali/").status_code == 404
    assert security_warnings(caplog) == []


def test_a_request_beyond_a_rate_limit_is_logged(client, db, caplog):
    with caplog.at_level(logging.INFO, logger=SECURITY):
        answers = [client.get("/lacak/", {"kode": "6500-26-AAAAAA"}, REMOTE_ADDR="198.51.100.7").status_code
                   for _ in range(21)]
    assert answers[-1] == 429
    assert security_warnings(caplog) == [
        "refused by a rate limit: 429 GET /lacak/ anonymous from 198.51.100.7"]


# --- Sign-in (16.3.1) --------------------------------------------------------------------------

def sign_in(client, email, password, address="127.0.0.1"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def test_a_successful_sign_in_is_logged_with_the_user_and_the_client(client, visitor_ani, caplog):
    with caplog.at_level(logging.INFO, logger=SECURITY):
        assert sign_in(client, visitor_ani.email, PASSWORD, "192.0.2.15").status_code == 302
    infos = [r.getMessage() for r in caplog.records if r.name == SECURITY and r.levelno == logging.INFO]
    assert infos == [f"sign-in of user {visitor_ani.pk} (visitor) from 192.0.2.15"]
    assert PASSWORD not in caplog.text


def test_sign_ins_refused_by_the_rate_limits_are_logged(client, visitor_ani, caplog):
    """The account's lock (5 failures) refuses in the form; the address's limit (30 a minute) with 429."""
    with caplog.at_level(logging.INFO, logger=SECURITY):
        for _ in range(6):
            sign_in(client, visitor_ani.email, "salah-sandi")
        answers = [sign_in(client, "orang@contoh.id", "salah-sandi").status_code for _ in range(25)]
    warnings = security_warnings(caplog)
    assert f"sign-in refused by the rate limit for {visitor_ani.email} from 127.0.0.1" in warnings
    assert answers[-1] == 429
    login = reverse("account_login")
    assert f"refused by a rate limit: 429 POST {login} anonymous from 127.0.0.1" in warnings
    assert "salah-sandi" not in caplog.text


# --- CSRF (3.5.1, 16.3.3) ----------------------------------------------------------------------

def test_an_action_posted_without_the_csrf_token_is_refused_logged_and_changes_nothing(citras_request,
                                                                                        caplog):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citras_request.visitor)
    page_url, url = f"/permintaan/{citras_request.code}/", f"/permintaan/{citras_request.code}/tindakan/"
    # The browser holds the CSRF cookie from the page; a form forged elsewhere has no token.
    page = browser.get(page_url).content.decode()
    cancel = {"action": "cancel", "version": citras_request.version, "note": "Tidak jadi."}
    with caplog.at_level(logging.INFO, logger=SECURITY):
        refused = browser.post(url, cancel)
    assert refused.status_code == 403
    assert "Formulir ini tidak dapat diproses" in refused.content.decode()
    assert Request.objects.get(pk=citras_request.pk).status == citras_request.status
    assert security_warnings(caplog) == [
        f"CSRF failure (CSRF token missing.): POST {url} user {citras_request.visitor.pk} (visitor) "
        "from 127.0.0.1"]

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(url, {**cancel, "csrfmiddlewaretoken": token}).status_code == 302
    assert Request.objects.get(pk=citras_request.pk).status == Status.CANCELLED
