"""Product sales: the products and their tariffs, and the orders placed for them."""
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from services.catalogue.models import Office


class TariffRegulation(models.Model):
    """A government regulation that fixes the PNBP tariff (e.g. PP 7/2015, PP 13/2024). A new
    regulation is a new row with its rates, never a change to an old one."""

    name = models.CharField(_("peraturan"), max_length=120)
    effective_from = models.DateField(_("berlaku mulai"))
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("peraturan tarif")
        verbose_name_plural = _("peraturan tarif")

    def __str__(self):
        return f"{self.name} ({self.effective_from:%d-%m-%Y})"


class TariffRate(models.Model):
    """One line of a regulation's tariff: a price for a first block (pages, bytes or one map) and
    a price per further block."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publikasi elektronik (per halaman)")
        MICRODATA = "microdata", _("Data mikro mentah (per ukuran berkas)")
        MAP = "map", _("Peta digital WilKerStat (per peta)")

    regulation = models.ForeignKey(TariffRegulation, on_delete=models.CASCADE, related_name="rates")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    map_level = models.CharField(
        _("tingkat peta"), max_length=40, blank=True,
        help_text=_("Hanya untuk peta, misalnya 'kabupaten-kecamatan' atau 'kabupaten-desa'."),
    )
    label = models.CharField(_("uraian"), max_length=200)
    base_price = models.PositiveBigIntegerField(_("tarif dasar (Rp)"))
    base_units = models.PositiveBigIntegerField(
        _("satuan dasar"), default=1,
        help_text=_("Halaman atau bita yang tercakup tarif dasar; 1 untuk peta."),
    )
    extra_price = models.PositiveBigIntegerField(_("tarif tambahan (Rp)"), default=0)
    extra_units = models.PositiveBigIntegerField(_("per satuan tambahan"), default=1)

    class Meta:
        ordering = ["regulation", "kind", "map_level"]
        verbose_name = _("tarif")
        verbose_name_plural = _("tarif")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "kind", "map_level"],
                                    name="one_rate_per_kind_and_level"),
        ]

    def __str__(self):
        return self.label


class ZeroTariffRule(models.Model):
    """A user segment and purpose for which the regulation sets Rp0, applied only after an officer
    confirms the evidence the buyer uploads."""

    regulation = models.ForeignKey(TariffRegulation, on_delete=models.CASCADE, related_name="zero_rules")
    segment = models.CharField(_("segmen pengguna"), max_length=15)
    purpose = models.CharField(_("keperluan"), max_length=200)
    evidence = models.CharField(_("bukti yang diminta"), max_length=300)

    class Meta:
        ordering = ["regulation", "segment"]
        verbose_name = _("aturan tarif nol rupiah")
        verbose_name_plural = _("aturan tarif nol rupiah")

    def __str__(self):
        return f"{self.segment}: {self.purpose}"


class ProductQuerySet(models.QuerySet):
    def available(self):
        return self.filter(is_active=True, office__is_active=True)


class Product(models.Model):
    """A statistical product an office sells: a publication, a microdata set or a WilKerStat map."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publikasi")
        MICRODATA = "microdata", _("Data mikro")
        MAP = "map", _("Peta digital WilKerStat")

    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.PROTECT,
                               related_name="products")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("judul"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"))
    description = models.TextField(_("keterangan"), blank=True)
    formats = models.CharField(_("format"), max_length=100,
                               help_text=_("Dipisah koma, misalnya CSV, SAV, DTA."))
    is_active = models.BooleanField(_("dijual"), default=True)
    # Publications
    pages = models.PositiveIntegerField(_("jumlah halaman"), null=True, blank=True)
    # Microdata
    survey = models.CharField(_("survei"), max_length=120, blank=True)
    presentation_level = models.CharField(_("tingkat penyajian"), max_length=60, blank=True)
    records = models.PositiveIntegerField(_("jumlah record"), null=True, blank=True)
    # Maps
    map_level = models.CharField(_("tingkat peta"), max_length=40, blank=True)
    area = models.CharField(_("wilayah"), max_length=120, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["office", "kind", "-year", "title"]
        verbose_name = _("produk statistik")
        verbose_name_plural = _("produk statistik")
        constraints = [models.UniqueConstraint(fields=["office", "slug"], name="product_slug_per_office")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("product_sales:product", args=[self.office.code, self.slug])

    def format_list(self):
        return [f.strip() for f in self.formats.split(",") if f.strip()]


class ProductVariable(models.Model):
    """A variable of a microdata set; its width gives the size of a subset of variables."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variables")
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama variabel"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    width_bytes = models.PositiveSmallIntegerField(
        _("lebar (bita per record)"), default=8, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["product", "order"]
        verbose_name = _("variabel")
        verbose_name_plural = _("variabel")
        constraints = [models.UniqueConstraint(fields=["product", "name"], name="variable_name_per_product")]

    def __str__(self):
        return f"{self.name} — {self.label}"




# Orders (own module; imported here so Django finds them).
from services.product_sales.order_models import Download, DownloadLink, Order, OrderLine  # noqa: E402,F401
