"""Retention: job runs and sent emails are kept for ``RETENTION_DAYS`` (90 by default), then pruned.

Beat records a ``JobRun`` every minute and the outbox keeps every email, so both tables grow without
bound. ``prune_records`` (a daily beat job) deletes what is older than the limit in batches of
``RETENTION_BATCH`` rows by primary key, at most ``RETENTION_MAX_BATCHES`` per table and run: each
batch is one short ``SELECT`` on an index and one ``DELETE ... WHERE id IN (...)``, so no run holds a
long lock or much memory; what is left waits for the next run. Only *sent* emails go: one waiting, or
given up (``failed_at``, kept for an administrator to re-send), stays. The timeline's events
(``RequestEvent``) are kept for ever and never touched here."""
import datetime

from django.conf import settings
from django.utils import timezone


def prune_in_batches(queryset, order_by, batch, max_batches):
    """Delete the rows of ``queryset``, oldest first, ``batch`` at a time, at most ``max_batches``
    times: how many were deleted."""
    model = queryset.model
    deleted = 0
    for _ in range(max_batches):
        pks = list(queryset.order_by(order_by).values_list("pk", flat=True)[:batch])
        if not pks:
            break
        count, _ = model.objects.filter(pk__in=pks).delete()
        deleted += count
        if len(pks) < batch:
            break
    return deleted


def prune_records(now=None):
    """Delete job runs started, and sent emails sent, more than ``RETENTION_DAYS`` ago."""
    from .models import JobRun, OutgoingEmail

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS)
    batch, max_batches = settings.RETENTION_BATCH, settings.RETENTION_MAX_BATCHES
    return {
        "job_runs": prune_in_batches(JobRun.objects.filter(started_at__lt=cutoff), "started_at",
                                     batch, max_batches),
        "sent_emails": prune_in_batches(OutgoingEmail.objects.filter(sent_at__lt=cutoff), "sent_at",
                                        batch, max_batches),
    }
