"""Where links in emails and on letters point, and how the portal names itself in allauth's emails."""
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from requests_app.models import Status
from services.recommendation.models import Letter
from tests.recommendation import test_recommendations
from tests.recommendation.test_recommendations import APPROVED_AT, approve, awaiting_approval, html, pdf_text
from tests.requests_helpers import complete_letter_template

agency = test_recommendations.agency  # fixtures
quick_pdf = test_recommendations.quick_pdf

ROOT = Path(__file__).resolve().parents[2]


def local_setting(name, **env_changes):
    """A value of the local settings (``make run``) in a fresh process with ``env_changes``."""
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_BASE_URL", "PORT")}
    env.update(env_changes, DJANGO_SETTINGS_MODULE="pst_portal.settings.local")
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60, check=True)
    return result.stdout.strip()


def test_make_run_links_follow_the_port_it_serves_on():
    assert local_setting("PORTAL_BASE_URL", PORT="8811") == "http://127.0.0.1:8811"
    assert local_setting("PORTAL_BASE_URL_FOLLOWS_REQUEST", PORT="8811") == "True"
    # A configured address wins, and is not replaced by the host of a page.
    assert local_setting("PORTAL_BASE_URL", PORT="8811",
                         PORTAL_BASE_URL="https://pst.example.go.id") == "https://pst.example.go.id"
    assert local_setting("PORTAL_BASE_URL_FOLLOWS_REQUEST",
                         PORTAL_BASE_URL="https://pst.example.go.id") == "False"


def approve_on_the_page(client, request, head, **extra):
    return client.post(reverse("requests_app:staff_act", args=[request.code]),
                       {"action": "approve", "version": request.version, "note": ""}, **extra)


def test_a_letter_approved_under_make_run_prints_the_address_the_head_used(
        client, agency, officer_kotabaru, head_kotabaru, settings, tmp_path,
        django_capture_on_commit_callbacks, mailoutbox):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    settings.PORTAL_BASE_URL_FOLLOWS_REQUEST = True
    complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    client.force_login(head_kotabaru)
    with django_capture_on_commit_callbacks(execute=True):
        response = approve_on_the_page(client, request, head_kotabaru, HTTP_HOST="127.0.0.1:8811")
    assert response.status_code == 302
    letter = Letter.objects.get(request=request)
    address = f"http://127.0.0.1:8811/verifikasi/{letter.code}/"
    path = tmp_path / "surat.pdf"
    path.write_bytes(letter.pdf.read())
    text = " ".join(pdf_text(path).split())
    assert address in text and "localhost:8000" not in text and "127.0.0.1:8000" not in text


@pytest.mark.parametrize("base", ["http://pst.example.go.id", "https://localhost:8000", "https://127.0.0.1",
                                  "https://[::1]:8443"])
def test_production_never_issues_a_letter_with_a_private_or_plain_verification_address(
        client, agency, officer_kotabaru, head_kotabaru, quick_pdf, settings, base):
    settings.LETTER_REQUIRES_PUBLIC_URL = True
    settings.PORTAL_BASE_URL = base
    complete_letter_template()
    request = awaiting_approval(agency, officer_kotabaru)
    client.force_login(head_kotabaru)
    # The head's page says why there is nothing to approve with, before anyone tries.
    page = html(client.get(request.get_staff_url()))
    assert 'data-testid="approval-refused"' in page and "PORTAL_BASE_URL" in page
    assert 'value="approve"' not in page
    response = approve_on_the_page(client, request, head_kotabaru)
    assert response.status_code == 409
    assert "PORTAL_BASE_URL" in html(response) and "https" in html(response)
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    assert not Letter.objects.get(request=request).is_issued


def test_production_issues_the_letter_with_its_public_address(client, agency, officer_kotabaru, head_kotabaru,
                                                               quick_pdf, settings):
    settings.LETTER_REQUIRES_PUBLIC_URL = True
    settings.PORTAL_BASE_URL = "https://pst.example.go.id"
    complete_letter_template()
    letter = approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    assert letter.is_issued


def test_sign_up_and_reset_emails_name_the_portal_not_the_host(client, db, visitor_ani, settings):
    # The migration names the site (run again here: a transactional test's flush leaves Django's
    # example.com in its place).
    from django.apps import apps

    importlib.import_module("pst_portal.migrations.0003_portal_site_name").name_the_site(apps, None)
    settings.PORTAL_BASE_URL = "https://pst.example.go.id"
    response = client.post(reverse("account_signup"), {
        "full_name": "Citra Lestari", "email": "citra@contoh.id",
        "password1": "pst-citra-2026!", "password2": "pst-citra-2026!"}, HTTP_HOST="127.0.0.1:8811")
    assert response.status_code == 302
    response = client.post(reverse("account_reset_password"), {"email": visitor_ani.email},
                           HTTP_HOST="127.0.0.1:8811")
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.body.startswith("Halo dari PST BPS!"), message.body
        assert "Halo dari 127.0.0.1" not in message.body and "example.com" not in message.body
        assert "pst.example.go.id" in message.body  # the portal's address at the bottom
