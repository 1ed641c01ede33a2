"""Working days per office: national holidays, cuti bersama, overrides, hours, time zones."""
import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import CalendarOverride

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")


def at(text, zone):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.fixture
def kotabaru_calendar(kotabaru):
    return WorkingCalendar(kotabaru)


@pytest.mark.parametrize(
    "day, name",
    [
        ("2025-03-31", "Idul Fitri"),  # national holiday
        ("2025-04-02", "Cuti Bersama"),  # cuti bersama 2025
        ("2026-03-19", "Nyepi"),
        ("2026-03-23", "Cuti Bersama"),  # cuti bersama Idul Fitri 2026
        ("2026-12-24", "Cuti Bersama"),
        ("2027-01-01", "Tahun Baru"),
    ],
)
def test_national_holidays_and_cuti_bersama_are_not_working_days(kotabaru_calendar, day, name):
    reason = kotabaru_calendar.non_working_reason(datetime.date.fromisoformat(day))
    assert reason and name in reason


def test_weekends_are_not_working_days_and_ordinary_weekdays_are(kotabaru_calendar):
    assert kotabaru_calendar.non_working_reason(datetime.date(2026, 11, 21)) == "Sabtu"
    assert kotabaru_calendar.non_working_reason(datetime.date(2026, 11, 22)) == "Minggu"
    assert kotabaru_calendar.is_working_day(datetime.date(2026, 11, 23))


def test_due_date_crosses_nyepi_lebaran_and_good_friday_in_the_offices_zone(kotabaru_calendar):
    due = kotabaru_calendar.due_at(at("2026-03-16T10:00", WITA), 10)
    assert due.isoformat() == "2026-04-07T15:30:00+08:00"


def test_due_date_crosses_the_year_end(kotabaru_calendar):
    # 23, 28, 29, 30, 31 December; 1 January (New Year) and 5 January 2027 (Isra Mikraj) skipped;
    # 24 December is cuti bersama for Christmas on the 25th.
    due = kotabaru_calendar.due_at(at("2026-12-22T10:00", WITA), 8)
    assert due.isoformat() == "2027-01-07T15:30:00+08:00"


def test_a_start_after_closing_or_on_a_holiday_counts_from_the_next_working_day(kotabaru_calendar):
    after_closing = kotabaru_calendar.due_at(at("2026-11-23T16:00", WITA), 1)
    assert after_closing.isoformat() == "2026-11-25T15:30:00+08:00"
    before_opening = kotabaru_calendar.due_at(at("2026-11-23T07:00", WITA), 1)
    assert before_opening.isoformat() == "2026-11-24T15:30:00+08:00"
    saturday = kotabaru_calendar.due_at(at("2026-11-21T10:00", WITA), 1)
    assert saturday.isoformat() == "2026-11-24T15:30:00+08:00"


def test_the_office_zone_decides_not_the_servers(kotabaru):
    # 15:00 UTC on Monday is 23:00 WITA: after closing in Kotabaru.
    start = datetime.datetime(2026, 11, 23, 7, 0, tzinfo=datetime.UTC)  # 15:00 WITA, open
    assert WorkingCalendar(kotabaru).clock_start_day(start) == datetime.date(2026, 11, 23)
    late = datetime.datetime(2026, 11, 23, 7, 45, tzinfo=datetime.UTC)  # 15:45 WITA, closed
    assert WorkingCalendar(kotabaru).clock_start_day(late) == datetime.date(2026, 11, 24)


def test_an_office_closure_applies_to_that_office_only(kotabaru, banjarmasin):
    CalendarOverride.objects.create(date=datetime.date(2026, 11, 24), office=kotabaru,
                                    kind="closed", name="Kantor tutup: renovasi")
    assert WorkingCalendar(kotabaru).non_working_reason(datetime.date(2026, 11, 24)) == (
        "Kantor tutup: renovasi")
    assert WorkingCalendar(banjarmasin).is_working_day(datetime.date(2026, 11, 24))


def test_a_later_years_cuti_bersama_is_added_nationally(kotabaru, banjarmasin):
    day = datetime.date(2028, 2, 25)
    assert WorkingCalendar(kotabaru).is_working_day(day)
    CalendarOverride.objects.create(date=day, kind="closed", name="Cuti Bersama (SKB 2028)")
    assert WorkingCalendar(kotabaru).non_working_reason(day) == "Cuti Bersama (SKB 2028)"
    assert not WorkingCalendar(banjarmasin).is_working_day(day)


def test_an_office_can_open_on_a_national_closure(kotabaru, banjarmasin):
    day = datetime.date(2026, 12, 24)
    CalendarOverride.objects.create(date=day, office=kotabaru, kind="open", name="Layanan tetap buka")
    assert WorkingCalendar(kotabaru).is_working_day(day)
    assert not WorkingCalendar(banjarmasin).is_working_day(day)


def test_working_days_left_counts_down_and_goes_negative(kotabaru_calendar):
    due = at("2026-11-27T15:30", WITA)  # Friday
    assert kotabaru_calendar.working_days_left(at("2026-11-23T09:00", WITA), due) == 4
    assert kotabaru_calendar.working_days_left(at("2026-11-27T09:00", WITA), due) == 0
    assert kotabaru_calendar.working_days_left(at("2026-12-01T09:00", WITA), due) == -2


def test_workdays_command_prints_the_due_moment_with_the_offices_offset(catalogue):
    out = StringIO()
    call_command("workdays", office="6302", start="2026-03-16T10:00", days=10, stdout=out)
    assert out.getvalue().strip() == "2026-04-07T15:30:00+08:00"
    out = StringIO()
    call_command("workdays", office="6202", start="2026-12-23T16:00", days=1, stdout=out)
    assert out.getvalue().strip() == "2026-12-29T15:30:00+07:00"  # WIB, across Christmas


def test_workdays_command_lists_a_years_non_working_weekdays(catalogue):
    out = StringIO()
    call_command("workdays", office="6302", year=2026, stdout=out)
    lines = out.getvalue().splitlines()
    assert "2026-08-17 Mon Hari Kemerdekaan Republik Indonesia" in lines
    assert any(line.startswith("2026-03-23 Mon Cuti Bersama") for line in lines)
    assert not any(" Sat " in line or " Sun " in line for line in lines)
