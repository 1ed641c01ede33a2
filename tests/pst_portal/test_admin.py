"""Admin: every registered model's list and change page opens for the administrator, with one
record of each made the way the portal makes it (catalogue, demo, an issued letter...)."""
import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from complaints.models import ComplaintSettings
from desk import kiosk as kiosks
from desk.guest_book import GuestBookForm, sign_in_guest_book
from performance.demo import DEMO_MARK
from pst_portal.models import JobRun, OutgoingEmail
from requests_app.models import Request
from services.catalogue.loader import load_products
from services.catalogue.models import CalendarOverride
from services.consultation import conversation as consultation
from services.consultation.models import Article
from services.product_sales import delivery
from services.product_sales.models import DownloadLink, OrderLine
from services.recommendation.models import Letter
from tests.recommendation import test_recommendations
from tests.recommendation.test_recommendations import APPROVED_AT, approve, awaiting_approval
from tests.requests_helpers import complete_letter_template

agency = test_recommendations.agency  # fixtures
quick_pdf = test_recommendations.quick_pdf


@pytest.fixture
def one_of_each(catalogue, settings, agency, officer_kotabaru, head_kotabaru, quick_pdf):
    load_products()
    settings.DEBUG = True
    call_command("create_demo_accounts")
    settings.DEBUG = False
    complete_letter_template()
    approve(awaiting_approval(agency, officer_kotabaru), head_kotabaru, now=APPROVED_AT)
    now = timezone.now()
    consultation.propose_meeting(
        # Ani's consultation, not the performance figures' demo history (performance.demo).
        Request.objects.filter(office__code="6500").exclude(purpose__startswith=DEMO_MARK).get(),
        User.objects.get(email="petugas.6500@pst.test"),
        kind="video", starts_at=now + datetime.timedelta(days=2), duration_minutes=30,
        link="https://meet.example.id/pst")
    line = OrderLine.objects.get(order__request__office__code="6202")
    link = DownloadLink.objects.create(line=line, buyer=line.order.request.visitor,
                                       expires_at=now + datetime.timedelta(days=14))
    delivery.record_download(link, ip="203.0.113.7", user_agent="Firefox")
    Group.objects.create(name="Pengelola katalog")
    CalendarOverride.objects.create(date=datetime.date(2026, 12, 24), kind="closed", name="Cuti bersama")
    Article.objects.create(slug="ipm", title="IPM", topic="data", body="Isi.", status="published")
    JobRun.objects.create(name="drain_outbox", started_at=now, finished_at=now, counts={"sent": 1})
    OutgoingEmail.objects.create(payload={}, subject="Permintaan diterima", recipients="ani@contoh.id")
    kiosk_guest(officer_kotabaru)
    ComplaintSettings.objects.create(office=officer_kotabaru.office, response_days=7)


def kiosk_guest(officer):
    """An enrolled kiosk of the officer's office and a visit signed in its guest book."""
    kiosk, _link = kiosks.create_kiosk(officer.office, officer, "Tablet pintu masuk")
    kiosks.enrol(kiosk)
    form = GuestBookForm({"full_name": "Siti Aminah", "phone": "0812 3456 7802", "identity_type": "ktp",
                          "identity_number": "6302011203850002", "purpose": "Data.",
                          "service": "penjualan-produk"}, office=officer.office)
    assert form.is_valid(), form.errors
    sign_in_guest_book(form, kiosk=kiosk)


def test_every_admin_page_of_every_model_opens(client, administrator, one_of_each):
    client.force_login(administrator)
    missing, broken = [], []
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model.objects.order_by("pk").last()
        if obj is None:
            missing.append(model.__name__)
            continue
        urls = [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_change", args=[obj.pk])]
        if model_admin.has_add_permission(type("Asked", (), {"user": administrator})):
            urls.append(reverse(f"{prefix}_add"))
        for url in urls:
            try:
                status = client.get(url).status_code
            except Exception as error:  # noqa: BLE001 - the test names every page that fails
                status = repr(error)
            if status != 200:
                broken.append((url, status))
    assert missing == [], missing
    assert broken == [], broken


def test_an_issued_letter_shows_its_pdf_by_name_without_a_link(client, administrator, one_of_each):
    letter = Letter.objects.exclude(pdf="").get()
    client.force_login(administrator)
    page = client.get(reverse("admin:recommendation_letter_change", args=[letter.pk])).content.decode()
    assert letter.pdf.name in page
    assert f'href="{letter.pdf.name}' not in page and "/private/" not in page
