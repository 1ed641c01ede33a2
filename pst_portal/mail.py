"""Email is never sent inside a web request: it is queued to Celery after commit.

``QueuedEmailBackend`` is Django's ``EMAIL_BACKEND``. It turns each message into a
JSON-safe dict and enqueues ``deliver_email`` once the current transaction commits
(at once when there is none); the worker rebuilds the message and hands it to the
backend named by ``EMAIL_DELIVERY_BACKEND`` (from ``EMAIL_URL``).
"""
import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


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


def enqueue_after_commit(task, *args):
    """A named callable for ``on_commit(robust=True)``: Django logs a failing hook by its
    ``__qualname__``, which ``functools.partial`` lacks."""

    def enqueue():
        task.delay(*args)

    enqueue.__qualname__ = f"enqueue {task.name}"
    return enqueue


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .tasks import deliver_email

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            payload = message_to_payload(message)
            transaction.on_commit(enqueue_after_commit(deliver_email, payload), robust=True)
            count += 1
        return count
