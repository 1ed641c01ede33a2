"""The clock of a request: started, paused, resumed, and how urgent it is.

The rules are design.md's "Deadlines": the clock starts when the request is
complete; it is due at the office's closing time on the Nth working day after
the day it started (a start outside office hours counts from the next working
day); it pauses while the request waits on the visitor and resumes with the
working days that were left. A request is at risk when less than 20% of its
working days are left, or it is on its last working day.

These functions change the request in memory (and write its ``ClockPause``
rows); ``workflow.perform`` saves the request in the same transaction.
"""
import datetime
import math

from django.db.models import Case, IntegerChoices, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.models import FINAL_STATUSES, ClockPause, Status
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import StandardSection

AT_RISK_SHARE = 0.2


class Urgency(IntegerChoices):
    """Queue order: the most urgent first."""

    OVERDUE = 0, _("Terlambat")
    AT_RISK = 1, _("Berisiko")
    NOT_STARTED = 2, _("Belum dihitung")
    ON_TRACK = 3, _("Sesuai jadwal")
    PAUSED = 4, _("Dijeda")
    CLOSED = 5, _("Sudah ditutup")


def at_risk_threshold(working_days_allowed):
    """At risk with this many working days left or fewer: less than 20% of the time allowed,
    and in any case on the last working day."""
    return max(1, math.ceil(working_days_allowed * AT_RISK_SHARE) - 1)


def _previous_working_day(calendar, day):
    return calendar.previous_working_day(day, within=365) or day


def _at_risk_from(calendar, start, due, working_days_allowed):
    """From the beginning of the working day on which only the threshold's working days are
    left after it (never before the clock started). Counted in working days, so a long holiday
    does not make a request look at risk."""
    day = timezone.localtime(due, calendar.zone).date()
    for _step in range(at_risk_threshold(working_days_allowed)):
        day = _previous_working_day(calendar, day)
    return max(start, datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=calendar.zone))


def _due_soon_from(calendar, start, due):
    """The beginning of the working day before the due day: from then on one working day is left."""
    day = _previous_working_day(calendar, timezone.localtime(due, calendar.zone).date())
    return max(start, datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=calendar.zone))


def _set_due(request, calendar, start, due):
    request.due_at = due
    request.at_risk_from = _at_risk_from(calendar, start, due, request.working_days_allowed or 1)
    request.due_soon_from = _due_soon_from(calendar, start, due)


def start_clock(request, now):
    """Start counting the request's working days (once)."""
    if request.clock_started_at is not None:
        return
    request.clock_started_at = now
    if request.working_days_allowed:
        calendar = WorkingCalendar(request.office)
        _set_due(request, calendar, now, calendar.due_at(now, request.working_days_allowed))


def _working_days_left(calendar, now, due):
    """Working days after the day a clock started ``now`` would count from, up to the due day."""
    start_day = calendar.clock_start_day(now)
    return calendar.working_days_left(calendar.closing_time(start_day), due)


def pause_clock(request, now):
    """Stop the clock while the request waits on the visitor, keeping the working days left. A request
    served in the desk's queue (no due date) waits too: the pause is recorded, with no days to keep."""
    if request.clock_started_at is None or request.clock_paused_at is not None:
        return
    left = None
    if request.due_at is not None:
        left = _working_days_left(WorkingCalendar(request.office), now, request.due_at)
    request.clock_paused_at = now
    request.working_days_left_at_pause = left
    ClockPause.objects.create(request=request, paused_at=now, working_days_left=left)


def resume_clock(request, now):
    """Resume with the working days that were left; an overdue request stays overdue."""
    if request.clock_paused_at is None:
        return
    calendar = WorkingCalendar(request.office)
    left = request.working_days_left_at_pause or 0
    if left >= 1:
        _set_due(request, calendar, now, calendar.due_at(now, left))
    elif left == 0 and request.due_at is not None and request.due_at >= request.clock_paused_at:
        # Paused on its last working day: due at the close of the day it resumes on.
        _set_due(request, calendar, now, calendar.closing_time(calendar.clock_start_day(now)))
    request.pauses.filter(resumed_at__isnull=True).update(resumed_at=now)
    request.clock_paused_at = None
    request.working_days_left_at_pause = None


def stop_clock(request, now):
    """A finished request keeps its due date (to measure it) but no longer waits or counts."""
    if request.clock_paused_at is not None:
        request.pauses.filter(resumed_at__isnull=True).update(resumed_at=now)
        request.clock_paused_at = None
        request.working_days_left_at_pause = None


# Submitted where the standard gives no working-day time (served in the desk's queue): such a request
# is never "not yet started"; it waits its turn, placed by its age (queue.office_queue).
SERVED_IN_QUEUE = Q(due_at__isnull=True, working_days_allowed__isnull=True, submitted_at__isnull=False)


def queue_minutes_expression():
    """``Request.queue_minutes`` as SQL: the minutes of the filed standard's queue promise, or NULL."""
    return Subquery(
        StandardSection.objects.filter(
            standard=OuterRef("standard"),
            channel=OuterRef("channel"),
            completion_kind=StandardSection.CompletionKind.QUEUE_MINUTES,
        ).values("completion_value")[:1]
    )


def pause_reason(request):
    """Why the clock of an open request is paused, in words for the visitor, or None when it is not."""
    if request.clock_paused_at is None or request.is_final:
        return None
    if request.status == Status.RETURNED:
        return _("menunggu perbaikan dari Anda")
    from requests_app.registry import service_for

    return service_for(request).pause_reason(request) or _("menunggu tindakan Anda")


def urgency(request, now=None):
    now = now or timezone.now()
    if request.is_final:
        return Urgency.CLOSED
    if request.clock_paused_at is not None:
        return Urgency.PAUSED
    if request.due_at is None and request.submitted_at is not None and request.queue_minutes:
        return Urgency.ON_TRACK
    if request.due_at is None:
        return Urgency.NOT_STARTED
    if request.due_at < now:
        return Urgency.OVERDUE
    if request.at_risk_from is not None and request.at_risk_from <= now:
        return Urgency.AT_RISK
    return Urgency.ON_TRACK


def urgency_expression(now):
    """``urgency`` as SQL, for sorting and filtering the queue."""
    return Case(
        When(status__in=FINAL_STATUSES, then=Value(Urgency.CLOSED)),
        When(clock_paused_at__isnull=False, then=Value(Urgency.PAUSED)),
        When(SERVED_IN_QUEUE, then=Value(Urgency.ON_TRACK)),
        When(due_at__isnull=True, then=Value(Urgency.NOT_STARTED)),
        When(due_at__lt=now, then=Value(Urgency.OVERDUE)),
        When(at_risk_from__lte=now, then=Value(Urgency.AT_RISK)),
        default=Value(Urgency.ON_TRACK),
        output_field=IntegerField(),
    )


def working_days_left(request, now=None, calendar=None):
    """Working days until the due date (0 on the due day, negative when overdue), or None."""
    if request.due_at is None:
        return None
    if request.clock_paused_at is not None:
        return request.working_days_left_at_pause
    calendar = calendar or WorkingCalendar(request.office)
    return calendar.working_days_left(now or timezone.now(), request.due_at)


def is_very_overdue(request, now, calendar):
    """Whether a running request is late by more than its allowance again: the working days elapsed
    since its clock started are over twice those allowed (counted from its due date, which already
    carries its pauses)."""
    if request.due_at is None or request.clock_paused_at is not None or not request.working_days_allowed:
        return False
    if request.due_at > now:
        return False
    return -calendar.working_days_left(now, request.due_at) > request.working_days_allowed


def restart_clock(request, now):
    """A reopened request is a fresh question: its working days count again from now."""
    stop_clock(request, now)
    request.clock_started_at = None
    request.due_at = None
    request.at_risk_from = None
    request.due_soon_from = None
    start_clock(request, now)
