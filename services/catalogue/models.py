"""The catalogue: offices, the three services and the published service standards.

A standard (Standar Pelayanan) is fixed by a decree (SK) of an office head for one
service; a new decree is a new ``Standard`` row with a later ``effective_from``, so
a request can keep the version in force when it was filed. Each standard has one
section per channel (walk-in, online) with its ordered requirements, procedure
steps and completion time; fee, service outputs and complaint channels belong to
the standard as a whole, as in the published documents.
"""
import datetime
import zoneinfo

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

TIME_ZONE_CHOICES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta, UTC+7)"),
    ("Asia/Makassar", "WITA (Asia/Makassar, UTC+8)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura, UTC+9)"),
]
TIME_ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class Office(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten")
        CITY = "city", _("Kota")

    code = models.CharField(
        _("kode BPS"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kode wilayah BPS terdiri atas 4 angka."))],
    )
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("provinsi induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"level": "province"},
    )
    province_name = models.CharField(_("nama provinsi"), max_length=80)
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    emails = models.CharField(
        _("alamat email"), max_length=300, blank=True, help_text=_("Pisahkan dengan koma.")
    )
    time_zone = models.CharField(_("zona waktu"), max_length=40, choices=TIME_ZONE_CHOICES)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kantor BPS")
        verbose_name_plural = _("kantor BPS")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True)
                | (~models.Q(level="province") & models.Q(parent__isnull=False)),
                name="office_province_has_no_parent_others_have_one",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def zone_abbreviation(self):
        return TIME_ZONE_ABBREVIATIONS.get(self.time_zone, self.time_zone)

    def local_time(self, moment, format="j M Y H.i"):
        """``moment`` (stored in UTC) as the office's clock shows it, with the zone's name:
        "1 Des 2026 15.05 WITA". Every time a page, email or PDF shows goes through here."""
        if moment is None:
            return ""
        return f"{date_format(timezone.localtime(moment, self.zone), format)} {self.zone_abbreviation}"

    @property
    def email_list(self):
        return [e.strip() for e in self.emails.split(",") if e.strip()]

    @property
    def letterhead_name(self):
        """The office name as a letterhead writes it: "KABUPATEN KOTABARU"."""
        return self.name.removeprefix("BPS ").upper()



class OfficeHours(models.Model):
    """Opening hours of an office's PST desk on one weekday (local time of the office)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Senin")
        TUESDAY = 1, _("Selasa")
        WEDNESDAY = 2, _("Rabu")
        THURSDAY = 3, _("Kamis")
        FRIDAY = 4, _("Jumat")
        SATURDAY = 5, _("Sabtu")
        SUNDAY = 6, _("Minggu")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens_at = models.TimeField(_("buka"), default=datetime.time(8, 0))
    closes_at = models.TimeField(_("tutup"), default=datetime.time(15, 30))

    class Meta:
        ordering = ["office", "weekday"]
        verbose_name = _("jam layanan")
        verbose_name_plural = _("jam layanan")
        constraints = [
            models.UniqueConstraint(fields=["office", "weekday"], name="one_hours_row_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="office_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H.%M}–{self.closes_at:%H.%M}"


class ServiceKind(models.Model):
    """One of the three PST services; ``slug`` is part of stable URLs."""

    class Slug(models.TextChoices):
        CONSULTATION = "konsultasi", _("Konsultasi Statistik")
        PRODUCT_SALES = "penjualan-produk", _("Penjualan Produk Statistik")
        RECOMMENDATION = "rekomendasi", _("Rekomendasi Kegiatan Statistik")

    slug = models.SlugField(_("slug"), max_length=30, unique=True, choices=Slug.choices)
    name = models.CharField(_("nama"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120)
    summary = models.TextField(_("ringkasan"), blank=True)
    summary_en = models.TextField(_("ringkasan (Inggris)"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    """How a request reached the office. A standard has sections for the first two only; a request
    that arrived by WhatsApp (SISUKA), the website's LiveChat, email or phone is recorded by an
    officer and served as the standard's online section says (``section_channel``)."""

    WALK_IN = "walk_in", _("Kunjungan langsung")
    ONLINE = "online", _("Daring (online)")
    WHATSAPP = "whatsapp", _("WhatsApp (SISUKA)")
    LIVECHAT = "livechat", _("LiveChat di situs web")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Telepon")


# The channels a standard has a section for, and those an officer records a request from.
SECTION_CHANNELS = (Channel.WALK_IN, Channel.ONLINE)
REMOTE_CHANNELS = (Channel.WHATSAPP, Channel.LIVECHAT, Channel.EMAIL, Channel.PHONE)


def section_channel(channel):
    """The standard's section that applies to a request of ``channel``: a request that arrived by
    WhatsApp, LiveChat, email or phone is served as an online one (its working days, its steps)."""
    return Channel.ONLINE if channel in REMOTE_CHANNELS else channel


class StandardQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Standards effective on ``on`` (today by default): per office and service, the latest."""
        on = on or timezone.localdate()
        return self.filter(effective_from__lte=on).filter(
            effective_from=models.Subquery(
                Standard.objects.filter(
                    office=models.OuterRef("office"),
                    service_kind=models.OuterRef("service_kind"),
                    effective_from__lte=on,
                )
                .order_by("-effective_from")
                .values("effective_from")[:1]
            )
        )


class Standard(models.Model):
    """One version of a published service standard of an office for one service."""

    class FeeKind(models.TextChoices):
        FREE = "free", _("Tidak dipungut biaya")
        PNBP = "pnbp", _("Berbayar sesuai tarif PNBP")
        FREE_OR_PNBP = "free_or_pnbp", _("Gratis atau berbayar sesuai tarif PNBP")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="standards")
    service_kind = models.ForeignKey(
        ServiceKind, on_delete=models.PROTECT, related_name="standards"
    )
    title = models.CharField(_("judul"), max_length=200)
    sk_number = models.CharField(
        _("nomor SK"), max_length=120, blank=True, help_text=_("Kosong bila SK tidak dicantumkan.")
    )
    effective_from = models.DateField(_("berlaku mulai"))
    completion_headline = models.CharField(_("waktu penyelesaian (ringkas)"), max_length=60, blank=True)
    fee_kind = models.CharField(_("biaya"), max_length=20, choices=FeeKind.choices)
    fee_wording = models.TextField(_("teks biaya/tarif"), help_text=_("Satu baris per kalimat."))
    source = models.CharField(
        _("sumber"), max_length=120, blank=True, help_text=_("Dokumen sumber yang dimuat.")
    )
    source_notes = models.TextField(_("catatan pemuatan"), blank=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["office__code", "service_kind__order", "-effective_from"]
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "service_kind", "effective_from"],
                name="one_standard_version_per_day",
            ),
        ]
        indexes = [models.Index(fields=["office", "service_kind", "-effective_from"])]

    def __str__(self):
        return f"{self.office.code} {self.service_kind.name} ({self.effective_from:%Y-%m-%d})"

    @property
    def fee_lines(self):
        return [line for line in self.fee_wording.splitlines() if line.strip()]



class StandardSection(models.Model):
    """The part of a standard that applies to one channel."""

    class CompletionKind(models.TextChoices):
        QUEUE_MINUTES = "queue_minutes", _("menit sejak pengguna sebelumnya dalam antrian selesai")
        WORKING_DAYS = "working_days", _("hari kerja setelah permintaan jelas dan lengkap")

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="sections")
    channel = models.CharField(_("kanal"), max_length=10,
                               choices=[(c.value, c.label) for c in SECTION_CHANNELS])
    completion_kind = models.CharField(
        _("jenis waktu penyelesaian"), max_length=20, choices=CompletionKind.choices
    )
    completion_value = models.PositiveIntegerField(
        _("nilai waktu penyelesaian"), validators=[MinValueValidator(1)]
    )
    completion_wording = models.TextField(_("teks waktu penyelesaian"))

    class Meta:
        ordering = ["standard", "-channel"]  # walk-in first, as the standards are written
        verbose_name = _("bagian standar per kanal")
        verbose_name_plural = _("bagian standar per kanal")
        constraints = [
            models.UniqueConstraint(fields=["standard", "channel"], name="one_section_per_channel"),
        ]

    def __str__(self):
        return f"{self.standard} — {self.get_channel_display()}"

    def requirements_for(self, segment):
        """The section's requirements (in their order) that a user of ``segment`` must meet."""
        return [r for r in self.requirements.all() if r.applies_to_segment(segment)]


class Requirement(models.Model):
    class AppliesTo(models.TextChoices):
        ALL = "all", _("Semua pengguna layanan")
        PRIVATE = "private", _("Segmen swasta")
        GOVERNMENT = "government", _("Instansi pemerintah")

    section = models.ForeignKey(StandardSection, on_delete=models.CASCADE, related_name="requirements")
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.TextField(_("teks persyaratan"))
    class Evidence(models.TextChoices):
        CONFIRM = "confirm", _("Pernyataan pengguna (dicentang)")
        UPLOAD = "upload", _("Dokumen diunggah")

    applies_to = models.CharField(
        _("berlaku bagi"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    evidence = models.CharField(
        _("bukti saat mengajukan daring"),
        max_length=10,
        choices=Evidence.choices,
        default=Evidence.CONFIRM,
        help_text=_("Bagaimana pengguna memenuhi persyaratan ini saat mengajukan permintaan daring."),
    )

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("persyaratan")
        verbose_name_plural = _("persyaratan")

    def __str__(self):
        return self.text[:80]

    def applies_to_segment(self, segment):
        """Whether a user of this segment (accounts.Segment value) must meet this requirement."""
        if self.applies_to == self.AppliesTo.PRIVATE:
            return segment == "private"
        if self.applies_to == self.AppliesTo.GOVERNMENT:
            return segment == "government"
        return True


class ProcedureStep(models.Model):
    class Actor(models.TextChoices):
        VISITOR = "visitor", _("Pengguna layanan")
        OFFICER = "officer", _("Petugas")
        HEAD = "head", _("Kepala BPS")

    section = models.ForeignKey(StandardSection, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.TextField(_("teks langkah"))
    actor = models.CharField(_("pelaku"), max_length=10, choices=Actor.choices)

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("langkah prosedur")
        verbose_name_plural = _("langkah prosedur")

    def __str__(self):
        return self.text[:80]


class ServiceOutput(models.Model):
    """An item of the standard's "Produk Pelayanan"."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="outputs")
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.TextField(_("produk pelayanan"))

    class Meta:
        ordering = ["standard", "order"]
        verbose_name = _("produk pelayanan")
        verbose_name_plural = _("produk pelayanan")

    def __str__(self):
        return self.text[:80]


class ComplaintChannelQuerySet(models.QuerySet):
    def office_level(self):
        """The office's own channels (its contact list), not the wording of a standard."""
        return self.filter(standard__isnull=True)


class ComplaintChannel(models.Model):
    """A complaint channel, of an office (``standard`` empty) or as published in a standard."""

    class Kind(models.TextChoices):
        DIRECT = "direct", _("Langsung (kotak saran)")
        WEBSITE = "website", _("Situs web")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Telepon/SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        SOCIAL = "social", _("Media sosial")
        LAPOR = "lapor", _("SP4N-LAPOR")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="complaint_channels")
    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, null=True, blank=True, related_name="complaint_channels"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=120, blank=True)
    value = models.CharField(_("alamat/nomor"), max_length=200, blank=True)
    wording = models.TextField(_("teks sebagaimana dipublikasikan"), blank=True)
    link = models.CharField(
        _("tautan"),
        max_length=300,
        blank=True,
        validators=[
            RegexValidator(
                r"^(https?://|mailto:|tel:\+)\S+$",
                _("Tautan harus diawali https://, http://, mailto: atau tel:+."),
            )
        ],
    )

    objects = ComplaintChannelQuerySet.as_manager()

    class Meta:
        ordering = ["office", "standard", "order"]
        verbose_name = _("kanal pengaduan")
        verbose_name_plural = _("kanal pengaduan")

    def __str__(self):
        return self.wording or f"{self.label}: {self.value}"


class CalendarOverride(models.Model):
    """An administrator's correction of the working-day calendar, nationally or for one office.

    ``closed`` makes a day non-working (a later year's cuti bersama, an office closure);
    ``open`` makes a day working that the holidays package lists (a moved holiday).
    An office's own override wins over a national one for that office.
    """

    class Kind(models.TextChoices):
        CLOSED = "closed", _("Hari libur / kantor tutup")
        OPEN = "open", _("Hari kerja (membatalkan hari libur)")

    date = models.DateField(_("tanggal"))
    office = models.ForeignKey(
        Office,
        verbose_name=_("kantor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_overrides",
        help_text=_("Kosongkan untuk berlaku nasional."),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("keterangan"), max_length=150)

    class Meta:
        ordering = ["date", "office"]
        verbose_name = _("koreksi kalender kerja")
        verbose_name_plural = _("koreksi kalender kerja")
        constraints = [
            models.UniqueConstraint(fields=["date", "office"], name="one_override_per_office_day"),
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(office__isnull=True), name="one_national_override_per_day"
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        where = self.office.code if self.office_id else _("nasional")
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} ({where}): {self.name}"
