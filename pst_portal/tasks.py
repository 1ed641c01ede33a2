from smtplib import SMTPException

from celery import shared_task

from .mail import deliver_payload


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    max_retries=8,
)
def deliver_email(payload):
    """Send one queued email through the delivery backend (EMAIL_URL)."""
    return deliver_payload(payload)
