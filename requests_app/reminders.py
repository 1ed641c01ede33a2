"""Reminders, escalations and the morning digests (Celery beat jobs; see requests_app.tasks).

- The deadline sweep reminds the assigned officer (or the office's officers when nobody is assigned)
  when a running request becomes at risk and again one working day before it is due, and escalates
  it to the office head once it is overdue, and a second time once it is very overdue: late by more
  than its whole allowance again (elapsed working days over twice those allowed).
- Visitor reminders: a request waiting on its visitor (returned for revision, payment due, a meeting
  to confirm) reminds the visitor after 3 and after 6 working days.
- Download links: a buyer is emailed two working days before their download links expire.
- Digests: each working morning in the office's zone, officers get what is due today, at risk and
  overdue; the head gets what is overdue and the escalations of the last day (each list: its count,
  its 20 most urgent, and a link to the queue showing the rest).

Each reminder is an event written through the workflow as the system (its own rule: no state or
clock change), and a ``Reminder`` row, unique per request, kind and deadline, written in the same
transaction: overlapping or retried sweeps write nothing twice, and a sweep killed half-way leaves
nothing half-done. A sweep writes them in chunks (``ReminderBatch``: one transaction per chunk, the
events through ``workflow.perform_system_many`` and the rows in one insert each), so its number of
queries does not grow with the reminders it writes, after a holiday or a stopped beat as on any day.
Their emails are sent by the one notifier (``notifications.send_events_notifications``, one task per
chunk) after commit, as every event's. Candidates are selected in SQL on the indexed deadline columns;
the calendar only refines them. Digests give the counts, the ``DIGEST_ROWS`` most urgent of each list
and a link to the office's queue for the rest.
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation

from accounts.models import Role
from pst_portal import links
from requests_app import workflow
from requests_app.deadlines import Urgency, is_very_overdue
from requests_app.emails import render_email
from requests_app.models import (
    OPEN_STATUSES,
    WAITING_ON_VISITOR,
    Digest,
    Reminder,
    Request,
    RequestEvent,
)
from requests_app.notifications import visitor_kinds
from requests_app.registry import queue_related, service_types
from requests_app.reminder_notes import note_text
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import Office

Action = workflow.Action
Kind = Reminder.Kind
logger = logging.getLogger(__name__)
# Only requests due within this many calendar days can be one working day from their deadline
# (a long holiday such as Lebaran's cuti bersama included).
NEAR_DUE = datetime.timedelta(days=14)
VISITOR_REMINDER_DAYS = ((Kind.VISITOR_6, 6), (Kind.VISITOR_3, 3))
DIGEST_TIME = datetime.time(7, 0)
EVENT_ACTIONS = {
    Kind.AT_RISK: Action.DEADLINE_REMINDER,
    Kind.DUE_TOMORROW: Action.DEADLINE_REMINDER,
    Kind.OVERDUE: Action.ESCALATION,
    Kind.VERY_OVERDUE: Action.ESCALATION,
    Kind.VISITOR_3: Action.VISITOR_REMINDER,
    Kind.VISITOR_6: Action.VISITOR_REMINDER,
}
LINK_WARNING_DAYS = 2  # working days before a download link expires
# Reminders written per transaction (and candidates read per round trip).
CHUNK = settings.SWEEP_CHUNK_SIZE


def _running(now):
    """Open requests whose clock runs (started, not paused)."""
    return Request.objects.filter(
        status__in=list(OPEN_STATUSES),
        clock_started_at__isnull=False,
        clock_paused_at__isnull=True,
        due_at__isnull=False,
    )


def _not_reminded(queryset, kind, deadline_field="due_at"):
    sent = Reminder.objects.filter(request=OuterRef("pk"), kind=kind, deadline=OuterRef(deadline_field))
    return queryset.exclude(Exists(sent))


def deadline_candidates(now):
    """(kind, queryset) of requests that may need each officer reminder or escalation now."""
    # What deciding and writing the note read (the notifier reads the rest for the email).
    running = _running(now).select_related("office", "service_kind", "assigned_to")
    upcoming = running.filter(due_at__gt=now)
    # due_soon_from is stored with the deadline; requests whose clock started before it existed have
    # none, and only those (due within two weeks) are checked against the calendar instead.
    due_soon = Q(due_soon_from__lte=now) | Q(due_soon_from__isnull=True, due_at__lte=now + NEAR_DUE)
    return (
        (Kind.OVERDUE, _not_reminded(running.filter(due_at__lte=now), Kind.OVERDUE)),
        # Late by a calendar day at least (a working day is one); the calendar refines the rest.
        (Kind.VERY_OVERDUE, _not_reminded(running.filter(due_at__lte=now - datetime.timedelta(days=1),
                                                         working_days_allowed__gt=0), Kind.VERY_OVERDUE)),
        (Kind.DUE_TOMORROW, _not_reminded(upcoming.filter(due_soon), Kind.DUE_TOMORROW)),
        # Once one working day is left, the sharper reminder above says it: no separate "at risk".
        (
            Kind.AT_RISK,
            _not_reminded(
                upcoming.filter(at_risk_from__lte=now).exclude(due_soon_from__lte=now), Kind.AT_RISK
            ),
        ),
    )


def calendar_for(calendars, office):
    if office.pk not in calendars:
        calendars[office.pk] = WorkingCalendar(office)
    return calendars[office.pk]


def sweep_deadlines(now=None):
    """Beat: remind officers before deadlines and escalate missed ones to the head. Returns counts."""
    now = now or timezone.now()
    calendars = {}
    batch = ReminderBatch(now, (Kind.AT_RISK, Kind.DUE_TOMORROW, Kind.OVERDUE, Kind.VERY_OVERDUE))
    for kind, candidates in deadline_candidates(now):
        for request in candidates.iterator(chunk_size=CHUNK):
            calendar = calendar_for(calendars, request.office)
            try:
                left = calendar.working_days_left(now, request.due_at)
                if kind == Kind.DUE_TOMORROW and request.due_soon_from is None and left > 1:
                    continue
                if kind == Kind.AT_RISK and left <= 1:
                    continue  # the sharper "one working day left" reminder says it already
                if kind == Kind.VERY_OVERDUE and not is_very_overdue(request, now, calendar):
                    continue
            except Exception:  # one request's problem must not stop the others' reminders
                batch.failed(request, kind)
                continue
            batch.add(request, kind, request.due_at, days=left)
    return batch.close()


class ReminderBatch:
    """Reminders written in chunks of ``CHUNK``, each chunk in one transaction and a constant number
    of queries: the ``Reminder`` rows in one insert, their events through
    ``workflow.perform_system_many`` (locked, checked, one insert, one notifier task after commit).
    If another sweep wrote some of a chunk's reminders meanwhile (the unique constraint refuses the
    insert, and the whole chunk is undone), the chunk is written again one reminder at a time
    (``remind``), which skips those; so after any other failure of the chunk. ``close()`` writes the
    last chunk and returns the counts."""

    def __init__(self, now, kinds):
        self.now, self.pending = now, []
        self.counts = {str(kind): 0 for kind in kinds}

    def add(self, request, kind, deadline, *, days, action=None):
        try:
            action = action or EVENT_ACTIONS[kind]
            params = _note_params(request, kind, days)
            note = _note(request, kind, days, params)
        except Exception:  # one request's problem must not stop the others' reminders
            self.failed(request, kind)
            return
        self.pending.append((request, kind, deadline, days, action, note, params))
        if len(self.pending) >= CHUNK:
            self.flush()

    def failed(self, request, kind):
        logger.exception("reminder %s for %s failed", kind, request.code)
        self.counts["errors"] = self.counts.get("errors", 0) + 1

    def close(self):
        self.flush()
        return self.counts

    def flush(self):
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            with transaction.atomic():
                events = workflow.perform_system_many(
                    [(request, action, note, params) for request, *_kdd, action, note, params in pending],
                    self.now)
                written = [Reminder(request=request, kind=kind, deadline=deadline, created_at=self.now,
                                    days=days, event=event)
                           for (request, kind, deadline, days, *_rest), event
                           in zip(pending, events, strict=True) if event is not None]
                Reminder.objects.bulk_create(written)
        except Exception as error:  # another sweep wrote some of them meanwhile: one by one
            logger.log(logging.INFO if isinstance(error, DatabaseError) else logging.WARNING,
                       "a chunk of %s reminders is written one by one: %r", len(pending), error)
            self._one_by_one(pending)
            return
        for reminder in written:
            self.counts[str(reminder.kind)] = self.counts.get(str(reminder.kind), 0) + 1

    def _one_by_one(self, pending):
        for request, kind, deadline, days, action, _note, _params in pending:
            try:
                if remind(request, kind, deadline, self.now, days=days, action=action):
                    self.counts[str(kind)] = self.counts.get(str(kind), 0) + 1
            except Exception:
                self.failed(request, kind)


def _waiting_on_visitor(now):
    """(request, waiting since) for requests waiting on their visitor for at least 3 calendar days:
    returned or awaiting payment (since the clock paused), or for a reason of their service's."""
    earliest = now - datetime.timedelta(days=3)
    paused = _not_reminded(
        Request.objects.filter(
            status__in=list(WAITING_ON_VISITOR),
            clock_paused_at__lte=earliest,
            visitor__isnull=False,
        ),
        Kind.VISITOR_6,
        "clock_paused_at",
    ).select_related("office", "service_kind", "visitor")
    for request in paused.iterator(chunk_size=CHUNK):
        yield request, request.clock_paused_at
    for service in service_types():  # e.g. a follow-up meeting still to confirm
        yield from service.waiting_on_visitor(now, earliest)


def remind_visitors(now=None):
    """Beat: remind visitors after 3 and after 6 working days of waiting on them. Returns counts."""
    now = now or timezone.now()
    calendars = {}
    batch = ReminderBatch(now, (Kind.VISITOR_3, Kind.VISITOR_6))
    for waiting in _chunks(_waiting_on_visitor(now), CHUNK):
        sent = set(Reminder.objects.filter(request__in=[request.pk for request, _since in waiting],
                                           kind__in=(Kind.VISITOR_3, Kind.VISITOR_6))
                   .values_list("request_id", "kind", "deadline"))
        for request, since in waiting:
            waited = -calendar_for(calendars, request.office).working_days_left(now, since)
            for kind, days in VISITOR_REMINDER_DAYS:
                if waited >= days:
                    if (request.pk, kind, since) not in sent:
                        sent.add((request.pk, kind, since))
                        batch.add(request, kind, since, days=waited)
                    break  # the later reminder replaces the earlier one if both are due
    return batch.close()


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def remind(request, kind, deadline, now, *, days, action=None):
    """Write one reminder, once: its ``Reminder`` row and its event (through the workflow, as the
    system) in one transaction; the notifier emails it after commit. Returns False when another sweep
    already did, or when the request has moved on meanwhile (its rule no longer allows it). (A sweep
    writes its reminders in chunks: ``Batch``; this is its path when a chunk met another sweep.)"""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(request=request, kind=kind, deadline=deadline, created_at=now,
                                               days=days)
            event = workflow.perform(request, action or EVENT_ACTIONS[kind], None, note=_note(request, kind,
                                                                                              days),
                                     now=now, note_params=_note_params(request, kind, days))
            Reminder.objects.filter(pk=reminder.pk).update(event=event)
    except (IntegrityError, workflow.ActionRefused):
        return False
    return True


def _note_params(request, kind, days):
    """What a reminder's line is made of, stored with its event so that it reads in the reader's
    language (``RequestEvent.display_note``): the kind, the days, and for staff the officer and the
    missed deadline as the office's clock shows it."""
    params = {"kind": kind, "days": days}
    if kind not in visitor_kinds():
        params["officer"] = request.assigned_to.get_full_name() if request.assigned_to_id else ""
        if kind in (Kind.OVERDUE, Kind.VERY_OVERDUE):
            params["due"] = request.office.local_time(request.due_at, "d-m-Y H.i")
        if kind == Kind.VERY_OVERDUE:
            params["allowed"] = request.working_days_allowed
    return params


def _note(request, kind, days, params=None):
    """The reminder's line on the timeline as stored: in the visitor's language for what they see,
    else the portal's (staff's reminders are internal). ``params``: its ``_note_params`` if known."""
    is_visitor = kind in visitor_kinds()
    with translation.override((request.language if is_visitor else None) or settings.LANGUAGE_CODE):
        return note_text(params or _note_params(request, kind, days))


# ---------------------------------------------------------------- morning digests


DIGEST_ROWS = 20  # the most urgent requests a digest lists of each kind; a link to the queue for the rest


class DigestRows:
    """What one office's digests list: of its running requests due today, at risk and overdue, the
    count and the ``DIGEST_ROWS`` most urgent (earliest deadline first), in a fixed number of queries."""

    def __init__(self, office, now, calendar):
        running = (
            _running(now)
            .filter(office=office)
            .select_related("service_kind", "assigned_to", "visitor", *queue_related())  # requester_name
            .order_by("due_at", "pk")
        )
        # Due today: the calendar decides among the few due within two weeks.
        soon = (_running(now).filter(office=office, due_at__gt=now, due_at__lte=now + NEAR_DUE)
                .order_by("due_at", "pk").values_list("pk", "due_at"))
        near_pks = [pk for pk, due_at in soon if calendar.working_days_left(now, due_at) == 0]
        overdue = running.filter(due_at__lte=now)
        at_risk = running.filter(due_at__gt=now, at_risk_from__lte=now).exclude(pk__in=near_pks)
        self.counts = {"due_today": len(near_pks), "at_risk": at_risk.count(), "overdue": overdue.count()}
        self.due_today = list(running.filter(pk__in=near_pks[:DIGEST_ROWS]))
        self.at_risk = list(at_risk[:DIGEST_ROWS]) if self.counts["at_risk"] else []
        self.overdue = list(overdue[:DIGEST_ROWS]) if self.counts["overdue"] else []


def queue_link(audience, urgency):
    """The office's queue (the officers' or the head's workspace) showing its open requests of one
    urgency: where a digest's reader finds the rest of a list."""
    from django.urls import reverse
    from django.utils.http import urlencode

    name = "requests_app:head_workspace" if audience == "head" else "requests_app:officer_workspace"
    return f"{links.base_url()}{reverse(name)}?{urlencode({'view': 'open', 'urgency': int(urgency)})}"


def send_digests(now=None):
    """Beat (every few minutes): from 07.00 in each office's zone on its working days, each office's
    officers get one digest and its head another, once a day. Returns counts."""
    now = now or timezone.now()
    counts = {"officers": 0, "head": 0}
    offices = Office.objects.filter(
        is_active=True, staff__is_active=True, staff__role__in=(Role.OFFICER, Role.HEAD)
    ).distinct()
    for office in offices:
        local = timezone.localtime(now, office.zone)
        calendar = WorkingCalendar(office)
        if local.time() < DIGEST_TIME or not calendar.is_working_day(local.date()):
            continue
        rows = None  # the same lists serve both audiences
        for audience in ("officers", "head"):
            if Digest.objects.filter(office=office, day=local.date(), audience=audience).exists():
                continue
            try:
                rows = rows or DigestRows(office, now, calendar)
                if _send_digest(office, audience, local.date(), now, rows):
                    counts[audience] += 1
            except Exception:  # one office's problem must not stop the others' digests
                logger.exception("digest of %s for %s failed", office.code, audience)
                counts["errors"] = counts.get("errors", 0) + 1
    return counts


def _send_digest(office, audience, day, now, rows):
    role = Role.OFFICER if audience == "officers" else Role.HEAD
    recipients = list(office.staff.filter(is_active=True, role=role).values_list("email", flat=True))
    if not recipients:
        return False
    # Since the head's previous digest (Monday's covers the weekend), or the last day.
    previous = Digest.objects.filter(office=office, audience="head").order_by("-created_at").first()
    since = previous.created_at if previous else now - datetime.timedelta(days=1)
    escalations = RequestEvent.objects.filter(request__office=office, action=Action.ESCALATION,
                                              created_at__gte=since)
    counts = dict(rows.counts)
    if audience == "head":
        counts["escalations"] = escalations.count()
        escalations = list(escalations.select_related("request").order_by("-created_at", "-pk")[:DIGEST_ROWS])
    else:
        escalations = []
    try:
        with transaction.atomic():
            Digest.objects.create(office=office, day=day, audience=audience, created_at=now, counts=counts)
            context = {
                "office": office,
                "day": day,
                "audience": audience,
                "due_today": rows.due_today,
                "at_risk": rows.at_risk,
                "overdue": rows.overdue,
                "escalations": escalations,
                "counts": counts,
                "links": {"due_today": queue_link(audience, Urgency.AT_RISK),
                          "at_risk": queue_link(audience, Urgency.AT_RISK),
                          "overdue": queue_link(audience, Urgency.OVERDUE)},
                "zone": office.zone,
                "base": links.base_url(),
            }
            render_email("requests_app/email/digest", context, settings.LANGUAGE_CODE, bcc=recipients).send()
    except IntegrityError:
        return False
    return True
