"""The complaints panel of the officer's and head's workspace: open, overdue and escalated counts, in
one query."""
from django.db.models import Count, Q
from django.utils import timezone

from complaints.complaint_models import OPEN_COMPLAINT_STATUSES, Complaint

PANEL_TEMPLATE = "complaints/_workspace_panel.html"


def workspace_complaints(user, now=None):
    if user.office_id is None:
        return {}
    now = now or timezone.now()
    counts = Complaint.objects.filter(office_id=user.office_id, status__in=OPEN_COMPLAINT_STATUSES).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lte=now)),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)))
    return {**counts, "is_head": user.role == "head"}
