"""The staff's own lists beside the queue: the head's escalations received and very overdue requests,
and an officer's own overdue and at-risk work. Each is one query on the indexed deadline columns (the
calendar refines only the few already late)."""
import datetime

from django.db.models import Q
from django.utils import timezone

from requests_app.access import visible_requests
from requests_app.deadlines import is_very_overdue, urgency, working_days_left
from requests_app.models import OPEN_STATUSES, Reminder
from requests_app.registry import queue_related
from requests_app.reminder_notes import ESCALATION_KINDS
from services.catalogue.calendar import WorkingCalendar

RECENT_ESCALATIONS = datetime.timedelta(days=30)
OWN_WORK_LIMIT = 10


def _running(user):
    return visible_requests(user).filter(status__in=list(OPEN_STATUSES), clock_started_at__isnull=False,
                                         clock_paused_at__isnull=True, due_at__isnull=False)


def _with_deadline(rows, now, calendar):
    for item in rows:
        item.days_left = working_days_left(item, now=now, calendar=calendar)
        item.urgency_value = urgency(item, now)
    return rows


def escalations_received(user, now=None):
    """(open, recent) escalations to the head of ``user``'s office: those whose request is still open,
    and those of the last 30 days whose request has since been finished; newest first."""
    now = now or timezone.now()
    requests = visible_requests(user)
    rows = (Reminder.objects.filter(kind__in=ESCALATION_KINDS, request__in=requests)
            .filter(Q(request__status__in=list(OPEN_STATUSES)) | Q(created_at__gte=now - RECENT_ESCALATIONS))
            .select_related("request", "request__office", "request__service_kind", "request__assigned_to",
                            "request__visitor")
            .order_by("-created_at"))
    opened, recent = [], []
    for reminder in rows:
        reminder.is_second = reminder.kind != Reminder.Kind.OVERDUE
        (recent if reminder.request.is_final else opened).append(reminder)
    return opened, recent


def very_overdue(user, now=None, calendar=None):
    """Running requests of the office late by more than their allowance again, the latest first."""
    now = now or timezone.now()
    calendar = calendar or WorkingCalendar(user.office)
    late = _running(user).filter(due_at__lte=now - datetime.timedelta(days=1), working_days_allowed__gt=0)
    candidates = (late
                  .select_related("office", "service_kind", "assigned_to", "visitor", *queue_related())
                  .order_by("due_at"))
    rows = [item for item in candidates if is_very_overdue(item, now, calendar)]
    return _with_deadline(rows, now, calendar)


def own_work(user, now=None, calendar=None):
    """The officer's own running requests that are overdue or at risk, the most urgent first."""
    now = now or timezone.now()
    calendar = calendar or WorkingCalendar(user.office)
    rows = list(_running(user).filter(assigned_to=user).filter(Q(due_at__lte=now) | Q(at_risk_from__lte=now))
                .select_related("office", "service_kind", "visitor", *queue_related())
                .order_by("due_at")[:OWN_WORK_LIMIT])
    return _with_deadline(rows, now, calendar)

