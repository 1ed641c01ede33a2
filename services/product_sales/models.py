"""Product sales: the products and their tariffs, and the orders placed for them."""
import secrets
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.storage import private_storage
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


class Order(models.Model):
    class Medium(models.TextChoices):
        DOWNLOAD = "download", _("Unduh lewat tautan pribadi")
        PHYSICAL = "physical", _("Media fisik (CD/DVD/flashdisk), diambil di kantor")

    request = models.OneToOneField("requests_app.Request", on_delete=models.CASCADE, related_name="order")
    abstract = models.TextField(_("abstraksi penggunaan data"), blank=True)
    medium = models.CharField(_("media"), max_length=10, choices=Medium.choices, default=Medium.DOWNLOAD)
    npwp = models.CharField(
        _("NPWP"), max_length=16, blank=True, help_text=_("Dari profil pembeli saat pesanan diajukan.")
    )
    # Rp0: asked by the buyer with evidence, applied only by the officer's confirmation.
    zero_rule = models.ForeignKey(
        ZeroTariffRule,
        verbose_name=_("tarif Rp0 yang diminta"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    zero_evidence = models.ForeignKey(
        "requests_app.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The data-use agreement (SPPD): accepted in the portal, or signed on paper at the desk.
    sppd_document = models.ForeignKey(
        "requests_app.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sppd_accepted_name = models.CharField(_("nama yang menyetujui SPPD"), max_length=150, blank=True)
    sppd_accepted_at = models.DateTimeField(_("SPPD disetujui"), null=True, blank=True)
    sppd_accepted_ip = models.GenericIPAddressField(_("alamat IP persetujuan SPPD"), null=True, blank=True)
    # The price, fixed when the officer confirms the order.
    regulation = models.ForeignKey(
        TariffRegulation,
        verbose_name=_("peraturan tarif"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    total = models.PositiveBigIntegerField(_("total (Rp)"), null=True, blank=True)
    zero_tariff_applied = models.BooleanField(_("tarif Rp0 diterapkan"), default=False)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Payment through the state revenue system (SIMPONI).
    billing_code = models.CharField(_("kode billing"), max_length=20, blank=True)
    billing_expires_at = models.DateTimeField(_("kode billing berlaku sampai"), null=True, blank=True)
    payment_proof = models.ForeignKey(
        "requests_app.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payment_verified_at = models.DateTimeField(_("pembayaran diverifikasi"), null=True, blank=True)
    payment_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Delivery
    ready_for_pickup_at = models.DateTimeField(_("siap diambil"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesanan produk")
        verbose_name_plural = _("pesanan produk")

    def __str__(self):
        return str(self.request)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_free(self):
        return self.is_confirmed and self.total == 0

    @property
    def is_paid_or_free(self):
        return self.is_confirmed and (self.total == 0 or self.payment_verified_at is not None)

    @property
    def awaits_payment_check(self):
        return self.payment_proof_id is not None and self.payment_verified_at is None

    @property
    def sppd_accepted(self):
        return self.sppd_accepted_at is not None

    @property
    def sppd_signed_by_someone_else(self):
        """The SPPD names the buyer, but another name accepted or signed it (the officer sees this
        before confirming)."""
        buyer = self.request.visitor
        if not self.sppd_accepted or buyer is None:
            return False
        return " ".join(self.sppd_accepted_name.split()).casefold() != " ".join(
            (buyer.get_full_name() or "").split()
        ).casefold()


def delivery_path(line, filename):
    now = timezone.now()
    return f"orders/{now:%Y/%m}/{uuid.uuid4().hex}{line.file_extension}"


class OrderLine(models.Model):
    """One product of an order: for microdata, the full set or the chosen variables."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.PROTECT, related_name="order_lines"
    )
    variables = models.ManyToManyField(
        ProductVariable,
        verbose_name=_("variabel yang dipilih"),
        blank=True,
        related_name="+",
        help_text=_("Kosong berarti seluruh variabel."),
    )
    format = models.CharField(_("format"), max_length=20)
    line_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Fixed on confirmation.
    quantity = models.PositiveBigIntegerField(_("jumlah satuan"), null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=10, blank=True)
    amount = models.PositiveBigIntegerField(_("harga (Rp)"), null=True, blank=True)
    rate_label = models.CharField(_("tarif"), max_length=200, blank=True)
    # The prepared file, attached by the officer; served only through a download link.
    file = models.FileField(storage=private_storage, upload_to=delivery_path, max_length=200, blank=True)
    file_name = models.CharField(_("nama berkas"), max_length=200, blank=True)
    file_extension = models.CharField(max_length=10, blank=True)
    file_content_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("baris pesanan")
        verbose_name_plural = _("baris pesanan")

    def __str__(self):
        return f"{self.product} ({self.format})"

    @property
    def download_name(self):
        """The name the buyer's download is saved as: the product, the office and the order code."""
        from django.utils.text import slugify

        office = self.product.office
        return f"{self.product.slug}_{slugify(office.name)}_{self.order.request.code}{self.file_extension}"


def new_link_token():
    return secrets.token_urlsafe(32)


class DownloadLink(models.Model):
    """A private, expiring link to one line's file, for the buyer only. Each use is recorded."""

    token = models.CharField(max_length=64, unique=True, default=new_link_token, editable=False)
    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="links")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("kedaluwarsa"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tautan unduhan")
        verbose_name_plural = _("tautan unduhan")

    def __str__(self):
        return f"{self.line} → {self.expires_at:%Y-%m-%d}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("product_sales:download_product", args=[self.token])

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at


class Download(models.Model):
    link = models.ForeignKey(DownloadLink, on_delete=models.CASCADE, related_name="downloads")
    downloaded_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["downloaded_at"]
        verbose_name = _("unduhan")
        verbose_name_plural = _("unduhan")

    def __str__(self):
        return f"{self.link_id} {self.downloaded_at:%Y-%m-%d %H:%M}"
