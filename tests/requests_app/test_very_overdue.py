"""A second escalation to the head, once per request and deadline, when a running request is late by
more than its whole allowance again (elapsed working days over twice those allowed), counted in the
office's working days: weekends, national holidays and cuti bersama do not count.

Deadlines are written straight to the rows; the sweep takes ``now``."""
import datetime
from zoneinfo import ZoneInfo

from django.core import mail

from requests_app import reminders
from requests_app.models import Reminder, Request
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import CalendarOverride
from tests.factories import ProfiledVisitorFactory
from tests.requests_helpers import file_request

WITA = ZoneInfo("Asia/Makassar")  # office 6500
# Due Tuesday 22 December 2026 at closing; 24 (cuti bersama) and 25 (Christmas) are holidays.
DUE = datetime.datetime(2026, 12, 22, 15, 30, tzinfo=WITA)
HOUR = datetime.timedelta(hours=1)


def at(day, hour=10):
    return datetime.datetime(2026, 12, day, hour, 0, tzinfo=WITA)


def late_request(officer, allowed=3, due=DUE, **fields):
    request = file_request(ProfiledVisitorFactory())
    Request.objects.filter(pk=request.pk).update(
        clock_started_at=due - datetime.timedelta(days=7), due_at=due, at_risk_from=due - 2 * HOUR,
        due_soon_from=due - 30 * HOUR, working_days_allowed=allowed, assigned_to=officer, **fields)
    request.refresh_from_db()
    return request


def to_head():
    return [m for m in mail.outbox if "kepala@bps.go.id" in m.bcc]


def test_the_second_escalation_waits_for_the_allowance_again_in_working_days(dewi, head, committing):
    request = late_request(dewi)  # 3 working days allowed
    with committing():
        assert reminders.sweep_deadlines(at(23))["overdue"] == 1  # the first escalation
        # Tuesday 29th: 3 working days late (23, 28, 29: the holidays and the weekend do not count),
        # a week by the calendar: not yet beyond its allowance again.
        assert reminders.sweep_deadlines(at(29))["very_overdue"] == 0
        assert reminders.sweep_deadlines(at(30))["very_overdue"] == 1  # 4 working days late
        assert reminders.sweep_deadlines(at(30) + HOUR)["very_overdue"] == 0
        assert reminders.sweep_deadlines(at(31))["very_overdue"] == 0
    [message] = [m for m in to_head() if "Eskalasi kedua" in m.subject]
    assert request.code in message.subject and len(to_head()) == 2  # the first and the second
    assert "Sangat terlambat: 4 hari kerja melewati tenggat 22-12-2026 15.30 WITA" in message.body
    assert "(3 hari kerja)" in message.body and "Dewi Petugas" in message.body
    assert f"/petugas/permintaan/{request.code}/" in message.body
    assert [m for m in mail.outbox if "dewi@bps.go.id" in m.bcc] == []
    assert Reminder.objects.filter(request=request, kind="very_overdue").count() == 1
    assert request.events.filter(action="escalation").count() == 2


def test_an_office_closure_delays_the_second_escalation(dewi, head):
    CalendarOverride.objects.create(office=dewi.office, date=datetime.date(2026, 12, 29),
                                    kind="closed", name="Penutupan kantor")
    late_request(dewi)
    assert not WorkingCalendar(dewi.office).is_working_day(datetime.date(2026, 12, 29))
    assert reminders.sweep_deadlines(at(30))["very_overdue"] == 0  # still 3 working days late
    assert reminders.sweep_deadlines(at(31))["very_overdue"] == 1


def test_a_paused_or_a_finished_request_is_not_escalated_again(dewi, head):
    late_request(dewi, clock_paused_at=at(23))
    late_request(dewi, status="completed")
    assert reminders.sweep_deadlines(at(31))["very_overdue"] == 0


def test_a_new_deadline_after_a_pause_can_be_escalated_again(dewi, head):
    request = late_request(dewi, allowed=1)
    assert reminders.sweep_deadlines(at(28))["very_overdue"] == 1  # 2 working days late of 1
    new_due = datetime.datetime(2027, 1, 4, 15, 30, tzinfo=WITA)  # resumed: a new deadline
    Request.objects.filter(pk=request.pk).update(due_at=new_due)
    # 5 January 2027 is Isra Mi'raj: on the 6th it is one working day late, on the 7th two.
    assert reminders.sweep_deadlines(datetime.datetime(2027, 1, 6, 10, tzinfo=WITA))["very_overdue"] == 0
    assert reminders.sweep_deadlines(datetime.datetime(2027, 1, 7, 10, tzinfo=WITA))["very_overdue"] == 1
    assert Reminder.objects.filter(request=request, kind="very_overdue").count() == 2
