from celery import shared_task

from complaints import reminders
from pst_portal.jobs import recorded


@shared_task
@recorded("sweep_complaint_deadlines")
def sweep_complaint_deadlines():
    """Beat: remind officers of complaints due on the next working day; escalate late ones to the head.
    Each once per complaint."""
    return reminders.sweep_complaint_deadlines()
