"""A record of every run of a periodic job (``JobRun``): admin shows when each last ran and what it
did, and ``/healthz`` says when beat is behind."""

import datetime
import functools
import os
import socket

from django.utils import timezone

# Beat runs its most frequent job every few minutes: a last run older than this means beat is behind.
BEAT_BEHIND_AFTER = datetime.timedelta(minutes=15)
WATCHED_JOB = "drain_outbox"
LATEST_RUNS = 5


def recorded(name):
    """Decorate a periodic job returning a dict of counts: each run is written to ``JobRun``."""

    def decorate(job):
        @functools.wraps(job)
        def run(*args, **kwargs):
            from .models import JobRun

            # Who runs it: admin tells a run still going from one whose process was killed.
            entry = JobRun.objects.create(name=name, host=socket.gethostname()[:255], pid=os.getpid())
            try:
                counts = job(*args, **kwargs)
            except Exception as error:
                JobRun.objects.filter(pk=entry.pk).update(
                    finished_at=timezone.now(), error=repr(error)[:2000]
                )
                raise
            JobRun.objects.filter(pk=entry.pk).update(finished_at=timezone.now(), counts=counts or {})
            return counts

        return run

    return decorate


def beat_status(now=None):
    """ "ok", "behind" (the watched job has not finished lately), or "unknown" (it never ran yet)."""
    from .models import JobRun

    # The latest runs by start, which the (name, -started_at) index gives without reading the table's
    # millions of rows; the watched job's runs are short, so the last to finish is among them.
    finished = [moment for moment in JobRun.objects.filter(name=WATCHED_JOB, finished_at__isnull=False)
                .order_by("-started_at").values_list("finished_at", flat=True)[:LATEST_RUNS]]
    if not finished:
        return "unknown"
    return "ok" if (now or timezone.now()) - max(finished) <= BEAT_BEHIND_AFTER else "behind"


def outbox_status(now=None):
    """ "behind" when an email has waited more than a few minutes to leave, else "ok"."""
    from .models import OutgoingEmail

    limit = (now or timezone.now()) - datetime.timedelta(minutes=5)
    # A row waiting on its back-off counts (the mail server refuses: someone should look); one given up
    # after its last attempt is in admin ("Email keluar") and no longer holds the status.
    waiting = OutgoingEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True, created_at__lt=limit)
    return "behind" if waiting.exists() else "ok"
