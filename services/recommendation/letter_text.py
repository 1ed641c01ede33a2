"""Placeholders in the text an office keeps for its letters (numbering pattern, addressee, body).

A placeholder is a name in braces, ``{judul}``; the sequence may be zero-padded, ``{urut:03d}``.
Nothing else is interpreted: no attribute access, no other format specifications, so the text an
administrator types can never reach anything but the values it is given.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::0([1-9])d)?\}")
ANY_BRACE = re.compile(r"\{[^{}]*\}|[{}]")

NUMBER_PLACEHOLDERS = {
    "urut": _("nomor urut surat tahun ini di kantor ini"),
    "kode_kantor": _("kode kantor BPS, mis. 6302"),
    "bulan": _("bulan surat, 1–12"),
    "bulan_romawi": _("bulan surat dalam angka Romawi, I–XII"),
    "tahun": _("tahun surat"),
}
TEXT_PLACEHOLDERS = {
    "pimpinan_instansi": _("jabatan pimpinan pengaju, mis. Kepala Dinas Kesehatan Kabupaten Kotabaru"),
    "instansi": _("instansi pengaju"),
    "unit_kerja": _("unit kerja pengaju"),
    "judul": _("judul kegiatan"),
    "jenis_kegiatan": _("survei statistik sektoral atau kompilasi produk administrasi"),
    "formulir": _("FS3 atau FP-KPA"),
    "kode_permintaan": _("kode pelacakan permintaan"),
    "tanggal_pengajuan": _("tanggal formulir diajukan"),
    "kantor": _("nama kantor BPS"),
    "tahun_kegiatan": _("tahun pelaksanaan kegiatan"),
}
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def validate_placeholders(text, allowed):
    """Raise ValidationError naming every brace group that is not one of ``allowed``."""
    unknown = []
    for token in ANY_BRACE.findall(text or ""):
        match = PLACEHOLDER.fullmatch(token)
        if match is None or match.group(1) not in allowed or (match.group(2) and match.group(1) != "urut"):
            unknown.append(token)
    if unknown:
        raise ValidationError(
            _("Isian tidak dikenal: %(tokens)s. Yang dapat dipakai: %(allowed)s.")
            % {"tokens": ", ".join(unknown), "allowed": ", ".join(f"{{{name}}}" for name in allowed)},
            code="unknown_placeholder",
        )


def fill(text, values):
    """``text`` with each placeholder replaced by its value (validated text only)."""

    def replace(match):
        value = values[match.group(1)]
        width = match.group(2)
        return str(value).zfill(int(width)) if width else str(value)

    return PLACEHOLDER.sub(replace, text or "")


def number_values(office_code, sequence, day):
    return {
        "urut": sequence,
        "kode_kantor": office_code,
        "bulan": day.month,
        "bulan_romawi": ROMAN_MONTHS[day.month - 1],
        "tahun": day.year,
    }


# Who heads a unit, by the unit's kind (the first word of its name); any other kind is led by a Kepala.
HEAD_TITLES = {
    "direktorat": "Direktur", "inspektorat": "Inspektur", "kecamatan": "Camat", "kementerian": "Menteri",
    "sekretariat": "Sekretaris",
}
REGION_HEADS = {"Provinsi": "Gubernur", "Kabupaten": "Bupati", "Kota": "Wali Kota"}
ALREADY_TITLED = ("kepala ", "direktur ", "sekretaris ", "inspektur ", "camat ", "menteri ", "bupati ",
                  "wali kota ", "walikota ", "gubernur ", "pimpinan ")


def _head_title(name):
    first, _space, rest = name.partition(" ")
    title = HEAD_TITLES.get(first.lower())
    return f"{title} {rest}".strip() if title else f"Kepala {name}"


def head_of_agency(agency, unit=""):
    """The addressee of an official letter to the agency: the head of the unit, then the agency it belongs
    to ("Kepala Dinas Kesehatan Kabupaten Kotabaru"; "Kepala Biro Perencanaan" above "Kementerian
    Kesehatan"). A regional government without a unit is addressed to its Bupati, Wali Kota or Gubernur."""
    agency, unit = " ".join((agency or "").split()), " ".join((unit or "").split())
    region = agency.removeprefix("Pemerintah ") if agency.startswith("Pemerintah ") else ""
    if not unit:
        kind, _space, place = region.partition(" ")
        if kind in REGION_HEADS and place:
            return f"{REGION_HEADS[kind]} {place}"
        return agency if agency.lower().startswith(ALREADY_TITLED) else _head_title(agency) if agency else ""
    head = unit if unit.lower().startswith(ALREADY_TITLED) else _head_title(unit)
    if not agency or agency.lower() in unit.lower() or (region and region.lower() in unit.lower()):
        return head
    return f"{head} {region}" if region else f"{head}\n{agency}"
