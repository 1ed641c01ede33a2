"""What the portal keeps so that nothing is lost when the broker or a worker fails.

``OutgoingEmail`` is the outbox: every email is a row written in the same transaction as the work
that caused it, then handed to Celery after commit. A row still unsent a minute later (the broker
was down, or the worker died) is handed again by the ``drain_outbox`` job; delivery locks the row just
long enough to claim it (``sending_since``), commits, talks to the mail server outside any transaction,
then records the result, so a row is sent once however often it is handed over; the claim of a worker
killed mid-send expires after ``SENDING_CLAIM_EXPIRES`` and the row is tried again. A row
the mail server refuses waits with a growing back-off (``next_attempt_at``) and is given up
(``failed_at``) after ``MAX_ATTEMPTS``.

``JobRun`` records each run of a periodic job: when, how long, what it did (counts), or its error.
"""

import datetime
import os
import socket

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def process_exists(pid):
    """Whether a process ``pid`` runs on this host (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutgoingEmail(models.Model):
    MAX_ATTEMPTS = 8
    payload = models.JSONField()
    subject = models.CharField(_("subjek"), max_length=300, blank=True)
    recipients = models.CharField(_("penerima"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    # After a refusal: when to try again (back-off), and when the outbox gave up on the row.
    next_attempt_at = models.DateTimeField(_("dicoba lagi"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gagal permanen"), null=True, blank=True)
    # A worker's claim while it talks to the mail server (no lock or transaction is held meanwhile):
    # other workers leave the row alone until the claim expires (a worker killed mid-send).
    sending_since = models.DateTimeField(_("sedang dikirim sejak"), null=True, blank=True)

    class Meta:
        verbose_name = _("email keluar")
        verbose_name_plural = _("email keluar")
        # Re-sending an email the outbox gave up on (admin's action): administrators only.
        permissions = [("resend_outgoingemail", _("Dapat mengirim ulang email yang gagal"))]
        indexes = [
            models.Index(fields=["sent_at", "created_at"], name="outbox_pending_idx"),
            # Retention (pst_portal.retention): the oldest sent rows, found by when they left.
            models.Index(fields=["sent_at"], name="outbox_sent_idx",
                         condition=models.Q(sent_at__isnull=False)),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"


class JobRun(models.Model):
    name = models.CharField(_("tugas"), max_length=80, db_index=True)
    started_at = models.DateTimeField(_("mulai"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    counts = models.JSONField(_("hasil"), default=dict, blank=True)
    error = models.TextField(_("galat"), blank=True)
    # Who ran it: a run never finished whose process is gone from its host was killed (see ``state``).
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("pid"), null=True, blank=True)

    class Meta:
        verbose_name = _("jalannya tugas terjadwal")
        verbose_name_plural = _("jalannya tugas terjadwal")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["name", "-started_at"], name="jobrun_latest_idx"),
            # Retention: the oldest runs, whatever their job.
            models.Index(fields=["started_at"], name="jobrun_started_idx"),
        ]

    class State(models.TextChoices):
        FINISHED = "selesai", _("selesai")
        FAILED = "gagal", _("gagal")
        RUNNING = "berjalan", _("berjalan")
        STOPPED = "terhenti", _("terhenti (proses mati sebelum selesai)")

    def __str__(self):
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"

    def state(self, now=None):
        """Finished, failed, still running, or stopped: a run never finished whose process no longer
        exists on this host (killed: SIGKILL, out of memory, a machine restarted), or one unfinished
        after ``JOB_STALE_HOURS`` (run on another host, whose processes this one cannot see; or a pid
        taken since by another process)."""
        if self.finished_at is not None:
            return self.State.FAILED if self.error else self.State.FINISHED
        if self.host and self.pid and self.host == socket.gethostname() and not process_exists(self.pid):
            return self.State.STOPPED
        stale = datetime.timedelta(hours=settings.JOB_STALE_HOURS)
        return self.State.STOPPED if (now or timezone.now()) - self.started_at > stale else self.State.RUNNING
