"""The complaints' deadline sweep (Celery beat, ``complaints.tasks.sweep_complaint_deadlines``).

An open complaint whose last working day has come reminds the office's officers; one past its
deadline is escalated to the office's head. Each is marked on the complaint by a conditional update
(``reminded_at`` / ``escalated_at`` still empty) in the transaction that writes its timeline event, so
overlapping or repeated sweeps send nothing twice. Candidates are selected on indexed columns.
"""
import logging

from django.db import transaction
from django.utils import timezone

from complaints import machine, notify
from complaints.complaint_models import OPEN_COMPLAINT_STATUSES, Complaint
from services.catalogue.calendar import WorkingCalendar

logger = logging.getLogger(__name__)


def _mark_once(complaint, field, now, action, days_left=0):
    with transaction.atomic():
        unmarked = Complaint.objects.filter(pk=complaint.pk, **{f"{field}__isnull": True})
        claimed = unmarked.update(**{field: now})
        if not claimed:
            return False
        machine.write_event(complaint, action, is_internal=True)
        kind = "escalation" if action == "escalation" else "reminder"
        transaction.on_commit(lambda: notify.staff_email(complaint, kind, days_left))
    return True


def sweep_complaint_deadlines(now=None):
    """Remind before the deadline, escalate after it; returns counts."""
    now = now or timezone.now()
    counts = {"reminders": 0, "escalations": 0}
    open_ones = Complaint.objects.filter(status__in=OPEN_COMPLAINT_STATUSES).select_related("office")
    for complaint in open_ones.filter(due_at__lte=now, escalated_at__isnull=True).iterator(chunk_size=200):
        try:
            counts["escalations"] += _mark_once(complaint, "escalated_at", now, "escalation")
        except Exception:  # one complaint's problem must not stop the others'
            logger.exception("complaint escalation %s failed", complaint.code)
    due_soon = open_ones.filter(remind_from__lte=now, due_at__gt=now, reminded_at__isnull=True)
    calendars = {}  # one per office: its holidays and closures are read once
    for complaint in due_soon.iterator(chunk_size=200):
        try:
            if complaint.office_id not in calendars:
                calendars[complaint.office_id] = WorkingCalendar(complaint.office)
            left = calendars[complaint.office_id].working_days_left(now, complaint.due_at)
            counts["reminders"] += _mark_once(complaint, "reminded_at", now, "reminder", left)
        except Exception:
            logger.exception("complaint reminder %s failed", complaint.code)
    return counts
