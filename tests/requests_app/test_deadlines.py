"""The clock of a request (start, pause, resume, office zones, urgency in Python and SQL) and the emails
its steps send (who, in which language, once, and never at the cost of the visitor's page).

Expected moments are worked out by hand from Indonesia's 2026 calendar (cross-checked with
``manage.py workdays``): Nyepi Thu 19 March with cuti bersama Wed 18; Idul Fitri Sat/Sun 21–22 March
with cuti bersama Fri 20, Mon 23 and Tue 24; Good Friday 3 April. Offices close at 15.30 local time.
"""
import datetime
import smtplib
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from kombu.exceptions import OperationalError

from pst_portal.tasks import deliver_email
from requests_app import workflow
from requests_app.deadlines import Urgency, urgency, urgency_expression, working_days_left
from requests_app.models import ClockPause, Request, RequestEvent, Status
from requests_app.notifications import send_event_notifications
from requests_app.tasks import send_event_notifications as notify_task
from requests_app.workflow import ActionRefused
from services.catalogue.models import Office, StandardSection
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_order, file_request, require_upload, standard

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")
UTC = datetime.UTC


def wita(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=WITA)


def local_iso(moment, zone=WITA):
    return moment.astimezone(zone).isoformat()


@pytest.fixture
def visitor(db):
    return ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra Lestari")


@pytest.fixture
def officer(catalogue):
    return OfficerFactory(email="petugas.kaltara@bps.go.id", office=Office.objects.get(code="6500"))


# The clock


def test_a_complete_request_starts_its_clock_on_submission(visitor, officer):
    submitted = wita("2026-03-16T10:00")  # Monday
    request = file_request(visitor, "6500", "konsultasi", now=submitted)
    request.refresh_from_db()
    assert (request.status, request.submitted_at, request.clock_started_at) == (
        Status.SUBMITTED, submitted, submitted)
    assert request.working_days_allowed == 3
    # Day 1 Tue 17 March; 18–24 March are Nyepi, Idul Fitri and their cuti bersama; Wed 25, Thu 26.
    assert local_iso(request.due_at) == "2026-03-26T15:30:00+08:00"
    assert request.due_at == datetime.datetime(2026, 3, 26, 7, 30, tzinfo=UTC)
    with pytest.raises(ActionRefused, match="sudah dinyatakan lengkap"):
        workflow.perform(request, "mark_complete", officer)


@pytest.mark.parametrize(
    "submitted, due",
    [
        ("2026-03-16T07:00", "2026-03-26T15:30:00+08:00"),  # before opening: that day counts
        ("2026-03-16T15:29", "2026-03-26T15:30:00+08:00"),  # a minute before closing: that day counts
        ("2026-03-16T15:30", "2026-03-27T15:30:00+08:00"),  # at closing: from Tue 17
        ("2026-03-16T16:00", "2026-03-27T15:30:00+08:00"),  # after closing: from Tue 17 (25, 26, 27)
        ("2026-03-13T18:00", "2026-03-26T15:30:00+08:00"),  # Friday evening: from Mon 16
        ("2026-03-19T10:00", "2026-03-30T15:30:00+08:00"),  # Nyepi: from Wed 25 (26, 27, 30)
    ],
)
def test_a_submission_outside_office_hours_counts_from_the_next_working_day(visitor, catalogue, submitted,
                                                                             due):
    request = file_request(visitor, "6500", "konsultasi", now=wita(submitted))
    request.refresh_from_db()
    assert request.clock_started_at == wita(submitted)
    assert local_iso(request.due_at) == due


@pytest.mark.parametrize("action, status", [("mark_complete", Status.SUBMITTED),
                                            ("process", Status.IN_PROCESS)])
def test_a_request_missing_a_document_waits_for_the_officer_to_start_its_clock(visitor, officer, action,
                                                                                 status):
    require_upload("6500", "konsultasi")
    request = file_request(visitor, "6500", "konsultasi", now=wita("2026-11-23T10:00"))
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED and request.working_days_allowed == 3
    assert (request.clock_started_at, request.due_at, request.at_risk_from) == (None, None, None)
    assert urgency(request, now=wita("2026-12-31T10:00")) == Urgency.NOT_STARTED

    complete_at = wita("2026-11-25T14:00")  # Wednesday
    workflow.perform(request, action, officer, now=complete_at)
    request.refresh_from_db()
    assert request.status == status and request.clock_started_at == complete_at
    assert local_iso(request.due_at) == "2026-11-30T15:30:00+08:00"  # Thu 26, Fri 27, Mon 30
    with pytest.raises(ActionRefused):
        workflow.perform(request, "mark_complete", officer, now=complete_at)


def test_a_return_pauses_the_clock_and_the_answer_resumes_it_with_the_days_left(visitor, officer):
    request = file_request(visitor, "6500", "konsultasi", now=wita("2026-11-23T10:00"))  # Monday
    request.refresh_from_db()
    assert local_iso(request.due_at) == "2026-11-26T15:30:00+08:00"  # Tue 24, Wed 25, Thu 26

    returned_at = wita("2026-11-24T10:00")  # Tuesday: Wed 25 and Thu 26 are left
    workflow.perform(request, "return", officer, note="Mohon lampirkan surat pengantar.", now=returned_at)
    request.refresh_from_db()
    assert (request.status, request.clock_paused_at, request.working_days_left_at_pause) == (
        Status.RETURNED, returned_at, 2)
    assert list(ClockPause.objects.filter(request=request).values_list(
        "paused_at", "resumed_at", "working_days_left")) == [(returned_at, None, 2)]
    assert working_days_left(request, now=wita("2026-11-27T09:00")) == 2
    assert urgency(request, now=wita("2026-11-27T09:00")) == Urgency.PAUSED  # past the old due date

    resubmitted_at = wita("2026-11-27T10:00")  # Friday: three working days later
    workflow.perform(request, "resubmit", visitor, note="Surat pengantar terlampir.", now=resubmitted_at)
    request.refresh_from_db()
    assert request.status == Status.RESUBMITTED and request.clock_paused_at is None
    assert request.working_days_left_at_pause is None
    assert request.clock_started_at == wita("2026-11-23T10:00")
    # Two days left from Friday: Mon 30 November, Tue 1 December; three working days later than before.
    assert local_iso(request.due_at) == "2026-12-01T15:30:00+08:00"
    assert list(ClockPause.objects.filter(request=request).values_list("resumed_at", flat=True)) == [
        resubmitted_at]
    assert urgency(request, now=wita("2026-11-27T11:00")) == Urgency.ON_TRACK


def test_the_offices_zone_decides_the_utc_due_moment(visitor, catalogue):
    # 6500's consultation gets the 10 working days of 6202's product sales, to compare like with like.
    StandardSection.objects.filter(standard=standard("6500", "konsultasi"), channel="online").update(
        completion_value=10)
    ten_local = datetime.datetime(2026, 3, 16, 10)
    # An order's clock starts when the officer confirms it.
    sampit = OfficerFactory(office=Office.objects.get(code="6202"))
    in_wib = file_order(visitor, confirm_by=sampit, now=ten_local.replace(tzinfo=WIB))
    in_wita = file_request(visitor, "6500", "konsultasi", now=ten_local.replace(tzinfo=WITA))
    in_wib.refresh_from_db()
    in_wita.refresh_from_db()
    assert in_wib.working_days_allowed == in_wita.working_days_allowed == 10
    # 17, 25, 26, 27, 30, 31 March, 1, 2 April, (Good Friday), 6, 7 April: the same local moment...
    assert local_iso(in_wib.due_at, WIB) == "2026-04-07T15:30:00+07:00"
    assert local_iso(in_wita.due_at) == "2026-04-07T15:30:00+08:00"
    # ...an hour apart in UTC.
    assert in_wib.due_at == datetime.datetime(2026, 4, 7, 8, 30, tzinfo=UTC)
    assert in_wita.due_at == datetime.datetime(2026, 4, 7, 7, 30, tzinfo=UTC)

    # The same instant is 15.00 in Sampit (open) and 16.00 in Tanjung Selor (closed).
    instant = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    in_wib = file_order(visitor, confirm_by=sampit, now=instant)
    in_wita = file_request(visitor, "6500", "konsultasi", now=instant)
    in_wib.refresh_from_db()
    in_wita.refresh_from_db()
    assert local_iso(in_wib.due_at, WIB) == "2026-12-07T15:30:00+07:00"  # counted from Mon 23
    assert local_iso(in_wita.due_at) == "2026-12-08T15:30:00+08:00"  # counted from Tue 24


# Urgency, in Python and in SQL

URGENCY_AT = [
    ("2026-03-17T09:00", {"running": Urgency.ON_TRACK}),
    ("2026-03-24T09:00", {"running": Urgency.ON_TRACK}),  # cuti bersama; two whole working days left
    ("2026-03-25T16:00", {"running": Urgency.AT_RISK}),  # Wednesday closed: the last working day is next
    ("2026-03-26T15:30", {"running": Urgency.AT_RISK}),  # the due moment itself is not late
    ("2026-03-26T15:31", {"running": Urgency.OVERDUE}),
    ("2026-04-01T09:00", {"running": Urgency.OVERDUE}),
]


@pytest.fixture
def requests_by_state(visitor, officer):
    """Requests submitted on Monday 16 March 2026, 10.00 WITA (due Thu 26 March 15.30), in four states."""
    submitted = wita("2026-03-16T10:00")
    found = {
        "running": file_request(visitor, "6500", "konsultasi", now=submitted),
        "paused": file_request(visitor, "6500", "konsultasi", now=submitted),
        "closed": file_request(visitor, "6500", "konsultasi", now=submitted),
    }
    next_day = wita("2026-03-17T10:00")
    workflow.perform(found["paused"], "return", officer, note="Perjelas tahunnya.", now=next_day)
    workflow.perform(found["closed"], "reject", officer, note="Di luar lingkup.", now=next_day)
    require_upload("6500", "konsultasi")
    found["not_started"] = file_request(visitor, "6500", "konsultasi", now=submitted)
    for request in found.values():
        request.refresh_from_db()
    return found


@pytest.mark.parametrize("now, expected", URGENCY_AT, ids=[now for now, _ in URGENCY_AT])
def test_urgency_at_a_chosen_moment_in_python_and_in_sql(requests_by_state, now, expected):
    now = wita(now)
    expected = {"paused": Urgency.PAUSED, "not_started": Urgency.NOT_STARTED, "closed": Urgency.CLOSED,
                **expected}
    in_python = {name: urgency(request, now=now) for name, request in requests_by_state.items()}
    assert in_python == expected
    names = {request.pk: name for name, request in requests_by_state.items()}
    in_sql = dict(Request.objects.filter(pk__in=names).annotate(urgency=urgency_expression(now))
                  .values_list("pk", "urgency"))
    assert {names[pk]: value for pk, value in in_sql.items()} == expected


# Emails

VISITOR_EMAILS = [
    # (steps taken first, the step, who takes it, the status in the subject, what the visitor is told)
    ((), ("submit", "visitor"), "Diajukan", "Permintaan Anda telah kami terima."),
    ((("submit", "visitor"),), ("return", "officer"), "Dikembalikan untuk perbaikan",
     "Petugas mengembalikan permintaan Anda untuk diperbaiki. "
     "Tenggat dijeda sampai Anda mengirim perbaikan."),
    ((("submit", "visitor"), ("process", "officer")), ("complete", "officer"), "Selesai",
     "Permintaan Anda telah selesai."),
    ((("submit", "visitor"),), ("reject", "officer"), "Ditolak", "Permintaan Anda ditolak."),
    ((("submit", "visitor"),), ("cancel", "visitor"), "Dibatalkan",
     "Permintaan Anda telah dibatalkan atas permintaan Anda."),
    ((("submit", "visitor"), ("return", "officer")), ("close_inactive", "system"),
     "Ditutup karena tidak ada tanggapan", "Permintaan Anda ditutup karena tidak ada tanggapan."),
]


@pytest.mark.parametrize("before, step, status_text, told", VISITOR_EMAILS,
                         ids=[step[0] for _, step, _, _ in VISITOR_EMAILS])
def test_the_visitor_is_emailed_on_each_step_that_concerns_them(
    visitor, officer, django_capture_on_commit_callbacks, before, step, status_text, told
):
    actors = {"visitor": visitor, "officer": officer, "system": None}
    request = file_request(visitor, "6500", "konsultasi", submit=False)
    for action, who in before:
        workflow.perform(request, action, actors[who], note="Catatan sebelumnya.")
    action, who = step
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(request, action, actors[who], note="Alasan langkah ini.")
    # (a completed or rejected request also gets the satisfaction survey's link, an email of its own)
    to_visitor = [m for m in mail.outbox if m.to == ["citra@contoh.id"] and "/penilaian/" not in m.body]
    assert len(to_visitor) == 1
    assert to_visitor[0].subject == f"[PST BPS] {request.code}: {status_text}"
    body = to_visitor[0].body
    assert body.startswith("Yth. Citra Lestari,") and told in body and request.code in body
    assert f"/permintaan/{request.code}/" in body
    if action in ("return", "reject", "complete", "cancel"):
        assert "Alasan langkah ini." in body


def test_the_visitors_email_is_in_the_language_of_the_request(visitor, officer,
                                                              django_capture_on_commit_callbacks):
    request = file_request(visitor, "6500", "konsultasi", submit=False)
    Request.objects.filter(pk=request.pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(request, "submit", visitor, now=wita("2026-03-16T10:00"))
    (to_visitor,) = [m for m in mail.outbox if m.to == ["citra@contoh.id"]]
    (to_staff,) = [m for m in mail.outbox if m.bcc]
    assert to_visitor.subject == f"[PST BPS] {request.code}: Submitted"
    lines = to_visitor.body.splitlines()
    for line in ("Dear Citra Lestari,", "We have received your request.", f"Tracking code: {request.code}",
                 "Service: Statistical Consultation — BPS Provinsi Kalimantan Utara", "Status: Submitted",
                 "Deadline: 26 March 2026 15.30 WITA"):
        assert line in lines
    # The office's staff read Indonesian, whatever the visitor's language.
    staff_lines = to_staff.body.splitlines()
    for line in ("Ada permintaan baru untuk kantor Anda.", "Tenggat: 26 Maret 2026 15.30 WITA",
                 "Jenis layanan: Konsultasi Statistik (Daring (online))"):
        assert line in staff_lines


def test_the_offices_active_officers_hear_of_a_new_request(visitor, officer,
                                                           django_capture_on_commit_callbacks):
    office = Office.objects.get(code="6500")
    OfficerFactory(email="petugas2.kaltara@bps.go.id", office=office)
    OfficerFactory(email="cuti.kaltara@bps.go.id", office=office, is_active=False)
    HeadFactory(email="kepala.kaltara@bps.go.id", office=office)
    OfficerFactory(email="petugas.kotabaru@bps.go.id", office=Office.objects.get(code="6302"))
    with django_capture_on_commit_callbacks(execute=True):
        request = file_request(visitor, "6500", "konsultasi")
    (to_staff,) = [m for m in mail.outbox if m.bcc]
    assert sorted(to_staff.bcc) == ["petugas.kaltara@bps.go.id", "petugas2.kaltara@bps.go.id"]
    assert to_staff.to == []
    assert to_staff.subject == f"[PST BPS] {request.code}: Ada permintaan baru untuk kantor Anda."
    assert f"/petugas/permintaan/{request.code}/" in to_staff.body
    assert len(mail.outbox) == 2


def test_an_events_emails_are_sent_once(visitor, officer):
    request = file_request(visitor, "6500", "konsultasi")  # its on-commit callbacks never run here
    event = RequestEvent.objects.get(request=request, action="submit")
    assert event.notified_at is None
    assert send_event_notifications(event.pk) == 2
    assert len(mail.outbox) == 2
    assert send_event_notifications(event.pk) == 0
    assert len(mail.outbox) == 2
    event.refresh_from_db()
    assert event.notified_at is not None


class FailingMailServer(BaseEmailBackend):
    """A mail server that refuses every message."""

    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        raise smtplib.SMTPException("421 4.3.2 Service not available")


def broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "broken_task", [None, deliver_email, notify_task],
    ids=["mail-server-refuses", "broker-down-for-the-email", "broker-down-for-the-event"],
)
def test_a_failing_mail_server_never_fails_the_visitors_page(client, visitor, officer, settings, monkeypatch,
                                                             broken_task):
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.FailingMailServer"
    FailingMailServer.attempts = 0
    if broken_task is not None:
        monkeypatch.setattr(broken_task, "delay", broker_down)
    draft = file_request(visitor, "6500", "konsultasi", submit=False)
    client.force_login(visitor)
    response = client.post(f"/permintaan/{draft.code}/periksa/")
    assert response.status_code == 302
    assert response["Location"] == f"/permintaan/{draft.code}/terkirim/"
    assert draft.code in client.get(response["Location"]).content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.due_at is not None
    assert mail.outbox == []
    if broken_task is None:
        # The visitor's and the officer's message each reached the server (its retry is Celery's).
        assert FailingMailServer.attempts == 2
