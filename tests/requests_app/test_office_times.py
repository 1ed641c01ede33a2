"""Every time a page, email or PDF shows is the office's local time with its zone's name (WIB, WITA,
WIT), never the server's zone (Asia/Jakarta) and never a bare hour. Each template that shows a time
is rendered here for an office in WITA and one in WIT."""
import datetime
import re
import shutil
import subprocess

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from requests_app import filing, reminders, workflow
from requests_app.uploads import check_upload
from services.catalogue.models import Office
from services.consultation import conversation as consultation
from services.product_sales import delivery, orders
from services.product_sales import reminders as sales_reminders
from services.product_sales.models import Order
from services.recommendation import letters, recommendations
from tests.conftest import require
from tests.factories import AgencyVisitorFactory, HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import (
    complete_letter_template,
    docx,
    file_order,
    file_recommendation,
    file_request,
    pdf,
)

# Monday 23 November 2026, 06.05 UTC: 13.05 on the server's clock (WIB), 14.05 WITA, 15.05 WIT.
MOMENT = datetime.datetime(2026, 11, 23, 6, 5, tzinfo=datetime.UTC)
ZONES = [("Asia/Makassar", "WITA", "14.05"), ("Asia/Jayapura", "WIT", "15.05")]

# An hour as the portal writes it (13.05, 13.05.09), or a range of opening hours (08.00–15.30).
HOUR = re.compile(r"(?<![\d.,])\d{1,2}\.\d{2}(?:\.\d{2})?(?:–\d{1,2}\.\d{2})?(?![\d.,])")


def visible_text(html):
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_office_times(text, zone_name, local_hour, *, where):
    """Every hour in ``text`` is followed by the office's zone name, and ``local_hour`` is there."""
    shown = list(HOUR.finditer(text))
    assert shown, f"{where}: no time shown"
    for match in shown:
        after = text[match.end():match.end() + len(zone_name) + 2]
        assert re.match(rf" {zone_name}\b", after), f"{where}: {text[match.start() - 40:match.end() + 20]!r}"
    if local_hour:
        assert f"{local_hour} {zone_name}" in text, f"{where}: {local_hour} {zone_name} not shown"
    assert "13.05" not in text, f"{where}: the server's clock"


def in_zone(zone, *codes):
    Office.objects.filter(code__in=codes).update(time_zone=zone)


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


@pytest.mark.parametrize("zone, zone_name, local_hour", ZONES)
def test_a_consultation_shows_every_time_in_the_offices_zone(client, catalogue, zone, zone_name, local_hour,
                                                             django_capture_on_commit_callbacks):
    in_zone(zone, "6500")
    visitor = ProfiledVisitorFactory()
    officer = OfficerFactory(office=Office.objects.get(code="6500"))
    HeadFactory(office=officer.office)
    with time_machine.travel(MOMENT, tick=False), django_capture_on_commit_callbacks(execute=True):
        request = file_request(visitor)
        workflow.perform(request, "process", officer)
        consultation.post_message(request, officer, "Tabelnya ada di publikasi daerah dalam angka.")
        consultation.propose_meeting(request, officer, kind="video", duration_minutes=30,
                                     starts_at=MOMENT + datetime.timedelta(days=2), link="https://meet.example/pst")
        attachment = docx("tabel.docx")
        filing.add_documents(request, visitor, [(attachment, *check_upload(attachment))])
    # The visitor's page: summary, timeline, conversation, meeting, documents.
    assert_office_times(page(client, visitor, request.get_absolute_url()), zone_name, local_hour,
                        where="visitor's page")
    # The officer's page and queue: deadline, timeline.
    assert_office_times(page(client, officer, request.get_staff_url()), zone_name, local_hour,
                        where="staff page")
    queue = page(client, officer, reverse("requests_app:officer_workspace"))
    assert_office_times(queue, zone_name, None, where="queue")
    # Emails: the new request, the answer, the meeting; later the escalation and the digests.
    later = MOMENT + datetime.timedelta(days=21)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        reminders.sweep_deadlines(now=later)
        reminders.send_digests(now=later)
    bodies = [message.body for message in mail.outbox]
    timed = [body for body in bodies if HOUR.search(body)]
    assert len(timed) >= 4, bodies
    for body in timed:
        assert_office_times(body, zone_name, None, where=body[:200])
    assert any("Ringkasan pagi" in body for body in timed) and any("Pertemuan" in body for body in timed)


@pytest.mark.parametrize("zone, zone_name, local_hour", ZONES)
def test_review_rounds_show_the_offices_time(client, catalogue, zone, zone_name, local_hour):
    in_zone(zone, "6302")
    agency = AgencyVisitorFactory()
    officer = OfficerFactory(office=Office.objects.get(code="6302"))
    with time_machine.travel(MOMENT, tick=False):
        request = file_recommendation(agency)
        recommendations.review(request, officer, feasible=False, checklist={},
                               section_notes={"sample": "Sebutkan kerangka sampelnya."}, note="")
    for user, url in ((officer, request.get_staff_url()), (agency, request.get_absolute_url())):
        text = page(client, user, url)
        assert f"Putaran 1 · 23 Nov 2026 {local_hour} {zone_name}" in text
        assert_office_times(text, zone_name, local_hour, where=url)


@pytest.mark.parametrize("zone, zone_name, local_hour", ZONES)
def test_an_order_and_its_sppd_show_the_offices_time(client, catalogue, zone, zone_name, local_hour):
    in_zone(zone, "6202")
    buyer = ProfiledVisitorFactory(segment="private", institution="PT Data Nusantara", npwp="012345674901000")
    officer = OfficerFactory(office=Office.objects.get(code="6202"))
    with time_machine.travel(MOMENT, tick=False):
        request = file_order(buyer, confirm_by=officer)
        orders.issue_billing(request, officer, code="820261123000123",
                             expires_at=MOMENT + datetime.timedelta(days=3))
        orders.submit_payment(request, buyer, (proof := pdf("bukti.pdf"), *check_upload(proof)))
    for user, url in ((buyer, request.get_absolute_url()), (officer, request.get_staff_url())):
        text = page(client, user, url)
        assert f"26 November 2026 {local_hour} {zone_name}" in text  # the billing code's expiry
        assert_office_times(text, zone_name, local_hour, where=url)
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    request.refresh_from_db()
    content = orders.sppd_pdf(request, accepted_name="Budi", accepted_at=request.order.sppd_accepted_at,
                              accepted_ip="203.0.113.1")
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    text = text.decode()
    assert f"pukul {local_hour}.00 {zone_name}" in " ".join(text.split())


@pytest.mark.parametrize("zone, zone_name, local_hour", ZONES)
def test_a_delivered_order_its_links_and_their_warning_show_the_offices_time(
    client, catalogue, zone, zone_name, local_hour, django_capture_on_commit_callbacks
):
    in_zone(zone, "6202")
    buyer = ProfiledVisitorFactory(segment="private", institution="PT Data Nusantara", npwp="012345674901000")
    officer = OfficerFactory(office=Office.objects.get(code="6202"))
    with time_machine.travel(MOMENT, tick=False):
        request = file_order(buyer, confirm_by=officer)
        Order.objects.filter(request=request).update(total=0)  # free: the files go out at once
        for line in request.order.lines.all():
            prepared = pdf("data.pdf")
            delivery.prepare_file(request, officer, line, (prepared, *check_upload(prepared)),
                                accept_other_format=True)
        delivery.deliver(request, officer)
    text = page(client, buyer, request.get_absolute_url())
    assert f"berlaku sampai 7 Desember 2026 {local_hour} {zone_name}" in text  # each link, 14 days
    assert_office_times(text, zone_name, local_hour, where="buyer's order page")
    mail.outbox.clear()
    two_days_before = MOMENT + datetime.timedelta(days=12)
    with django_capture_on_commit_callbacks(execute=True):
        sales_reminders.remind_link_expiry(two_days_before)
    (warning,) = [message.body for message in mail.outbox if buyer.email in message.to]
    assert f"7 Desember 2026 {local_hour} {zone_name}" in warning
    assert_office_times(warning, zone_name, local_hour, where="link expiry email")


@pytest.mark.parametrize("zone, zone_name, local_hour", ZONES)
def test_a_returned_request_its_task_and_the_track_page_show_the_offices_time(
    client, catalogue, zone, zone_name, local_hour
):
    in_zone(zone, "6500")
    visitor = ProfiledVisitorFactory()
    officer = OfficerFactory(office=Office.objects.get(code="6500"))
    with time_machine.travel(MOMENT, tick=False):
        request = file_request(visitor)
        workflow.perform(request, "return", officer, note="Lampirkan surat pengantar kampus.")
    text = page(client, visitor, request.get_absolute_url())
    assert f"Petugas menulis (23 November 2026 {local_hour} {zone_name})" in text  # the task at the top
    assert_office_times(text, zone_name, local_hour, where="visitor's task")
    with time_machine.travel(MOMENT, tick=False):
        workflow.perform(request, "resubmit", visitor, note="Surat pengantar sudah saya lampirkan.")
    client.logout()
    tracked = visible_text(client.get(reverse("requests_app:track"), {"kode": request.code}).content.decode())
    assert request.code in tracked
    assert_office_times(tracked, zone_name, None, where="track page")


@pytest.mark.parametrize("zone, zone_name, local_hour", ZONES)
def test_the_heads_approvals_show_the_offices_time(client, catalogue, zone, zone_name, local_hour):
    in_zone(zone, "6302")
    agency = AgencyVisitorFactory()
    office = Office.objects.get(code="6302")
    officer, head = OfficerFactory(office=office), HeadFactory(office=office)
    complete_letter_template("6302")
    with time_machine.travel(MOMENT, tick=False):
        request = file_recommendation(agency)
        recommendations.review(request, officer, feasible=True, checklist={}, section_notes={}, note="")
        letters.draft_letter(request, officer, subject="Rekomendasi", addressee="Yth. Kepala Dinas",
                                     body="Isi surat.")
        workflow.perform(request, workflow.Action.REQUEST_APPROVAL, officer)
    text = page(client, head, reverse("requests_app:head_workspace"))
    assert request.code in text
    assert_office_times(text, zone_name, None, where="head's page")
