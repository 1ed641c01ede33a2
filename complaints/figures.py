"""Complaint figures for an office and a period (the head's dashboard reads them)."""
import datetime
import statistics
from dataclasses import dataclass

from django.utils import timezone

from complaints.complaint_models import OPEN_COMPLAINT_STATUSES, Complaint
from services.catalogue.calendar import WorkingCalendar


@dataclass
class ComplaintFigures:
    received: int = 0
    answered: int = 0
    answered_within_deadline: int = 0
    open: int = 0
    open_overdue: int = 0
    median_working_days_to_answer: float | None = None

    @property
    def within_deadline_percent(self):
        return round(100 * self.answered_within_deadline / self.answered, 1) if self.answered else None


def complaint_figures(office, first_day, last_day, service_slug=None, channel=None, now=None):
    """Complaints ``office`` received from ``first_day`` to ``last_day`` (its own dates, inclusive):
    how many, answered (and within their deadline), still open (and overdue now), and the median working
    days from receipt to answer. ``service_slug`` keeps those about a request of that service;
    ``channel`` those that came by that channel (``ComplaintChannel``)."""
    now = now or timezone.now()
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=office.zone)
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min,
                                    tzinfo=office.zone)
    complaints = Complaint.objects.filter(office=office, received_at__gte=start, received_at__lt=end)
    if service_slug:
        complaints = complaints.filter(request__service_kind__slug=service_slug)
    if channel:
        complaints = complaints.filter(channel=channel)
    figures, calendar, days = ComplaintFigures(), WorkingCalendar(office), []
    for received_at, answered_at, due_at, status in complaints.values_list(
            "received_at", "answered_at", "due_at", "status"):
        figures.received += 1
        if answered_at is not None:
            figures.answered += 1
            figures.answered_within_deadline += answered_at <= due_at
            days.append(calendar.working_days_left(received_at, answered_at))
        elif status in OPEN_COMPLAINT_STATUSES:
            figures.open += 1
            figures.open_overdue += due_at <= now
    figures.median_working_days_to_answer = statistics.median(days) if days else None
    return figures
