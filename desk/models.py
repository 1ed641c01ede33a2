"""Desks of an office's walk-in service and the queue tickets they call.

A ticket is numbered per office, per day (the office's own local date) and per service line it was
issued in; ``code`` (K-007) is what the visitor holds and the board shows. Personal data (the guest's
name and contact) stays on the officer's pages: the board shows codes and desks only.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from services.catalogue.models import Office


class Desk(models.Model):
    """A desk (loket) of an office, opened by an officer for one or more services' lines."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="desks")
    name = models.CharField(_("nama loket"), max_length=40, help_text=_("Misalnya: Loket 1."))
    services = models.JSONField(_("layanan yang dilayani"), default=list)  # service slugs
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("petugas"),
                                on_delete=models.SET_NULL, null=True, blank=True, related_name="desks")
    opened_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # a page's buttons carry it: a stale click is refused

    class Meta:
        ordering = ["office", "name"]
        verbose_name = _("loket")
        verbose_name_plural = _("loket")

    def __str__(self):
        return f"{self.office.code} {self.name}"

    @property
    def is_open(self):
        return self.opened_at is not None and self.closed_at is None


class TicketCounter(models.Model):
    """The last number given in one service line of an office on one (local) day; its row is locked
    while a number is taken."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    service = models.CharField(max_length=30)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "day", "service"],
                                               name="one_counter_per_line")]

    def __str__(self):
        return f"{self.office_id} {self.day} {self.service}: {self.last_number}"


class Ticket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Menunggu")
        CALLED = "called", _("Dipanggil")
        SERVING = "serving", _("Dilayani")
        DONE = "done", _("Selesai")
        SKIPPED = "skipped", _("Dilewati")
        LEFT = "left", _("Meninggalkan antrean")

    AT_A_DESK = (Status.CALLED, Status.SERVING)

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="tickets")
    issued_service = models.CharField(_("antrean awal"), max_length=30)  # the line its number belongs to
    service = models.CharField(_("layanan"), max_length=30)  # the line it waits in now (after a transfer)
    day = models.DateField(_("tanggal (waktu kantor)"))
    number = models.PositiveIntegerField(_("nomor"))
    code = models.CharField(_("nomor antrean"), max_length=12)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    issued_at = models.DateTimeField(_("diambil"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    transferred_at = models.DateTimeField(_("dialihkan"), null=True, blank=True)
    called_at = models.DateTimeField(_("dipanggil"), null=True, blank=True)
    recalled_at = models.DateTimeField(_("dipanggil ulang"), null=True, blank=True)
    desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    serving_started_at = models.DateTimeField(_("mulai dilayani"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    skipped_at = models.DateTimeField(_("dilewati"), null=True, blank=True)
    left_at = models.DateTimeField(_("meninggalkan antrean"), null=True, blank=True)
    request = models.ForeignKey("requests_app.Request", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="tickets")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("akun pengunjung"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="queue_tickets")
    guest_name = models.CharField(_("nama tamu"), max_length=120)
    guest_contact = models.CharField(_("kontak (telepon atau email)"), max_length=120, blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("tiket antrean")
        verbose_name_plural = _("tiket antrean")
        constraints = [models.UniqueConstraint(fields=["office", "issued_service", "day", "number"],
                                               name="one_ticket_number_per_line_and_day")]
        indexes = [models.Index(fields=["office", "service", "status", "issued_at"])]

    def __str__(self):
        return f"{self.office.code} {self.day} {self.code}"

    @property
    def issued_time(self):
        """When it was issued, on the office's clock: "09.05 WITA"."""
        return self.office.local_time(self.issued_at, "H.i")

from .kiosk_models import Guest, GuestBookEntry, Kiosk  # noqa: E402,F401  (the kiosk and its guest book)
