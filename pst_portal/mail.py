"""Email is never sent inside a web request: it goes to the outbox and then to Celery.

``QueuedEmailBackend`` is Django's ``EMAIL_BACKEND``. It turns each message into a JSON-safe
dict stored as an ``OutgoingEmail`` row in the current transaction, and enqueues
``deliver_email`` once that transaction commits. The worker rebuilds the message and hands it to
the backend named by ``EMAIL_DELIVERY_BACKEND`` (from ``EMAIL_URL``). If the broker is down, the
row waits and the ``drain_outbox`` job hands it over later: nothing is lost, nothing sent twice.
"""

import base64
import datetime
import logging
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


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


# A page hands its email to the broker; a stopped or hung broker must not hold the page. The row is in
# the outbox whatever happens, and drain_outbox hands it over once the broker answers again.
BROKER_PUBLISH_TIMEOUT = 0.5
BROKER_RETRY_AFTER = 30.0
_broker_down_until = [0.0]


def publish_bounded(task, *args):
    """Send ``task`` to the broker within about ``BROKER_PUBLISH_TIMEOUT`` seconds, or not at all:
    no retries, and for ``BROKER_RETRY_AFTER`` seconds after a broker that timed out no attempt (the
    outbox keeps what was not handed over; drain_outbox hands it over later)."""
    app = task.app
    if app.conf.task_always_eager:
        task.delay(*args)
        return
    if time.monotonic() < _broker_down_until[0]:
        logger.info("broker was unreachable: %s waits for drain_outbox", task.name)
        return
    timeout = BROKER_PUBLISH_TIMEOUT
    options = {"max_retries": 0, "interval_start": 0, "connect_retries_timeout": timeout}
    if app.conf.broker_url.startswith(("redis://", "rediss://")):
        options.update(socket_connect_timeout=timeout, socket_timeout=timeout)
    started = time.monotonic()
    try:
        with app.connection_for_write(transport_options=options, connect_timeout=timeout) as connection:
            task.apply_async(args, connection=connection, retry=False)
    except Exception as error:  # any broker error: the outbox keeps it
        logger.warning("broker unreachable (%s): %s waits for drain_outbox",
                       error.__class__.__name__, task.name)
        if time.monotonic() - started >= timeout / 2:
            # A broker that makes us wait (hung) is left alone for a while; one that refuses at once
            # (stopped) costs nothing and is tried again with the next email.
            _broker_down_until[0] = time.monotonic() + BROKER_RETRY_AFTER


def enqueue_after_commit(task, *args):
    """A named callable for ``on_commit(robust=True)``: Django logs a failing hook by its
    ``__qualname__``, which ``functools.partial`` lacks."""

    def enqueue():
        publish_bounded(task, *args)

    enqueue.__qualname__ = f"enqueue {task.name}"
    return enqueue


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .models import OutgoingEmail
        from .tasks import deliver_email

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            row = OutgoingEmail.objects.create(
                payload=message_to_payload(message),
                subject=str(message.subject)[:300],
                recipients=", ".join(message.recipients())[:500],
            )
            transaction.on_commit(enqueue_after_commit(deliver_email, row.pk), robust=True)
            count += 1
        return count
