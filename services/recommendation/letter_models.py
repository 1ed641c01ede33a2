"""What an office prints on its recommendation letters, kept by the administrator in admin."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_nip
from services.recommendation.letter_text import NUMBER_PLACEHOLDERS, TEXT_PLACEHOLDERS, validate_placeholders

DEFAULT_NUMBER_PATTERN = "B-{urut:03d}/{kode_kantor}/REKOM/{bulan_romawi}/{tahun}"
DEFAULT_SUBJECT = "Rekomendasi Kegiatan Statistik"
# An official letter is addressed to the head of the agency (see letter_text.head_of_agency).
DEFAULT_ADDRESSEE = "Yth. {pimpinan_instansi}\ndi tempat"
DEFAULT_BODY = (
    "Menindaklanjuti permohonan rekomendasi kegiatan statistik dari {instansi} ({unit_kerja}) yang "
    "diajukan pada {tanggal_pengajuan} dengan kode {kode_permintaan}, {kantor} telah memeriksa rancangan "
    "kegiatan statistik sektoral berikut melalui formulir {formulir}.\n\n"
    "Berdasarkan Undang-Undang Nomor 16 Tahun 1997 tentang Statistik, Peraturan Pemerintah Nomor 51 "
    "Tahun 1999 tentang Penyelenggaraan Statistik, dan Peraturan Presiden Nomor 39 Tahun 2019 tentang "
    "Satu Data Indonesia, rancangan kegiatan tersebut dinyatakan layak untuk dilaksanakan.\n\n"
    "Kami mohon kegiatan dilaksanakan sesuai rancangan yang telah diperiksa, dan hasilnya disampaikan "
    "kepada BPS serta disebarluaskan sesuai prinsip Satu Data Indonesia."
)
DEFAULT_CLOSING = (
    "Demikian surat rekomendasi ini kami sampaikan. Atas perhatian dan kerja samanya, kami "
    "ucapkan terima kasih."
)


def _help(placeholders):
    return _("Isian yang dapat dipakai: %(names)s.") % {
        "names": "; ".join(f"{{{name}}} = {label}" for name, label in placeholders.items())
    }


class LetterTemplate(models.Model):
    office = models.OneToOneField(
        "catalogue.Office", verbose_name=_("kantor"), on_delete=models.CASCADE, related_name="letter_template"
    )
    letterhead_agency = models.CharField(_("kop: instansi"), max_length=120, default="BADAN PUSAT STATISTIK")
    letterhead_office = models.CharField(
        _("kop: kantor"), max_length=120, help_text=_("Mis. KABUPATEN KOTABARU.")
    )
    letterhead_contact = models.CharField(_("kop: alamat dan kontak"), max_length=300, blank=True)
    city = models.CharField(
        _("kota tempat surat dibuat"),
        max_length=80,
        help_text=_("Ditulis sebelum tanggal: “Kotabaru, 23 November 2026”."),
    )
    number_pattern = models.CharField(
        _("pola nomor surat"),
        max_length=120,
        default=DEFAULT_NUMBER_PATTERN,
        help_text=_help(NUMBER_PLACEHOLDERS)
        + " "
        + _("Nomor urut dimulai dari 1 setiap tahun; {urut:03d} menulisnya tiga angka (001)."),
    )
    subject = models.CharField(_("perihal"), max_length=200, default=DEFAULT_SUBJECT)
    addressee = models.TextField(
        _("tujuan surat"), default=DEFAULT_ADDRESSEE, help_text=_help(TEXT_PLACEHOLDERS)
    )
    body = models.TextField(
        _("isi surat"),
        default=DEFAULT_BODY,
        help_text=_help(TEXT_PLACEHOLDERS)
        + " "
        + _("Petugas dapat menyunting isi untuk setiap surat sebelum diajukan."),
    )
    closing = models.TextField(_("penutup"), default=DEFAULT_CLOSING, blank=True)
    signer_title = models.CharField(
        _("jabatan penanda tangan"),
        max_length=150,
        help_text=_("Mis. Kepala Badan Pusat Statistik Kabupaten Kotabaru."),
    )
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    head_nip = models.CharField(
        _("NIP kepala"),
        max_length=18,
        blank=True,
        validators=[validate_nip],
        help_text=_("18 angka, tanpa spasi."),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("templat surat rekomendasi")
        verbose_name_plural = _("templat surat rekomendasi")

    def __str__(self):
        return str(self.office)

    def save(self, *args, **kwargs):
        if self.head_nip:
            self.head_nip = validate_nip(self.head_nip)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        for field, allowed in (
            ("number_pattern", NUMBER_PLACEHOLDERS),
            ("addressee", TEXT_PLACEHOLDERS),
            ("body", TEXT_PLACEHOLDERS),
        ):
            try:
                validate_placeholders(getattr(self, field), allowed)
            except ValidationError as error:
                errors[field] = error
        if "{urut" not in self.number_pattern:
            errors.setdefault("number_pattern", _("Pola nomor harus memuat {urut}."))
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_office(cls, office):
        """The office's template, made from the office's own details the first time it is needed."""
        try:
            return office.letter_template  # cached on the office once read
        except cls.DoesNotExist:
            pass
        contact = " · ".join(
            part
            for part in (
                office.address,
                f"Telp. {office.phone}" if office.phone else "",
                office.website,
                ", ".join(office.email_list),
            )
            if part
        )
        place = office.name.removeprefix("BPS ").removeprefix("Kabupaten ").removeprefix("Kota ")
        template, _created = cls.objects.get_or_create(
            office=office,
            defaults={
                "letterhead_office": office.letterhead_name,
                "letterhead_contact": contact[:300],
                "city": place.removeprefix("Provinsi "),
                "signer_title": f"Kepala Badan Pusat Statistik {office.name.removeprefix('BPS ')}",
            },
        )
        return template

    def missing(self):
        """What the office still has to fill in before a letter can be approved."""
        return [
            label
            for label, value in ((_("nama kepala"), self.head_name), (_("NIP kepala"), self.head_nip))
            if not value
        ]
