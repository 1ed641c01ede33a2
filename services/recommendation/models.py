"""What a recommendation request adds: the FS3 or FP-KPA form, its review rounds, and the letter.

The form's answers are kept per section as the text the agency typed, so a draft can be saved at
any point and nothing is lost. Each submission freezes a copy in a ``ReviewRound``: what was
submitted, what the officer said about each section, and (by comparing two rounds) what changed.
The approved letter is rendered to PDF once and stored unchanged with its SHA-256 fingerprint.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from requests_app.models import CODE_ALPHABET
from requests_app.storage import private_storage

LETTER_CODE_GROUPS = 4  # 4 groups of 4 from 28 symbols: 28**16 ≈ 1.5e23 codes, never guessed


def new_letter_code():
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4 * LETTER_CODE_GROUPS))
    return "-".join(symbols[i : i + 4] for i in range(0, len(symbols), 4))


def normalize_letter_code(text):
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(compact) != 4 * LETTER_CODE_GROUPS:
        return ""
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


class Recommendation(models.Model):
    class Form(models.TextChoices):
        FS3 = "fs3", _("FS3 — Survei statistik sektoral")
        FP_KPA = "fpkpa", _("FP-KPA — Kompilasi produk administrasi")

    request = models.OneToOneField(
        "requests_app.Request", on_delete=models.CASCADE, related_name="recommendation"
    )
    form = models.CharField(_("formulir"), max_length=5, choices=Form.choices)
    answers = models.JSONField(_("isian formulir"), default=dict, blank=True)
    completed_sections = models.JSONField(default=list, blank=True)
    # Sections the agency (or the desk) has saved at least once: only these show what is still missing.
    saved_sections = models.JSONField(default=list, blank=True)
    title = models.CharField(_("judul kegiatan"), max_length=300, blank=True)
    cover_letter = models.ForeignKey(
        "requests_app.Document",
        verbose_name=_("surat pengantar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    questionnaire = models.ForeignKey(
        "requests_app.Document",
        verbose_name=_("kuesioner/instrumen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("formulir rekomendasi")
        verbose_name_plural = _("formulir rekomendasi")

    def __str__(self):
        return f"{self.request.code} {self.get_form_display()}"

    @property
    def is_survey(self):
        return self.form == self.Form.FS3

    @property
    def activity_kind(self):
        return _("Survei statistik sektoral") if self.is_survey else _("Kompilasi produk administrasi")


class ReviewRound(models.Model):
    """One submission of the form and the officer's verdict on it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Menunggu pemeriksaan")
        REVISE = "revise", _("Perlu diperbaiki")
        FEASIBLE = "feasible", _("Layak")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("putaran"))
    submitted_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    answers = models.JSONField(default=dict)
    documents = models.JSONField(default=dict)  # slot -> {"name": ..., "document": pk}
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    checklist = models.JSONField(default=dict, blank=True)  # section key -> True when it is in order
    section_notes = models.JSONField(default=dict, blank=True)  # section key -> what to fix
    note = models.TextField(_("catatan umum"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["recommendation", "number"]
        constraints = [models.UniqueConstraint(fields=["recommendation", "number"], name="one_round_number")]

    def __str__(self):
        return f"{self.recommendation.request.code} #{self.number}"


class LetterSequence(models.Model):
    """The last number an office gave a letter in a year; taken under a row lock, so numbers
    have neither gaps nor duplicates."""

    office = models.ForeignKey("catalogue.Office", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="one_sequence_per_office_year")
        ]

    def __str__(self):
        return f"{self.office_id} {self.year}: {self.last_number}"


def letter_path(letter, filename):
    return f"letters/{letter.year}/{letter.code}.pdf"


class Letter(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draf petugas")
        AWAITING = "awaiting", _("Menunggu persetujuan kepala")
        ISSUED = "issued", pgettext_lazy("keadaan surat", "Terbit")

    # An issued letter outlives any attempt to delete its request: it is in the register and verifiable.
    request = models.OneToOneField("requests_app.Request", on_delete=models.PROTECT, related_name="letter")
    office = models.ForeignKey(
        "catalogue.Office", verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="letters"
    )
    code = models.CharField(_("kode verifikasi"), max_length=19, unique=True, editable=False)
    state = models.CharField(_("keadaan"), max_length=10, choices=State.choices, default=State.DRAFT)
    subject = models.CharField(_("perihal"), max_length=200)
    addressee = models.TextField(_("tujuan surat"))
    body = models.TextField(_("isi surat"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drafted_at = models.DateTimeField(null=True, blank=True)
    head_note = models.TextField(_("catatan kepala"), blank=True)
    # Set once, on approval.
    number = models.CharField(_("nomor surat"), max_length=120, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    letter_date = models.DateField(_("tanggal surat"), null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signer_title = models.CharField(max_length=150, blank=True)
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    head_nip = models.CharField(_("NIP kepala"), max_length=18, blank=True)
    # The register's entry, as it stood when the letter was issued.
    agency = models.CharField(_("instansi"), max_length=200, blank=True)
    agency_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    activity_title = models.CharField(_("judul kegiatan"), max_length=300, blank=True)
    form = models.CharField(_("formulir"), max_length=5, choices=Recommendation.Form.choices, blank=True)
    activity_year = models.PositiveSmallIntegerField(_("tahun kegiatan"), null=True, blank=True)
    pdf = models.FileField(storage=private_storage, upload_to=letter_path, max_length=200, blank=True)
    sha256 = models.CharField(_("sidik jari SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("surat rekomendasi")
        verbose_name_plural = _("surat rekomendasi")
        # The database refuses a second letter with the same number, whatever the code does.
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "sequence"], name="one_letter_number")
        ]
        indexes = [models.Index(fields=["state", "-letter_date"], name="letter_register_idx"),
                   models.Index(fields=["state", "activity_year"], name="letter_year_idx")]

    def __str__(self):
        return self.number or self.code

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = new_letter_code()
        super().save(*args, **kwargs)

    @property
    def is_issued(self):
        return self.state == self.State.ISSUED

    def get_verification_url(self):
        return reverse("recommendation:verify_letter", args=[self.code])


# Recommendation letters' template per office (own module; imported here so Django finds it).
from services.recommendation.letter_models import LetterTemplate  # noqa: E402,F401
