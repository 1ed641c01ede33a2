from celery import shared_task

from pst_portal.jobs import recorded
from requests_app import reminders
from requests_app.notify_tasks import (  # noqa: F401 (registered with the worker)
    send_event_notifications,
    send_events_notifications,
)


@shared_task
@recorded("sweep_deadlines")
def sweep_deadlines():
    """Beat: remind officers of deadlines at risk and one working day away; escalate overdue ones to
    the head. Each reminder once per request, kind and deadline."""
    return reminders.sweep_deadlines()


@shared_task
@recorded("remind_visitors")
def remind_visitors():
    """Beat: remind visitors whose request has waited on them 3 and 6 working days."""
    return reminders.remind_visitors()


@shared_task
@recorded("send_digests")
def send_digests():
    """Beat: the morning digests of each office, once per working day, in the office's zone."""
    return reminders.send_digests()
