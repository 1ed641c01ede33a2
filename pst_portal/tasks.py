import datetime
from smtplib import SMTPException

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .jobs import recorded
from .outbox import SENDING_CLAIM_EXPIRES, deliver_outgoing, deliver_payload, drain_requested

# An outbox row this old and still unsent was not handed over (broker down, worker lost): hand it again.
OUTBOX_GRACE = datetime.timedelta(minutes=1)
OUTBOX_BATCH = 500
# The longest countdown any task waits on: well inside the Redis broker's visibility timeout.
LONGEST_COUNTDOWN = 300


@shared_task(bind=True, max_retries=8)
def deliver_email(self, email):
    """Send one queued email (an outbox row id) through the delivery backend (EMAIL_URL). A refused row
    waits in the outbox for ``drain_outbox`` (back-off kept on the row). A payload dict, as queued
    before the outbox existed, is still delivered, retried here with back-off."""
    if not isinstance(email, dict):
        return deliver_outgoing(email)
    try:
        return deliver_payload(email)
    except (SMTPException, ConnectionError, TimeoutError) as error:
        # Never longer than the broker's visibility timeout (settings: 600 s), or it is delivered twice.
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, LONGEST_COUNTDOWN)) from error


@shared_task
def deliver_emails(emails):
    """Send many queued emails (outbox row ids, written together: a sweep's reminders), each once; a
    refused one waits in the outbox for ``drain_outbox`` as with ``deliver_email``."""
    return sum(deliver_outgoing(pk) for pk in emails)


@shared_task
@recorded("drain_outbox")
def drain_outbox():
    """Beat: hand over again what the broker did not take (emails, and events not yet notified)."""
    from .models import OutgoingEmail

    before = timezone.now() - OUTBOX_GRACE
    emails = list(
        OutgoingEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True, created_at__lt=before)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lte=timezone.now() - SENDING_CLAIM_EXPIRES))
        .order_by("created_at")
        .values_list("pk", flat=True)[:OUTBOX_BATCH]
    )
    for pk in emails:
        deliver_email.delay(pk)
    counts = {"emails": len(emails)}
    for _receiver, handed in drain_requested.send(sender=drain_outbox, before=before, batch=OUTBOX_BATCH):
        counts.update(handed or {})
    return counts


@shared_task
@recorded("prune_records")
def prune_records():
    """Beat, daily: job runs and sent emails older than RETENTION_DAYS, in bounded batches."""
    from .retention import prune_records as prune

    return prune()
