"""The complaints panel of the officer's and head's workspace: open, overdue and escalated counts."""
from django.utils import timezone

from complaints.complaint_models import OPEN_COMPLAINT_STATUSES, Complaint

PANEL_TEMPLATE = "complaints/_workspace_panel.html"


def workspace_complaints(user, now=None):
    if user.office_id is None:
        return {}
    now = now or timezone.now()
    open_ones = Complaint.objects.filter(office_id=user.office_id, status__in=OPEN_COMPLAINT_STATUSES)
    return {"open": open_ones.count(), "overdue": open_ones.filter(due_at__lte=now).count(),
            "escalated": open_ones.filter(escalated_at__isnull=False).count(),
            "is_head": user.role == "head"}
