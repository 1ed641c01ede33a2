from celery import shared_task

from .notifications import send_event_notifications as _send


@shared_task
def send_event_notifications(event_id):
    """Email the people an event concerns. Safe to run twice: an event is notified once."""
    return _send(event_id)
