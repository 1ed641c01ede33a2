from celery import shared_task

from . import consultation
from .notifications import send_event_notifications as _send


@shared_task
def send_event_notifications(event_id):
    """Email the people an event concerns. Safe to run twice: an event is notified once."""
    return _send(event_id)


@shared_task
def warn_silent_consultations():
    """Beat: warn visitors whose consultation closes for silence in two days (once each)."""
    return consultation.warn_silent_consultations()


@shared_task
def close_silent_consultations():
    """Beat: close consultations whose visitor has not replied for seven days (once each)."""
    return consultation.close_silent_consultations()
