"""The kiosk at an office's entrance and its guest book.

A ``Kiosk`` is a shared public device enrolled to one office by an officer: only a hash of its device
token is stored, and revoking it stops the token at once. A ``Guest`` is a visitor an office has seen,
found again by phone or email; a ``GuestBookEntry`` is one visit with the ticket it took. The identity
number is shown masked (``mask_identity``) everywhere but to the office's staff.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from services.catalogue.models import Office


class IdentityType(models.TextChoices):
    KTP = "ktp", _("KTP")
    SIM = "sim", _("SIM")
    PASSPORT = "passport", _("Paspor")


def mask_identity(number):
    """6371********0001: the first and last four characters of a long number, two of a short one."""
    number = number or ""
    keep = 4 if len(number) >= 12 else 2
    if len(number) <= 2 * keep:
        return "*" * len(number)
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]


class Kiosk(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="kiosks")
    name = models.CharField(_("nama kiosk"), max_length=60)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)  # sha256 of the device token
    link_hash = models.CharField(max_length=64, blank=True, db_index=True)  # the one-time enrolment link
    link_expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    enrolled_at = models.DateTimeField(_("dipasang"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        ordering = ["office", "name", "pk"]
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosk")

    def __str__(self):
        return f"{self.office.code} {self.name}"

    @property
    def is_active(self):
        return self.enrolled_at is not None and self.revoked_at is None


class Guest(models.Model):
    """A walk-in visitor of one office, found again by the phone or email they typed."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="guests")
    full_name = models.CharField(_("nama"), max_length=120)
    phone = models.CharField(_("telepon"), max_length=20, blank=True, db_index=True)  # E.164
    email = models.EmailField(_("email"), blank=True, db_index=True)  # lower case
    institution = models.CharField(_("instansi"), max_length=150, blank=True)
    identity_type = models.CharField(_("jenis identitas"), max_length=10, choices=IdentityType.choices)
    identity_number = models.CharField(_("nomor identitas"), max_length=20)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tamu")
        verbose_name_plural = _("tamu")

    def __str__(self):
        return f"{self.office.code} {self.full_name}"

    @property
    def masked_identity(self):
        return mask_identity(self.identity_number)


class GuestBookEntry(models.Model):
    """One visit: what the guest wrote in the guest book and the ticket they took."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="guest_book")
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="visits")
    ticket = models.OneToOneField("desk.Ticket", on_delete=models.CASCADE, related_name="guest_entry")
    kiosk = models.ForeignKey(Kiosk, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    identity_type = models.CharField(_("jenis identitas"), max_length=10, choices=IdentityType.choices)
    identity_number = models.CharField(_("nomor identitas"), max_length=20)
    institution = models.CharField(_("instansi"), max_length=150, blank=True)
    purpose = models.TextField(_("keperluan"), max_length=500)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("buku tamu")
        verbose_name_plural = _("buku tamu")

    def __str__(self):
        return f"{self.office.code} {self.ticket.code}"

    @property
    def masked_identity(self):
        return mask_identity(self.identity_number)
