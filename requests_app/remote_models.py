"""Who a request that arrived by WhatsApp, LiveChat, email or phone is for, as the officer recorded
them (requests_app.remote). Until the owner of the email given confirms it (``claim_token``), the
request has no visitor: these are its guest's details."""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RemoteContact(models.Model):
    request = models.OneToOneField(
        "requests_app.Request", on_delete=models.CASCADE, related_name="remote_contact"
    )
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    phone = models.CharField(_("nomor telepon/WhatsApp"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    institution = models.CharField(_("instansi/lembaga"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    # Sent to an existing account's address: the owner attaches the request to their account with it.
    claim_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    claim_sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kontak permintaan dari kanal lain")
        verbose_name_plural = _("kontak permintaan dari kanal lain")

    def __str__(self):
        return self.full_name

    @property
    def awaiting_confirmation(self):
        return self.claim_token is not None and self.claimed_at is None

    @staticmethod
    def new_claim_token():
        return uuid.uuid4()

    # The names a walk-in guest's record gives (Request.requester_name reads either).
    @property
    def guest_name(self):
        return self.full_name

    @property
    def guest_institution(self):
        return self.institution
