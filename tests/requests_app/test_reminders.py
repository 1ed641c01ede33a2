"""Reminders, escalations and digests (requests_app.reminders): each at its threshold, once, however
often or concurrently the jobs run; nothing on a paused request or a non-working morning.

Deadlines are written straight to the rows; the jobs take ``now``."""
import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from pst_portal.models import JobRun
from requests_app import notifications, reminders, tasks, workflow
from requests_app.access import timeline_for
from requests_app.deadlines import _due_soon_from
from requests_app.models import Digest, Reminder, Request, RequestEvent, Status
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import Office
from services.consultation import conversation as consultation
from tests.conftest import require
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request, standard

WITA = ZoneInfo("Asia/Makassar")  # office 6500, Kalimantan Utara
TUESDAY = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=WITA)
HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)


@pytest.fixture
def eko(office):
    return OfficerFactory(email="eko@bps.go.id", full_name="Eko Petugas", office=office)


def running(**fields):
    """A consultation at 6500, submitted (its clock running), with ``fields`` written to its row (the
    moment one working day is left follows ``due_at`` as the clock would compute it)."""
    request = file_request(ProfiledVisitorFactory())
    started = TUESDAY - 10 * DAY
    if "due_at" in fields and "due_soon_from" not in fields:
        fields["due_soon_from"] = _due_soon_from(WorkingCalendar(request.office), started, fields["due_at"])
    Request.objects.filter(pk=request.pk).update(clock_started_at=started, **fields)
    request.refresh_from_db()
    return request


def sent_to(address):
    return [m for m in mail.outbox if address in m.to + m.bcc]


def test_an_at_risk_request_reminds_its_officer_once(dewi, eko, committing):
    request = running(due_at=TUESDAY + 7 * DAY, at_risk_from=TUESDAY - HOUR, assigned_to=dewi)
    mail.outbox.clear()
    with committing():
        assert reminders.sweep_deadlines(TUESDAY)["at_risk"] == 1
        assert reminders.sweep_deadlines(TUESDAY + HOUR)["at_risk"] == 0  # the next sweep: nothing again
    [message] = mail.outbox
    assert message.bcc == ["dewi@bps.go.id"] and request.code in message.subject
    assert "berisiko" in message.body.lower() and "Dewi Petugas" in message.body
    event = request.events.get(action="deadline_reminder")
    assert event.is_internal and event in timeline_for(dewi, request)
    assert event not in timeline_for(request.visitor, request)


def test_an_unassigned_request_reminds_every_officer_of_the_office(dewi, eko, committing):
    running(due_at=TUESDAY + 7 * DAY, at_risk_from=TUESDAY - HOUR)
    mail.outbox.clear()
    with committing():
        reminders.sweep_deadlines(TUESDAY)
    [message] = mail.outbox
    assert sorted(message.bcc) == ["dewi@bps.go.id", "eko@bps.go.id"]


def test_one_working_day_before_the_deadline_the_officer_is_reminded_again(dewi, committing):
    # Due Wednesday 15.30: on Tuesday one working day is left.
    due = datetime.datetime(2026, 11, 25, 15, 30, tzinfo=WITA)
    running(due_at=due, at_risk_from=TUESDAY - DAY, assigned_to=dewi)
    mail.outbox.clear()
    monday = TUESDAY - DAY
    assert reminders.sweep_deadlines(monday)["due_tomorrow"] == 0  # two working days left
    with committing():
        counts = reminders.sweep_deadlines(TUESDAY)
    assert counts == {"at_risk": 0, "due_tomorrow": 1, "overdue": 0, "very_overdue": 0}
    assert "besok" in mail.outbox[-1].body


def test_a_friday_reminder_for_a_monday_deadline_skips_the_weekend(dewi):
    friday = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=WITA)
    running(due_at=datetime.datetime(2026, 11, 30, 15, 30, tzinfo=WITA), at_risk_from=friday - DAY,
            assigned_to=dewi)
    mail.outbox.clear()
    assert reminders.sweep_deadlines(friday)["due_tomorrow"] == 1


def test_an_overdue_request_is_escalated_to_the_head_with_what_they_need(dewi, head, committing):
    request = running(due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY, assigned_to=dewi)
    mail.outbox.clear()
    with committing():
        assert reminders.sweep_deadlines(TUESDAY)["overdue"] == 1
        assert reminders.sweep_deadlines(TUESDAY + HOUR)["overdue"] == 0
    [message] = sent_to("kepala@bps.go.id")
    assert request.code in message.subject and "Eskalasi" in message.subject
    assert "Melewati tenggat 22-11-2026 10.00 WITA, 1 hari kerja lalu" in message.body
    assert "Dewi Petugas" in message.body
    assert f"/petugas/permintaan/{request.code}/" in message.body
    assert sent_to("dewi@bps.go.id") == []  # escalations go to the head
    assert request.events.filter(action="escalation").count() == 1


def test_a_paused_request_is_not_reminded(dewi, head, committing):
    running(due_at=TUESDAY - DAY, at_risk_from=TUESDAY - 3 * DAY, assigned_to=dewi,
            clock_paused_at=TUESDAY - DAY)
    mail.outbox.clear()
    with committing():
        assert reminders.sweep_deadlines(TUESDAY) == {"at_risk": 0, "due_tomorrow": 0, "overdue": 0,
                                                      "very_overdue": 0}
    assert mail.outbox == []


def test_a_new_deadline_is_a_new_reminder(dewi):
    request = running(due_at=TUESDAY + 7 * DAY, at_risk_from=TUESDAY - HOUR, assigned_to=dewi)
    reminders.sweep_deadlines(TUESDAY)
    Request.objects.filter(pk=request.pk).update(due_at=TUESDAY + 9 * DAY)  # e.g. resumed after a pause
    assert reminders.sweep_deadlines(TUESDAY + HOUR)["at_risk"] == 1
    assert Reminder.objects.filter(request=request, kind="at_risk").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(catalogue):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for concurrent sweeps")
    office = Office.objects.get(code="6500")
    OfficerFactory(email="dewi@bps.go.id", office=office)
    HeadFactory(email="kepala@bps.go.id", office=office)
    for _ in range(5):
        running(due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY)
    mail.outbox.clear()
    barrier, results = threading.Barrier(3), []

    def sweep():
        try:
            barrier.wait()
            results.append(reminders.sweep_deadlines(TUESDAY)["overdue"])
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 5
    assert Reminder.objects.filter(kind="overdue").count() == 5
    assert len(sent_to("kepala@bps.go.id")) == 5


# ---------------------------------------------------------------- the visitor


def test_a_visitor_who_does_not_answer_a_return_is_reminded_after_3_and_6_working_days(dewi, committing):
    request = file_request(ProfiledVisitorFactory(email="citra@contoh.id"))
    returned_at = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=WITA)  # Monday
    workflow.perform(request, workflow.Action.RETURN, dewi, note="Lengkapi tujuan penggunaan data.",
                     now=returned_at)
    mail.outbox.clear()
    thursday = returned_at + 3 * DAY
    with committing():
        assert reminders.remind_visitors(thursday - DAY) == {"visitor_3": 0, "visitor_6": 0}  # 2 working days
        assert reminders.remind_visitors(thursday) == {"visitor_3": 1, "visitor_6": 0}
        assert reminders.remind_visitors(thursday + HOUR) == {"visitor_3": 0, "visitor_6": 0}
        next_tuesday = returned_at + 8 * DAY  # 6 working days later (the weekend does not count)
        assert reminders.remind_visitors(next_tuesday - DAY) == {"visitor_3": 0, "visitor_6": 0}
        assert reminders.remind_visitors(next_tuesday) == {"visitor_3": 0, "visitor_6": 1}
    messages = sent_to("citra@contoh.id")
    assert len(messages) == 2 and all(request.code in m.subject for m in messages)
    assert "kirim perbaikan" in messages[0].body
    # The visitor sees these reminders on their timeline; officers do too.
    assert request.events.filter(action="visitor_reminder", is_internal=False).count() == 2


def test_a_visitor_who_answers_is_not_reminded(dewi):
    request = file_request(ProfiledVisitorFactory())
    returned_at = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=WITA)
    workflow.perform(request, workflow.Action.RETURN, dewi, note="Lengkapi.", now=returned_at)
    workflow.perform(request, workflow.Action.RESUBMIT, request.visitor, note="Sudah.",
                     now=returned_at + DAY)
    assert reminders.remind_visitors(returned_at + 10 * DAY) == {"visitor_3": 0, "visitor_6": 0}


# ---------------------------------------------------------------- morning digests


def test_the_morning_digest_goes_once_from_seven_on_working_days(dewi, eko, head):
    running(due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY, assigned_to=dewi)
    due_today = running(due_at=datetime.datetime(2026, 11, 24, 15, 30, tzinfo=WITA), assigned_to=eko,
                        at_risk_from=TUESDAY - DAY)
    mail.outbox.clear()
    six = datetime.datetime(2026, 11, 24, 6, 59, tzinfo=WITA)
    assert reminders.send_digests(six) == {"officers": 0, "head": 0}
    seven = six + datetime.timedelta(minutes=6)
    assert reminders.send_digests(seven)["officers"] >= 1
    again = reminders.send_digests(seven + HOUR)
    assert again["officers"] == 0 and again["head"] == 0
    [officers] = [m for m in sent_to("dewi@bps.go.id") if "Ringkasan" in m.subject]
    assert sorted(officers.bcc) == ["dewi@bps.go.id", "eko@bps.go.id"]
    assert "1 terlambat, 1 jatuh tempo hari ini" in officers.subject and due_today.code in officers.body
    [to_head] = [m for m in sent_to("kepala@bps.go.id") if "Ringkasan" in m.subject]
    assert "Melewati tenggat (1)" in to_head.body
    assert Digest.objects.filter(office__code="6500", day=datetime.date(2026, 11, 24)).count() == 2


def test_no_digest_on_a_holiday_or_a_weekend(dewi, head):
    running(due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY, assigned_to=dewi)
    mail.outbox.clear()
    christmas = datetime.datetime(2026, 12, 25, 8, 0, tzinfo=WITA)
    saturday = datetime.datetime(2026, 11, 28, 8, 0, tzinfo=WITA)
    assert reminders.send_digests(christmas) == {"officers": 0, "head": 0}
    assert reminders.send_digests(saturday) == {"officers": 0, "head": 0}
    assert mail.outbox == []
    monday = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=WITA)  # the same office, a working day
    assert reminders.send_digests(monday) == {"officers": 1, "head": 1}


# ---------------------------------------------------------------- a walk-in guest without an account


def walk_in_guest(officer, **fields):
    """A consultation recorded at the 6500 desk for a guest without an account (Rudi Hartono), then
    written open with its clock running and ``fields`` (as ``running`` does)."""
    request = consultation.record_walk_in(
        officer, standard("6500", "konsultasi"), guest_name="Rudi Hartono", guest_contact="rudi@contoh.id",
        guest_institution="", topic="data", question="Data kemiskinan per desa?", answer="Ada di publikasi.",
        duration_minutes=10,
    )
    Request.objects.filter(pk=request.pk).update(
        status=Status.IN_PROCESS, clock_started_at=TUESDAY - 10 * DAY, closed_at=None, **fields
    )
    request.refresh_from_db()
    return request


def test_a_walk_in_guest_is_named_in_the_reminder_and_the_digests(dewi, head, committing):
    request = walk_in_guest(dewi, due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY, assigned_to=dewi)
    due_today = walk_in_guest(dewi, due_at=datetime.datetime(2026, 11, 24, 15, 30, tzinfo=WITA),
                              at_risk_from=TUESDAY - DAY, assigned_to=dewi)
    mail.outbox.clear()
    with committing():
        assert reminders.sweep_deadlines(TUESDAY)["overdue"] == 1
    [escalation] = [m for m in sent_to("kepala@bps.go.id") if request.code in m.subject]
    assert "Pengguna layanan: Rudi Hartono" in escalation.body
    reminders.send_digests(TUESDAY)
    [officers] = [m for m in sent_to("dewi@bps.go.id") if "Ringkasan" in m.subject]
    line = next(line for line in officers.body.splitlines() if due_today.code in line)
    assert "Rudi Hartono" in line and "—" not in line


def test_a_walk_in_guest_is_named_in_the_staff_email(dewi, head):
    request = walk_in_guest(dewi, due_at=TUESDAY + 5 * DAY, assigned_to=dewi)
    mail.outbox.clear()
    event = RequestEvent.objects.create(request=request, action="request_approval", actor=dewi,
                                        from_status=Status.IN_PROCESS, to_status=Status.IN_PROCESS)
    assert notifications.send_event_notifications(event.pk) == 1
    [message] = sent_to("kepala@bps.go.id")
    assert "Pengguna layanan: Rudi Hartono" in message.body


# ---------------------------------------------------------------- the jobs' record


def test_each_job_run_is_recorded_with_what_it_did(dewi, head):
    running(due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY, assigned_to=dewi)
    with time_machine.travel(TUESDAY, tick=False):
        tasks.sweep_deadlines()
        tasks.remind_visitors()
    runs = {run.name: run for run in JobRun.objects.all()}
    assert runs["sweep_deadlines"].counts == {"at_risk": 0, "due_tomorrow": 0, "overdue": 1,
                                              "very_overdue": 0}
    assert runs["sweep_deadlines"].finished_at is not None and runs["remind_visitors"].error == ""
    assert Request.objects.filter(status=Status.SUBMITTED).count() == 1


def test_an_office_without_a_head_escalates_to_its_officers(dewi, committing):
    running(due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY, assigned_to=dewi)
    mail.outbox.clear()
    with committing():
        assert reminders.sweep_deadlines(TUESDAY)["overdue"] == 1
    [message] = mail.outbox
    assert message.bcc == ["dewi@bps.go.id"] and "Eskalasi" in message.subject


def test_one_failing_request_does_not_stop_the_sweep(dewi, head, monkeypatch):
    first = running(due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY, assigned_to=dewi)
    second = running(due_at=TUESDAY - 2 * DAY, at_risk_from=TUESDAY - 5 * DAY, assigned_to=dewi)
    real_note = reminders._note

    def broken_for_first(request, kind, days, *params):
        if request.pk == first.pk:
            raise ValueError("broken data")
        return real_note(request, kind, days, *params)

    monkeypatch.setattr(reminders, "_note", broken_for_first)
    counts = reminders.sweep_deadlines(TUESDAY)
    assert counts["overdue"] == 1 and counts["errors"] == 1
    assert not Reminder.objects.filter(request=first).exists()  # nothing half-done for the broken one
    assert Reminder.objects.filter(request=second, kind="overdue").count() == 1


def test_the_heads_monday_digest_lists_the_weekends_escalations(dewi, head):
    friday_digest = datetime.datetime(2026, 11, 20, 7, 30, tzinfo=WITA)
    reminders.send_digests(friday_digest)
    late = running(due_at=datetime.datetime(2026, 11, 20, 15, 30, tzinfo=WITA), at_risk_from=friday_digest,
                   assigned_to=dewi)
    reminders.sweep_deadlines(datetime.datetime(2026, 11, 20, 16, 0, tzinfo=WITA))  # Friday afternoon
    mail.outbox.clear()
    reminders.send_digests(datetime.datetime(2026, 11, 23, 7, 30, tzinfo=WITA))  # Monday
    [to_head] = [m for m in sent_to("kepala@bps.go.id") if "Ringkasan" in m.subject]
    assert "Eskalasi sejak ringkasan sebelumnya (1)" in to_head.body and late.code in to_head.body


def test_a_request_whose_clock_started_before_the_column_existed_is_still_reminded(dewi):
    due = datetime.datetime(2026, 11, 25, 15, 30, tzinfo=WITA)
    running(due_at=due, at_risk_from=TUESDAY - DAY, assigned_to=dewi, due_soon_from=None)
    assert reminders.sweep_deadlines(TUESDAY - DAY)["due_tomorrow"] == 0
    assert reminders.sweep_deadlines(TUESDAY)["due_tomorrow"] == 1


def test_the_clock_stores_when_one_working_day_is_left(catalogue):
    request = file_request(ProfiledVisitorFactory())
    calendar = WorkingCalendar(request.office)
    assert calendar.working_days_left(request.due_soon_from, request.due_at) <= 1
    assert calendar.working_days_left(request.due_soon_from - HOUR, request.due_at) >= 2 or \
        request.due_soon_from == request.clock_started_at


def test_a_visitor_who_filed_in_english_reads_their_reminder_in_english(dewi, committing):
    request = file_request(ProfiledVisitorFactory(email="citra@contoh.id"))
    Request.objects.filter(pk=request.pk).update(language="en")
    returned_at = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=WITA)  # Monday
    workflow.perform(request, workflow.Action.RETURN, dewi, note="Please add the purpose.", now=returned_at)
    with committing():
        assert reminders.remind_visitors(returned_at + 3 * DAY) == {"visitor_3": 1, "visitor_6": 0}
    reminder = request.events.get(action="visitor_reminder")
    assert reminder.note == "This request has waited 3 working days for your response."
    (message,) = sent_to("citra@contoh.id")
    assert "Your request has been waiting for your reply for 3 working days." in message.body
