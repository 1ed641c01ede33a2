"""Indonesian identity numbers and phone numbers.

NIK (KTP): 16 digits = province (2), regency/city (2), district (2), birth date
DDMMYY with 40 added to the day for women, serial (4). Region codes are not
checked against a list (lists lag behind new regions such as 65 Kalimantan Utara).

NPWP: the legacy 15 digits (written 99.999.999.9-999.999) or, since July 2024,
16 digits (a resident individual's NIK, or 0 followed by the legacy number). The legacy number's
ninth digit is a Luhn check digit over the first eight (python-stdnum's ``stdnum.id.npwp``).
"""
import calendar
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.id import npwp as stdnum_npwp

SEPARATORS = re.compile(r"[\s.\-]")


def digits_only(value):
    return SEPARATORS.sub("", value or "")


def validate_nik(value):
    nik = digits_only(value)
    if not nik.isdigit() or len(nik) != 16:
        raise ValidationError(_("NIK harus terdiri atas 16 angka."), code="nik_length")
    if nik[:2] == "00" or nik[2:4] == "00":
        raise ValidationError(_("Kode wilayah pada NIK tidak valid."), code="nik_region")
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:
        day -= 40
    # The year is two digits: accept a date that exists in some year (29 Feb in a leap year).
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise ValidationError(
            _("Tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak valid."), code="nik_birth_date"
        )
    if nik[12:] == "0000":
        raise ValidationError(_("Nomor urut pada NIK tidak valid."), code="nik_serial")
    return nik


def normalize_npwp(value):
    """Return the NPWP as digits only, or raise ValidationError."""
    npwp = digits_only(value)
    if not npwp.isdigit() or len(npwp) not in (15, 16):
        raise ValidationError(
            _("NPWP harus 15 angka (format lama 99.999.999.9-999.999) atau 16 angka."),
            code="npwp_length",
        )
    if len(npwp) == 16 and not npwp.startswith("0"):
        try:
            validate_nik(npwp)
        except ValidationError:
            raise ValidationError(
                _("NPWP 16 angka adalah NIK (orang pribadi) atau diawali 0 (badan)."),
                code="npwp_16",
            ) from None
    elif not stdnum_npwp.is_valid(npwp):
        raise ValidationError(
            _("Angka pemeriksa NPWP (angka ke-9 pada format 99.999.999.9-999.999) tidak cocok; "
              "periksa kembali nomornya."),
            code="npwp_check_digit",
        )
    return npwp


def format_npwp(digits):
    """Write a stored NPWP the way people read it."""
    if len(digits) == 15:
        return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:]}"
    return digits


def normalize_phone(value):
    """Return an Indonesian (or international) phone number in E.164, or raise ValidationError."""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Nomor telepon tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890."),
            code="phone_invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_passport(value):
    if not re.fullmatch(r"[A-Z0-9]{6,9}", (value or "").upper()):
        raise ValidationError(
            _("Nomor paspor terdiri atas 6–9 huruf dan angka."), code="passport_invalid"
        )


def validate_sim(value):
    sim = digits_only(value)
    if not sim.isdigit() or not 12 <= len(sim) <= 16:
        raise ValidationError(_("Nomor SIM terdiri atas 12–16 angka."), code="sim_invalid")
    return sim


def identity_number_for(kind, number):
    """The identity ``number`` of card ``kind`` ("ktp", "sim", "passport") as stored (digits, or the
    passport's upper case), or ValidationError. The profile's and the admin's forms use it."""
    if kind == "ktp":
        return validate_nik(number)
    if kind == "sim":
        return validate_sim(number)
    validate_passport(number)
    return number.upper()


def validate_nip(value):
    """A civil servant's NIP: 18 digits = birth date YYYYMMDD, appointment YYYYMM, sex (1 male,
    2 female), serial (3). Returns the digits."""
    nip = digits_only(value)
    if not nip.isdigit() or len(nip) != 18:
        raise ValidationError(_("NIP harus terdiri atas 18 angka."), code="nip_length")
    year, month, day = int(nip[:4]), int(nip[4:6]), int(nip[6:8])
    valid_month = 1900 <= year <= 2100 and 1 <= month <= 12
    if not valid_month or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValidationError(_("Tanggal lahir pada NIP (angka ke-1 sampai ke-8) tidak valid."),
                              code="nip_birth_date")
    appointed_year, appointed_month = int(nip[8:12]), int(nip[12:14])
    if not year < appointed_year <= 2100 or not 1 <= appointed_month <= 12:
        raise ValidationError(
            _("Tahun dan bulan pengangkatan pada NIP (angka ke-9 sampai ke-14) tidak valid."),
            code="nip_appointment")
    if nip[14] not in "12":
        raise ValidationError(_("Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."), code="nip_sex")
    if nip[15:] == "000":
        raise ValidationError(_("Nomor urut pada NIP tidak valid."), code="nip_serial")
    return nip


def format_nip(digits):
    """Write a NIP the way letters print it: 19800101 200501 1 001."""
    if len(digits) != 18:
        return digits
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
