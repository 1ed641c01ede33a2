from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.catalogue.models import Office, ServiceKind

# What a template's text may contain, filled in server-side for the request at hand.
PLACEHOLDERS = (
    ("{nama}", _("nama pengguna layanan")),
    ("{kode}", _("kode permintaan")),
)


class ReplyTemplate(models.Model):
    """A short reusable answer of one office, for every service or for one."""

    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.CASCADE,
                               related_name="reply_templates")
    service_kind = models.ForeignKey(ServiceKind, verbose_name=_("layanan"), on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="+",
                                     help_text=_("Kosongkan untuk semua layanan."))
    title = models.CharField(_("judul"), max_length=120)
    body = models.TextField(_("teks"), max_length=4000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("templat balasan")
        verbose_name_plural = _("templat balasan")

    def __str__(self):
        return self.title

    def filled(self, name, code):
        return fill(self.body, name, code)


def fill(text, name, code):
    """``text`` with its placeholders replaced (anything else in braces is left as written)."""
    return text.replace("{nama}", name or "").replace("{kode}", code or "")
