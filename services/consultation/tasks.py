"""The consultation's scheduled jobs (Celery beat: ``CELERY_BEAT_SCHEDULE`` in the settings)."""
from celery import shared_task

from services.consultation import conversation as consultation


@shared_task
def warn_silent_consultations():
    """Beat: warn visitors whose consultation closes for silence in two days (once each)."""
    return consultation.warn_silent_consultations()


@shared_task
def close_silent_consultations():
    """Beat: close consultations whose visitor has not replied for seven days (once each)."""
    return consultation.close_silent_consultations()
