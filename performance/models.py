"""The daily figures of an office: one row per office, day (on the office's clock), service, channel and
officer (the request's assignee, or the officer who called the ticket; empty when nobody), rebuilt whole
from the requests and tickets of that day (``performance.aggregates``), never counted up, so a row that
is rebuilt twice is the same row."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from services.catalogue.models import Office


class DailyFigure(models.Model):
    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("tanggal (waktu kantor)"))
    service_slug = models.CharField(_("layanan"), max_length=30)
    channel = models.CharField(_("kanal"), max_length=10)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("petugas"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    filed = models.PositiveIntegerField(_("diajukan"), default=0)
    closed = models.PositiveIntegerField(_("ditutup"), default=0)
    completed = models.PositiveIntegerField(_("selesai"), default=0)
    on_time = models.PositiveIntegerField(_("tepat waktu"), default=0)
    late = models.PositiveIntegerField(_("terlambat"), default=0)
    no_deadline = models.PositiveIntegerField(_("tanpa tenggat"), default=0)
    # {working days to complete: count} of the requests completed that day, so a median is exact.
    durations = models.JSONField(_("lama penyelesaian (hari kerja)"), default=dict, blank=True)
    tickets_called = models.PositiveIntegerField(_("tiket dipanggil"), default=0)
    tickets_within_standard = models.PositiveIntegerField(_("tiket sesuai standar"), default=0)
    rebuilt_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("angka harian")
        verbose_name_plural = _("angka harian")
        constraints = [models.UniqueConstraint(
            fields=["office", "day", "service_slug", "channel", "officer"], name="daily_figure_key")]
        indexes = [models.Index(fields=["office", "day"], name="daily_figure_period_idx"),
                   models.Index(fields=["officer", "day"], name="daily_figure_officer_idx")]

    def __str__(self):
        return f"{self.office_id} {self.day} {self.service_slug} {self.channel}"
