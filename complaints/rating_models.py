"""A visitor's rating of one finished request or one finished walk-in visit (a desk ticket): the nine
elements of the public satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017), each 1–4
or skipped, and a comment. The office, service, channel and the office's local date are stored with it
so the satisfaction index (``complaints.ikm``) is read from this table alone.

``RatingInvite``: the link emailed to the visitor of a finished request; only the hash of its random
token is stored, and the link works once.
"""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.catalogue.models import Office

# The nine elements, in the regulation's order: (field name, what it is called).
ELEMENTS = (
    ("requirements", _("Persyaratan")),
    ("procedure", _("Sistem, mekanisme, dan prosedur")),
    ("duration", _("Waktu penyelesaian")),
    ("fee", _("Biaya/tarif")),
    ("product", _("Produk spesifikasi jenis pelayanan")),
    ("competence", _("Kompetensi pelaksana")),
    ("conduct", _("Perilaku pelaksana")),
    ("complaint_handling", _("Penanganan pengaduan, saran, dan masukan")),
    ("facilities", _("Sarana dan prasarana")),
)
ELEMENT_NAMES = tuple(name for name, _label in ELEMENTS)
SCALE = (1, 2, 3, 4)


def _element_field(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True,
                                            validators=[MinValueValidator(1), MaxValueValidator(4)])


class Rating(models.Model):
    request = models.OneToOneField("requests_app.Request", verbose_name=_("permintaan"), null=True,
                                   blank=True, on_delete=models.CASCADE, related_name="satisfaction")
    ticket = models.OneToOneField("desk.Ticket", verbose_name=_("tiket antrean"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="satisfaction")
    requirements = _element_field(_("persyaratan"))
    procedure = _element_field(_("prosedur"))
    duration = _element_field(_("waktu penyelesaian"))
    fee = _element_field(_("biaya/tarif"))
    product = _element_field(_("produk layanan"))
    competence = _element_field(_("kompetensi pelaksana"))
    conduct = _element_field(_("perilaku pelaksana"))
    complaint_handling = _element_field(_("penanganan pengaduan"))
    facilities = _element_field(_("sarana dan prasarana"))
    comment = models.TextField(_("komentar"), blank=True, max_length=2000)
    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.PROTECT,
                               related_name="ratings")
    service_slug = models.CharField(_("layanan"), max_length=30)
    channel = models.CharField(_("kanal"), max_length=10)
    local_date = models.DateField(_("tanggal (waktu kantor)"))
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("penilaian layanan")
        verbose_name_plural = _("penilaian layanan")
        constraints = [
            models.CheckConstraint(
                condition=Q(request__isnull=False, ticket__isnull=True)
                | Q(request__isnull=True, ticket__isnull=False),
                name="rating_of_a_request_or_a_ticket"),
        ]
        indexes = [models.Index(fields=["office", "local_date"], name="rating_period_idx")]

    def __str__(self):
        return f"{self.office_id} {self.local_date} {self.service_slug}"

    def answers(self):
        """{element: value or None}, in the regulation's order."""
        return {name: getattr(self, name) for name in ELEMENT_NAMES}


class RatingInvite(models.Model):
    request = models.OneToOneField("requests_app.Request", on_delete=models.CASCADE,
                                   related_name="rating_invite")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("undangan penilaian")
        verbose_name_plural = _("undangan penilaian")

    def __str__(self):
        return f"{self.request_id}"
