"""Email is never sent inside a web request: it goes to the outbox and then to Celery.

``QueuedEmailBackend`` is Django's ``EMAIL_BACKEND``. It turns each message into a JSON-safe
dict stored as an ``OutgoingEmail`` row in the current transaction, and enqueues
``deliver_email`` once that transaction commits. The worker rebuilds the message and hands it to
the backend named by ``EMAIL_DELIVERY_BACKEND`` (from ``EMAIL_URL``). If the broker is down, the
row waits and the ``drain_outbox`` job hands it over later: nothing is lost, nothing sent twice.
"""
import logging
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from pst_portal.outbox import message_to_payload

logger = logging.getLogger(__name__)


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
    """Each message becomes an outbox row in the current transaction (many in one insert), handed to
    the worker once it commits: one ``deliver_email`` for one message, one ``deliver_emails`` for many."""

    def send_messages(self, email_messages):
        from .models import OutgoingEmail
        from .tasks import deliver_email, deliver_emails

        rows = [
            OutgoingEmail(
                payload=message_to_payload(message),
                subject=str(message.subject)[:300],
                recipients=", ".join(message.recipients())[:500],
            )
            for message in email_messages
            if message.recipients()
        ]
        if len(rows) == 1:
            rows[0].save()
            transaction.on_commit(enqueue_after_commit(deliver_email, rows[0].pk), robust=True)
        elif rows:
            OutgoingEmail.objects.bulk_create(rows)
            transaction.on_commit(enqueue_after_commit(deliver_emails, [row.pk for row in rows]), robust=True)
        return len(rows)
