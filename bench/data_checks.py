"""Checks run after the benchmark's data is written; any failure raises ``CheckFailed``.

- urgency in SQL (``deadlines.urgency_expression``) equals ``deadlines.urgency`` for a sample of 500;
- due dates equal a fresh calendar's (``WorkingCalendar.due_at`` from the clock's start, or from the
  last resumption with the working days left at its pause), with the at-risk and one-day-left moments
  of ``deadlines._set_due``;
- the fields each status implies, over every row (closed_at for final ones only, a paused clock for
  those waiting on the visitor);
- the pages of sample requests render (200) for their visitor and for an officer of their office."""
import random

from django.apps import apps
from django.db.models import F, Q
from django.test import Client
from django.test.utils import override_settings

from accounts.models import Role, User
from requests_app import deadlines
from requests_app.models import FINAL_STATUSES, Request
from services.catalogue.calendar import WorkingCalendar

URGENCY_SAMPLE = 500
DUE_SAMPLE = 300
PAGE_SAMPLE = 24
COUNTED = ("accounts.User", "requests_app.Request", "requests_app.RequestEvent", "requests_app.ClockPause",
           "requests_app.Document", "requests_app.RemoteContact", "requests_app.DeskDetails",
           "consultation.Consultation", "consultation.Meeting", "product_sales.Order", "product_sales.OrderLine",
           "product_sales.DownloadLink", "recommendation.Recommendation", "recommendation.ReviewRound",
           "recommendation.Letter", "complaints.Rating", "complaints.Complaint", "complaints.ComplaintEvent",
           "desk.Ticket", "pst_portal.JobRun", "pst_portal.OutgoingEmail", "performance.DailyFigure")


class CheckFailed(AssertionError):
    pass


def counts():
    found = {}
    for label in COUNTED:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        found[model._meta.db_table] = model.objects.count()
    return found


def run(ctx, sample_ids, now):
    results = {"urgency sql = python": check_urgency(sample_ids, now),
               "due dates = calendar": check_due_dates(sample_ids),
               "status fields": check_status_fields(),
               "pages render": check_pages(sample_ids)}
    return results


def _sample(ids, size, seed=7):
    ids = list(ids)
    return ids if len(ids) <= size else random.Random(seed).sample(ids, size)


def check_urgency(sample_ids, now):
    rows = (Request.objects.filter(pk__in=_sample(sample_ids, URGENCY_SAMPLE))
            .select_related("office", "service_kind", "standard")
            .annotate(sql_urgency=deadlines.urgency_expression(now)))
    checked, by_kind = 0, {}
    for row in rows:
        python = deadlines.urgency(row, now)
        if int(python) != row.sql_urgency:
            raise CheckFailed(f"{row.code}: urgency in SQL {row.sql_urgency}, in Python {int(python)}")
        by_kind[python.label] = by_kind.get(python.label, 0) + 1
        checked += 1
    return f"ok, {checked} rows: " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items()))


def _expected_due(row, calendar):
    """(start, due) the calendar gives the row: from its clock's start, or its last resumption."""
    pause = row.pauses.exclude(resumed_at=None).order_by("-paused_at").first()
    if pause is None:
        return row.clock_started_at, calendar.due_at(row.clock_started_at, row.working_days_allowed)
    left = pause.working_days_left or 0
    if left >= 1:
        return pause.resumed_at, calendar.due_at(pause.resumed_at, left)
    return None, None  # resumed on or after its last day: checked by the workflow's own tests


def check_due_dates(sample_ids):
    rows = Request.objects.filter(pk__in=_sample(sample_ids, DUE_SAMPLE), due_at__isnull=False).select_related(
        "office")
    calendars, checked = {}, 0
    for row in rows:
        calendar = calendars.setdefault(row.office_id, WorkingCalendar(row.office))
        start, due = _expected_due(row, calendar)
        if due is None:
            continue
        probe = Request(office=row.office, working_days_allowed=row.working_days_allowed)
        deadlines._set_due(probe, calendar, start, due)
        got = (row.due_at, row.at_risk_from, row.due_soon_from)
        if got != (probe.due_at, probe.at_risk_from, probe.due_soon_from):
            raise CheckFailed(f"{row.code}: deadline {got} but the calendar gives "
                              f"{(probe.due_at, probe.at_risk_from, probe.due_soon_from)}")
        checked += 1
    if not checked:
        raise CheckFailed("no request with a due date in the sample")
    return f"ok, {checked} rows"


def check_status_fields():
    bench = Request.objects.all()
    wrong = {
        "final without closed_at": bench.filter(status__in=FINAL_STATUSES, closed_at=None).count(),
        "open with closed_at": bench.exclude(status__in=FINAL_STATUSES).exclude(closed_at=None).count(),
        "waiting, clock running": bench.filter(status__in=("returned", "awaiting_payment"))
        .exclude(clock_started_at=None).filter(clock_paused_at=None).count(),
        "closed, clock paused": bench.filter(status__in=FINAL_STATUSES).exclude(clock_paused_at=None).count(),
        "filed without submitted_at": bench.exclude(status="draft").filter(submitted_at=None).count(),
        "staff work without officer": bench.filter(status__in=("in_process", "awaiting_approval"))
        .filter(assigned_to=None).count(),
        "officer of another office": bench.exclude(assigned_to=None).exclude(
            assigned_to__office=F("office")).count(),
    }
    bad = {k: v for k, v in wrong.items() if v}
    if bad:
        raise CheckFailed(f"status fields: {bad}")
    return f"ok, {bench.count()} rows"


def _pages(row):
    visitor = [row.get_absolute_url()] if row.visitor_id else []
    staff = [row.get_staff_url()] if row.status != "draft" else []  # a draft never reached the office
    return visitor, staff


def check_pages(sample_ids):
    rows = list(Request.objects.filter(pk__in=_sample(sample_ids, PAGE_SAMPLE, seed=11))
                .exclude(Q(status="draft") & Q(visitor=None)).select_related("office", "visitor"))
    rendered = 0
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False):
        for row in rows:
            officer = User.objects.filter(role=Role.OFFICER, office=row.office, is_active=True).order_by("pk").first()
            visitor_pages, staff_pages = _pages(row)
            for user, urls in ((row.visitor, visitor_pages), (officer, staff_pages)):
                if not urls:
                    continue
                client = Client()
                client.force_login(user)
                for url in urls:
                    response = client.get(url, follow=True)
                    if response.status_code != 200:
                        raise CheckFailed(f"{url} as {user.email}: {response.status_code}")
                    rendered += 1
    return f"ok, {rendered} pages of {len(rows)} requests"
