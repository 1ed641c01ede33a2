"""The staff's own lists beside the queue: the head's escalations received and very overdue requests,
and an officer's own overdue and at-risk work. Each is a fixed number of queries on the indexed deadline
columns, and each shows at most ``HEAD_LIST_LIMIT`` rows with the total beside them (``Top``)."""
import datetime

from django.db.models import Count, Q
from django.utils import timezone

from requests_app.access import visible_requests
from requests_app.deadlines import is_very_overdue, urgency, working_days_left
from requests_app.models import FINAL_STATUSES, OPEN_STATUSES, Reminder
from requests_app.registry import queue_related
from requests_app.reminder_notes import ESCALATION_KINDS
from services.catalogue.calendar import MAX_SEARCH_DAYS, WorkingCalendar

RECENT_ESCALATIONS = datetime.timedelta(days=30)
OWN_WORK_LIMIT = 10
HEAD_LIST_LIMIT = 20


class Top(list):
    """The first rows of a list, with ``total``: how many there are in all."""

    def __init__(self, rows, total):
        super().__init__(rows)
        self.total = total


def _running(user):
    return visible_requests(user).filter(status__in=list(OPEN_STATUSES), clock_started_at__isnull=False,
                                         clock_paused_at__isnull=True, due_at__isnull=False)


def _with_deadline(rows, now, calendar):
    for item in rows:
        item.days_left = working_days_left(item, now=now, calendar=calendar)
        item.urgency_value = urgency(item, now)
    return rows


def escalations_received(user, now=None, limit=HEAD_LIST_LIMIT):
    """(open, recent) escalations to the head of ``user``'s office: those whose request is still open,
    and those of the last 30 days whose request has since been finished; newest first, each a ``Top``
    of ``limit`` rows."""
    now = now or timezone.now()
    requests = visible_requests(user)
    rows = (Reminder.objects.filter(kind__in=ESCALATION_KINDS, request__in=requests)
            .select_related("request", "request__office", "request__service_kind", "request__assigned_to",
                            "request__visitor")
            .order_by("-created_at", "-pk"))
    still_open = Q(request__status__in=list(OPEN_STATUSES))
    recent = Q(request__status__in=FINAL_STATUSES, created_at__gte=now - RECENT_ESCALATIONS)
    totals = rows.aggregate(opened=Count("pk", filter=still_open), recent=Count("pk", filter=recent))
    lists = []
    for condition, total in ((still_open, totals["opened"]), (recent, totals["recent"])):
        found = list(rows.filter(condition)[:limit])
        for reminder in found:
            reminder.is_second = reminder.kind != Reminder.Kind.OVERDUE
        lists.append(Top(found, total))
    return tuple(lists)


def _very_overdue_condition(late, now, calendar):
    """The rows of ``late`` late by more than their allowance again, as SQL: for each allowance ``a``
    among them, due on or before the (a + 1)th working day before today (``deadlines.is_very_overdue``:
    more than ``a`` working days from the due day up to today)."""
    today = timezone.localtime(now, calendar.zone).date()
    condition = Q(pk__in=[])
    for allowed in late.order_by().values_list("working_days_allowed", flat=True).distinct():
        day = today
        for _step in range(allowed + 1):
            day = day and calendar.previous_working_day(day, within=MAX_SEARCH_DAYS)
        if day:
            cutoff = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, 0),
                                               tzinfo=calendar.zone)
            condition |= Q(working_days_allowed=allowed, due_at__lt=cutoff)
    return condition


def very_overdue(user, now=None, calendar=None, limit=HEAD_LIST_LIMIT):
    """Running requests of the office late by more than their allowance again, the latest first: a
    ``Top`` of ``limit`` rows."""
    now = now or timezone.now()
    calendar = calendar or WorkingCalendar(user.office)
    late = _running(user).filter(due_at__lte=now - datetime.timedelta(days=1), working_days_allowed__gt=0)
    candidates = late.filter(_very_overdue_condition(late, now, calendar))
    total = candidates.count()
    rows = (candidates.select_related("office", "service_kind", "assigned_to", "visitor", *queue_related())
            .order_by("due_at", "pk")[:limit])
    rows = [item for item in rows if is_very_overdue(item, now, calendar)]  # the rule itself decides
    return Top(_with_deadline(rows, now, calendar), total)


def own_work(user, now=None, calendar=None):
    """The officer's own running requests that are overdue or at risk, the most urgent first."""
    now = now or timezone.now()
    calendar = calendar or WorkingCalendar(user.office)
    rows = list(_running(user).filter(assigned_to=user).filter(Q(due_at__lte=now) | Q(at_risk_from__lte=now))
                .select_related("office", "service_kind", "visitor", *queue_related())
                .order_by("due_at")[:OWN_WORK_LIMIT])
    return _with_deadline(rows, now, calendar)

