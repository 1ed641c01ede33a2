"""Product sales' scheduled jobs (Celery beat: ``CELERY_BEAT_SCHEDULE`` in the settings)."""
from celery import shared_task

from pst_portal.jobs import recorded
from services.product_sales import reminders


@shared_task
@recorded("remind_link_expiry")
def remind_link_expiry():
    """Beat: email buyers two working days before their download links expire (once per expiry)."""
    return reminders.remind_link_expiry()
