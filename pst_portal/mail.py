"""Email is never sent inside a web request: it goes to the outbox and then to Celery.

``QueuedEmailBackend`` is Django's ``EMAIL_BACKEND``. It turns each message into a JSON-safe
dict stored as an ``OutgoingEmail`` row in the current transaction, and enqueues
``deliver_email`` once that transaction commits. The worker rebuilds the message and hands it to
the backend named by ``EMAIL_DELIVERY_BACKEND`` (from ``EMAIL_URL``). If the broker is down, the
row waits and the ``drain_outbox`` job hands it over later: nothing is lost, nothing sent twice.
"""
import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone


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


def deliver_outgoing(email_id):
    """Send one outbox row, once: the row is locked while it is sent and marked sent in the same
    transaction. A row another worker is sending, or one already sent, is left alone."""
    from .models import OutgoingEmail

    failure = None
    rows = OutgoingEmail.objects.filter(pk=email_id)
    with transaction.atomic():
        row = (OutgoingEmail.objects.select_for_update(skip_locked=True)
               .filter(pk=email_id, sent_at__isnull=True).first())
        if row is None:
            return 0
        try:
            sent = deliver_payload(row.payload)
        except Exception as error:  # the mail server refused: recorded below, retried by the task
            failure = error
        else:
            rows.update(sent_at=timezone.now(), attempts=row.attempts + 1)
    if failure is not None:
        rows.update(attempts=row.attempts + 1, last_error=str(failure)[:2000])
        raise failure
    return sent


def enqueue_after_commit(task, *args):
    """A named callable for ``on_commit(robust=True)``: Django logs a failing hook by its
    ``__qualname__``, which ``functools.partial`` lacks."""

    def enqueue():
        task.delay(*args)

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
                payload=message_to_payload(message), subject=str(message.subject)[:300],
                recipients=", ".join(message.recipients())[:500])
            transaction.on_commit(enqueue_after_commit(deliver_email, row.pk), robust=True)
            count += 1
        return count
