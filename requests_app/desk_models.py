"""What the visitor told the officer at the service desk, kept on the request (accounts.desk): the
desk never writes it into an existing account's profile."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeskDetails(models.Model):
    request = models.OneToOneField(
        "requests_app.Request", on_delete=models.CASCADE, related_name="desk_details"
    )
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    phone = models.CharField(_("nomor telepon/WhatsApp"), max_length=30, blank=True)
    institution = models.CharField(_("instansi/lembaga"), max_length=200, blank=True)
    agency_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("keterangan di meja layanan")
        verbose_name_plural = _("keterangan di meja layanan")

    def __str__(self):
        return self.full_name
