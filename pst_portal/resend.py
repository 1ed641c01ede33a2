"""Admin's re-send of emails the outbox gave up on (``OutgoingEmail.failed_at``)."""
import logging

from django.db import transaction
from django.utils import timezone

from .mail import enqueue_after_commit
from .models import OutgoingEmail
from .tasks import deliver_email

logger = logging.getLogger("pst_portal.mail")


def resend_given_up(email_ids, by, now=None):
    """An administrator asks again for emails the outbox gave up on: each such row (``failed_at`` set,
    never sent) starts afresh (no attempts, no back-off, no claim; the last error is kept in
    ``last_error`` after a note of who asked) and is handed to Celery after commit. Rows already sent
    or still waiting are left alone. Returns (re-sent, left alone)."""
    now = now or timezone.now()
    resent = 0
    with transaction.atomic():
        rows = list(OutgoingEmail.objects.select_for_update().filter(pk__in=list(email_ids)))
        for row in rows:
            if row.sent_at is not None or row.failed_at is None:
                continue
            note = f"[dikirim ulang {now:%Y-%m-%d %H:%M} UTC oleh {by}; sebelumnya {row.attempts} percobaan] "
            OutgoingEmail.objects.filter(pk=row.pk).update(
                failed_at=None, attempts=0, next_attempt_at=None, sending_since=None,
                last_error=(note + row.last_error)[:2000])
            transaction.on_commit(enqueue_after_commit(deliver_email, row.pk), robust=True)
            resent += 1
    logger.info("%s re-sent %s given-up email(s)", by, resent)
    return resent, len(rows) - resent
