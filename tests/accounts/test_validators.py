import pytest
from django.core.exceptions import ValidationError

from accounts.validators import (
    format_npwp,
    normalize_npwp,
    normalize_phone,
    validate_nik,
    validate_passport,
    validate_sim,
)


@pytest.mark.parametrize(
    "nik",
    [
        "6302011203850002",  # man born 12-03-85
        "6371044506990001",  # woman born 05-06-99 (day + 40)
        "6501012902000001",  # 29 February; 65 Kalimantan Utara is accepted
        "6302 0112 0385 0002",  # typed with spaces
    ],
)
def test_valid_nik_is_accepted_and_returned_as_digits(nik):
    assert validate_nik(nik) == nik.replace(" ", "")


@pytest.mark.parametrize(
    "nik, code",
    [
        ("630201120385000", "nik_length"),  # 15 digits
        ("63020112038500021", "nik_length"),  # 17 digits
        ("63020112038A0002", "nik_length"),
        ("6302013203850002", "nik_birth_date"),  # day 32
        ("6302017203850002", "nik_birth_date"),  # day 72 - 40 = 32
        ("6302011213850002", "nik_birth_date"),  # month 13
        ("6302013102850002", "nik_birth_date"),  # 31 February
        ("0002011203850002", "nik_region"),
        ("6302011203850000", "nik_serial"),
    ],
)
def test_invalid_nik_is_refused_with_a_reason(nik, code):
    with pytest.raises(ValidationError) as error:
        validate_nik(nik)
    assert error.value.code == code


@pytest.mark.parametrize(
    "npwp, digits",
    [
        ("01.234.567.4-901.000", "012345674901000"),  # legacy, written
        ("012345674901000", "012345674901000"),  # legacy, digits
        ("0012345674901000", "0012345674901000"),  # 16 digits: 0 + legacy (entities)
        ("6302011203850002", "6302011203850002"),  # 16 digits: a resident's NIK
    ],
)
def test_npwp_accepts_both_formats_and_stores_digits(npwp, digits):
    assert normalize_npwp(npwp) == digits


@pytest.mark.parametrize("npwp", ["12.345.678.9-012", "1234567890123456", "01234567890100A"])
def test_npwp_refuses_wrong_length_or_a_16_digit_number_that_is_no_nik(npwp):
    with pytest.raises(ValidationError):
        normalize_npwp(npwp)


def test_npwp_with_a_wrong_check_digit_is_refused_with_a_reason():
    # 01.234.567.4-901.000 is valid (stdnum.luhn over 01234567 gives 4); a typo in the ninth digit is not.
    for typed in ("01.234.567.8-901.000", "0012345678901000"):
        with pytest.raises(ValidationError) as error:
            normalize_npwp(typed)
        assert error.value.code == "npwp_check_digit"


def test_a_real_legacy_npwp_is_accepted():
    # The NPWP python-stdnum documents as valid (a real taxpayer's number format).
    assert normalize_npwp("01.312.166.0-091.000") == "013121660091000"


def test_legacy_npwp_is_written_with_dots_and_dash():
    assert format_npwp("012345674901000") == "01.234.567.4-901.000"


@pytest.mark.parametrize(
    "phone",
    ["0812 3456 7890", "081234567890", "+62 812-3456-7890", "62812 3456 7890"],
)
def test_indonesian_mobile_numbers_are_stored_in_e164(phone):
    assert normalize_phone(phone) == "+6281234567890"


def test_office_landline_with_area_code_is_accepted():
    assert normalize_phone("(0511) 6773031") == "+625116773031"


@pytest.mark.parametrize("phone", ["12345", "0812", "telepon saya", "+62 000 000"])
def test_invalid_phone_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        normalize_phone(phone)


def test_passport_and_sim_shapes():
    validate_passport("C1234567")
    assert validate_sim("1234-5678-9012") == "123456789012"
    with pytest.raises(ValidationError):
        validate_passport("12")
    with pytest.raises(ValidationError):
        validate_sim("12345")
