"""Keeping ``DailyFigure`` rows: each office-day is rebuilt whole from its requests (filed that day, or
closed that day) and its called tickets (the desk's own 10-minute measure, ``desk.measure.waits``).
Rebuilt after every workflow step (``request_event_recorded``), by the nightly job for yesterday and
today, and by ``manage.py rebuild_figures`` for a range. Rebuilding is idempotent: nothing is counted up.

A day is the office's own (00.00 to 24.00 on its clock). Filed: ``submitted_at`` on that day. Closed: a
final status reached that day (``closed_at``), on time while ``due_at`` had not passed, late after it,
without a deadline otherwise (as ``requests_app.figures`` counts them). Completed: closed as completed;
its working days go into the row's histogram."""
import datetime
import logging
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from desk.measure import waits
from desk.models import Ticket
from requests_app.models import FINAL_STATUSES, Request, Status
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import Channel, Office

from .models import DailyFigure
from .working_days import working_days_to_complete

logger = logging.getLogger(__name__)
COUNTS = ("filed", "closed", "completed", "on_time", "late", "no_deadline", "tickets_called",
          "tickets_within_standard")


def day_bounds(office, day):
    """[00.00 of ``day``, 00.00 of the next day) on the office's clock, as aware datetimes."""
    start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=office.zone)
    return start, datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, 0),
                                            tzinfo=office.zone)


def local_day(office, moment):
    return timezone.localtime(moment, office.zone).date()


def _count_request(row, request, start, end, calendar):
    if start <= request.submitted_at < end:
        row["filed"] += 1
    if request.status not in FINAL_STATUSES or request.closed_at is None \
            or not start <= request.closed_at < end:
        return
    row["closed"] += 1
    if request.due_at is None:
        row["no_deadline"] += 1
    elif request.due_at >= request.closed_at:
        row["on_time"] += 1
    else:
        row["late"] += 1
    if request.status == Status.COMPLETED:
        row["completed"] += 1
        days = working_days_to_complete(request, calendar, list(request.pauses.all()))
        if days is not None:
            row["durations"][days] += 1


def day_rows(office, day):
    """{(service slug, channel, officer id): counts} of the office's ``day``."""
    start, end = day_bounds(office, day)
    requests = (Request.objects.filter(office=office, submitted_at__isnull=False)
                .filter(Q(submitted_at__gte=start, submitted_at__lt=end)
                        | Q(status__in=FINAL_STATUSES, closed_at__gte=start, closed_at__lt=end))
                .select_related("service_kind").prefetch_related("pauses"))
    rows = {}

    def row(key):
        return rows.setdefault(key, {**{name: 0 for name in COUNTS}, "durations": Counter()})

    calendar = WorkingCalendar(office)
    for request in requests:
        _count_request(row((request.service_kind.slug, request.channel, request.assigned_to_id)), request,
                       start, end, calendar)
    for wait in waits(office, day):
        counts = row((wait.ticket.service, Channel.WALK_IN, wait.ticket.called_by_id))
        counts["tickets_called"] += 1
        counts["tickets_within_standard"] += int(wait.compliant)
    return rows


def recompute_day(office, day):
    """Rebuild the office's rows of ``day`` (those with nothing to count are not kept)."""
    rows = day_rows(office, day)
    with transaction.atomic():
        # One rebuild of an office at a time (PostgreSQL locks the office's row; SQLite writes one at a time).
        list(Office.objects.select_for_update().filter(pk=office.pk).values_list("pk", flat=True))
        DailyFigure.objects.filter(office=office, day=day).delete()
        DailyFigure.objects.bulk_create([
            DailyFigure(office=office, day=day, service_slug=slug, channel=channel, officer_id=officer_id,
                        **{name: counts[name] for name in COUNTS},
                        durations={str(days): n for days, n in sorted(counts["durations"].items())})
            for (slug, channel, officer_id), counts in rows.items()
        ])


def days_with_activity(office, first_day, last_day):
    """The office's days from ``first_day`` to ``last_day`` with something to count or a row kept."""
    start, _end = day_bounds(office, first_day)
    _start, end = day_bounds(office, last_day)
    moments = Request.objects.filter(office=office, submitted_at__isnull=False)
    days = {local_day(office, moment) for moment in moments.filter(
        submitted_at__gte=start, submitted_at__lt=end).values_list("submitted_at", flat=True)}
    days |= {local_day(office, moment) for moment in moments.filter(
        closed_at__gte=start, closed_at__lt=end).values_list("closed_at", flat=True)}
    days |= set(Ticket.objects.filter(office=office, day__range=(first_day, last_day),
                                      called_at__isnull=False).values_list("day", flat=True))
    days |= set(DailyFigure.objects.filter(office=office, day__range=(first_day, last_day))
                .values_list("day", flat=True))
    return sorted(day for day in days if first_day <= day <= last_day)


def rebuild_range(office, first_day, last_day):
    """Rebuild every day of the range that has anything to count (or a row to remove); the days rebuilt."""
    days = days_with_activity(office, first_day, last_day)
    for day in days:
        recompute_day(office, day)
    return days


def recent_days(office, now=None):
    """Yesterday and today on the office's clock."""
    today = local_day(office, now or timezone.now())
    return [today - datetime.timedelta(days=1), today]


def rebuild_recent(now=None):
    """The nightly job's work: yesterday and today of every office. Returns the number of office-days."""
    done = 0
    for office in Office.objects.all():
        for day in recent_days(office, now):
            recompute_day(office, day)
            done += 1
    return done


def days_of_request(request, event=None):
    """The office days a step of ``request`` may have changed: the day it was filed, the day it closed,
    every day it reached or left a final status (a reopened request leaves its old closing day), and the
    step's own day."""
    office = request.office
    moments = [request.submitted_at, request.closed_at, event.created_at if event else None]
    moments += list(request.events.filter(Q(to_status__in=FINAL_STATUSES) | Q(from_status__in=FINAL_STATUSES))
                    .values_list("created_at", flat=True))
    return sorted({local_day(office, moment) for moment in moments if moment is not None})


def on_request_event(sender, event, changes_request=True, **kwargs):
    """``request_event_recorded``'s receiver: rebuild the days the step touched (none for a step that
    changed nothing a figure counts, such as a reminder)."""
    if not changes_request:
        return
    request = Request.objects.select_related("office").get(pk=event.request_id)
    if request.submitted_at is None:
        return
    for day in days_of_request(request, event):
        recompute_day(request.office, day)
