"""The outbox's rows as they are sent: a message to a stored payload and back, and one row delivered
once (claimed and committed first, so SMTP is never called while a lock or a transaction is held),
with a refusal kept for a later attempt."""
import base64
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

logger = logging.getLogger("pst_portal.mail")


def message_to_payload(message):
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode("utf-8")
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(c), m] for c, m in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def payload_to_message(payload, connection=None):
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=connection,
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def deliver_payload(payload):
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return payload_to_message(payload, connection=connection).send()


def retry_delay(attempts):
    """How long a refused email waits before its next attempt: 1, 2, 4 … minutes, at most 2 hours."""
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 120))


# A claim older than this is a worker that died while sending: the row may be tried again.
SENDING_CLAIM_EXPIRES = datetime.timedelta(minutes=5)


def _claim(email_id, now):
    """Lock the row, mark it as being sent and commit: the row, or None when it is not to be sent now
    (sent, given up, waiting for its next attempt, or claimed by a worker that is still sending)."""
    from .models import OutgoingEmail

    with transaction.atomic():
        row = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, failed_at__isnull=True)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(sending_since__isnull=True) | Q(sending_since__lte=now - SENDING_CLAIM_EXPIRES))
            .first()
        )
        if row is not None:
            OutgoingEmail.objects.filter(pk=row.pk).update(sending_since=now)
    return row


def _record_refusal(row, error, now):
    from .models import OutgoingEmail

    attempts = row.attempts + 1
    OutgoingEmail.objects.filter(pk=row.pk).update(
        attempts=attempts,
        last_error=str(error)[:2000],
        next_attempt_at=now + retry_delay(attempts),
        failed_at=now if attempts >= OutgoingEmail.MAX_ATTEMPTS else None,
        sending_since=None,
    )
    logger.warning("email %s refused (attempt %s): %s", row.pk, attempts, error)


def deliver_outgoing(email_id):
    """Send one outbox row, once: claim it (a short transaction), talk to the mail server with no lock
    or transaction held, then record the result. A row another worker is sending, one already sent, one
    given up or one waiting for its next attempt is left alone. A refusal is recorded with the time of
    the next attempt."""
    from .models import OutgoingEmail

    now = timezone.now()
    row = _claim(email_id, now)
    if row is None:
        return 0
    try:
        sent = deliver_payload(row.payload)
    except Exception as error:  # the mail server refused: try later, give up after MAX_ATTEMPTS
        _record_refusal(row, error, now)
        return 0
    OutgoingEmail.objects.filter(pk=row.pk).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, next_attempt_at=None, sending_since=None
    )
    return sent




# Asked by ``pst_portal.tasks.drain_outbox`` to hand over again what the broker never took; an app's
# receiver returns {name: count} (requests_app: events not yet notified).
drain_requested = Signal()
