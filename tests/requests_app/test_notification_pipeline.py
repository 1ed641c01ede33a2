"""One notification pipeline (issue 16, item 4): the scheduled jobs' reminders, escalations and
warnings are events the system writes through the workflow, their emails leave through the one
notifier and the outbox like every other event's, and every email has a plain text and an HTML part."""
import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from requests_app import reminders, workflow
from requests_app.access import timeline_for
from requests_app.models import Request, Status
from services.catalogue.models import Office
from services.consultation import conversation as consultation
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request

WITA = ZoneInfo("Asia/Makassar")  # office 6500, Kalimantan Utara
MONDAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=WITA)
DAY = datetime.timedelta(days=1)


def overdue(officer, now, **visitor):
    """A consultation at 6500 whose clock runs and whose deadline passed two days before ``now``."""
    request = file_request(ProfiledVisitorFactory(**visitor))
    Request.objects.filter(pk=request.pk).update(
        clock_started_at=now - 12 * DAY, due_at=now - 2 * DAY, at_risk_from=now - 5 * DAY,
        due_soon_from=now - 3 * DAY, assigned_to=officer,
    )
    request.refresh_from_db()
    return request


def html_part(message):
    """The HTML alternative of ``message`` (there must be exactly one)."""
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def assert_same_email_in_html(message, language):
    """The HTML part says what the text says, in the reader's language, with its links clickable and
    nothing loaded from elsewhere."""
    html = html_part(message)
    assert f'<html lang="{language}">' in html
    for url in re.findall(r"https?://\S+", message.body):
        assert f'<a href="{url}"' in html
    assert not re.search(r"<(img|link|script|iframe)\b|src=|url\(", html)


# ---------------------------------------------------------------- written by the system, through the rules


def test_an_escalation_is_a_system_event_that_leaves_the_officers_open_page_current(dewi, head, committing):
    request = overdue(dewi, MONDAY + 2 * DAY)
    version = request.version
    with committing():
        assert reminders.sweep_deadlines(MONDAY + 2 * DAY)["overdue"] == 1
    escalation = request.events.get(action="escalation")
    assert escalation.actor is None and escalation.is_internal
    assert (escalation.from_status, escalation.to_status) == (Status.SUBMITTED, Status.SUBMITTED)
    assert escalation.notified_at is not None  # the notifier sent its email
    assert escalation in timeline_for(head, request)
    assert escalation not in timeline_for(request.visitor, request)
    # The escalation changed neither the state nor the clock: a page loaded before it still acts.
    request.refresh_from_db()
    assert request.version == version
    workflow.perform(request, workflow.Action.PROCESS, dewi, expected_version=version)
    assert Request.objects.get(pk=request.pk).status == Status.IN_PROCESS


def test_only_the_system_writes_reminders_and_only_while_the_request_is_open(dewi, head):
    request = overdue(dewi, MONDAY)
    with translation.override("id"), pytest.raises(workflow.ActionRefused, match="tidak berwenang"):
        workflow.perform(request, workflow.Action.DEADLINE_REMINDER, dewi, note="Ingat tenggat.")
    workflow.perform(request, workflow.Action.CANCEL, request.visitor)
    with translation.override("id"), pytest.raises(workflow.ActionRefused, match="status permintaan"):
        workflow.perform(request, workflow.Action.ESCALATION, None, note="Melewati tenggat.")
    assert not request.events.filter(action__in=("deadline_reminder", "escalation")).exists()


def test_the_silence_warning_is_on_the_visitors_timeline_and_their_page_stays_current(client, dewi,
                                                                                      committing):
    citra = ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra Lestari")
    with time_machine.travel(MONDAY - datetime.timedelta(hours=1), tick=False):
        request = file_request(citra)
    with time_machine.travel(MONDAY, tick=False):
        consultation.post_message(request, dewi, "Mohon jelaskan untuk tahun berapa.")
    request.refresh_from_db()
    version = request.version
    mail.outbox.clear()
    with committing(), time_machine.travel(MONDAY + 5 * DAY, tick=False):
        assert consultation.warn_silent_consultations() == 1
    warning = request.events.get(action="silence_warning")
    assert warning.actor is None and not warning.is_internal and warning.notified_at is not None
    (message,) = mail.outbox
    assert message.to == ["citra@contoh.id"] and "ditutup otomatis pada 30 November 2026" in message.body
    assert_same_email_in_html(message, "id")
    client.force_login(citra)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Peringatan: konsultasi ditutup otomatis bila tidak ada balasan" in page
    request.refresh_from_db()
    assert request.version == version  # the visitor's page of before the warning still acts
    workflow.perform(request, workflow.Action.CANCEL, citra, expected_version=version)
    assert Request.objects.get(pk=request.pk).status == Status.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_a_reminder_the_broker_did_not_take_is_emailed_once_by_the_drain(catalogue, settings, monkeypatch):
    """The reminder's email follows every event's path: after commit, through the notifier and the
    outbox; with the broker down it waits, and the drain sends it once."""
    from pst_portal import tasks as portal_tasks
    from pst_portal.models import OutgoingEmail
    from requests_app import tasks

    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    office = Office.objects.get(code="6500")
    officer = OfficerFactory(email="dewi@bps.go.id", office=office)
    HeadFactory(email="kepala@bps.go.id", office=office)
    now = timezone.now()
    request = overdue(officer, now)
    mail.outbox.clear()
    OutgoingEmail.objects.all().delete()

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    with monkeypatch.context() as down:
        down.setattr(tasks.send_event_notifications, "delay", broker_down)
        down.setattr(tasks.send_events_notifications, "delay", broker_down)  # a sweep's chunk
        assert reminders.sweep_deadlines(now)["overdue"] == 1
    escalation = request.events.get(action="escalation")
    assert escalation.notified_at is None and not OutgoingEmail.objects.exists() and mail.outbox == []
    request.events.update(created_at=now - datetime.timedelta(minutes=2))
    portal_tasks.drain_outbox()
    portal_tasks.drain_outbox()
    [message] = [m for m in mail.outbox if "kepala@bps.go.id" in m.bcc]
    assert request.code in message.subject and "Eskalasi" in message.subject


# ---------------------------------------------------------------- one renderer: text and HTML


def test_a_step_emails_the_visitor_and_the_staff_in_text_and_escaped_html(dewi, committing):
    visitor = ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra <b>Lestari</b>")
    draft = file_request(visitor, submit=False)
    Request.objects.filter(pk=draft.pk).update(language="en")
    draft.refresh_from_db()
    with committing():
        workflow.perform(draft, workflow.Action.SUBMIT, visitor)
    [to_visitor] = [m for m in mail.outbox if m.to == ["citra@contoh.id"]]
    [to_staff] = [m for m in mail.outbox if m.bcc == ["dewi@bps.go.id"]]
    assert "Citra <b>Lestari</b>" in to_visitor.body  # plain text: as written
    html = html_part(to_visitor)
    assert "Citra &lt;b&gt;Lestari&lt;/b&gt;" in html and "<b>" not in html
    assert_same_email_in_html(to_visitor, "en")
    assert_same_email_in_html(to_staff, "id")
    assert f"/permintaan/{draft.code}/" in html_part(to_visitor)
    assert f"/petugas/permintaan/{draft.code}/" in html_part(to_staff)


def test_reminders_escalations_and_digests_have_an_html_part(dewi, head, committing):
    returned = file_request(ProfiledVisitorFactory(email="citra@contoh.id"))
    workflow.perform(returned, workflow.Action.RETURN, dewi, note="Lengkapi tujuan.", now=MONDAY)
    late = overdue(dewi, MONDAY + 3 * DAY)
    mail.outbox.clear()
    with committing():
        reminders.sweep_deadlines(MONDAY + 3 * DAY)
        reminders.remind_visitors(MONDAY + 3 * DAY)
        reminders.send_digests(MONDAY + 3 * DAY)
    subjects = [m.subject for m in mail.outbox]
    assert any(late.code in s and "Eskalasi" in s for s in subjects)
    assert any(returned.code in s for s in subjects) and any("Ringkasan" in s for s in subjects)
    for message in mail.outbox:
        assert_same_email_in_html(message, "id")


# ---------------------------------------------------------------- system notes in the reader's language


def test_an_escalation_and_a_visitor_reminder_read_in_the_language_of_the_page(client, dewi, head,
                                                                              committing):
    late = overdue(dewi, MONDAY + 2 * DAY)  # due Monday 23 November 10.00, two days before
    returned = file_request(ProfiledVisitorFactory(email="citra@contoh.id"))
    Request.objects.filter(pk=returned.pk).update(language="en")
    workflow.perform(returned, workflow.Action.RETURN, dewi, note="Please add the purpose.", now=MONDAY)
    with committing():
        reminders.sweep_deadlines(MONDAY + 2 * DAY)
        reminders.remind_visitors(MONDAY + 3 * DAY)
    client.force_login(head)
    indonesian = client.get(late.get_staff_url()).content.decode()
    assert "Melewati tenggat 23-11-2026 10.00 WITA" in indonesian and "petugas: Dewi Petugas" in indonesian
    client.post("/bahasa/", {"language": "en", "next": "/"})
    english = client.get(late.get_staff_url()).content.decode()
    assert "Past the deadline of 23-11-2026 10.00 WITA, 2 working days ago" in english
    assert "officer: Dewi Petugas" in english
    assert "Melewati tenggat" not in english
    # Stored in the visitor's English, shown in Indonesian to an officer reading in Indonesian.
    client.post("/bahasa/", {"language": "id", "next": "/"})
    client.force_login(dewi)
    page = client.get(returned.get_staff_url()).content.decode()
    assert "Permintaan ini sudah 3 hari kerja menunggu tanggapan Anda." in page
    assert returned.events.get(action="visitor_reminder").note == (
        "This request has waited 3 working days for your response.")
