"""The calendar's year tables give exactly what walking day by day gave, at a cost that does not grow
with the distance between the dates.

``WalkingCalendar`` below is the calendar as it was before the tables (kept here only, as the
reference): thousands of random dates and pairs, across years with national holidays, cuti bersama,
national and office overrides (closing days and opening holidays), an office open on Saturdays and
offices in two zones, must agree on every answer."""
import datetime
import random
from functools import cached_property
from unittest import mock
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.db.models import Q
from django.utils import timezone

from requests_app import deadlines
from services.catalogue import calendar as calendar_module
from services.catalogue.calendar import MAX_SEARCH_DAYS, CalendarError, WorkingCalendar
from services.catalogue.models import CalendarOverride, OfficeHours

FIRST, LAST = datetime.date(2023, 1, 1), datetime.date(2029, 12, 31)


class WalkingCalendar:
    """The reference: the calendar as it walked, one day at a time."""

    def __init__(self, office):
        self.office, self.zone = office, office.zone
        self._years, self._holidays, self._overrides = set(), {}, {}

    @cached_property
    def hours(self):
        return {row.weekday: (row.opens_at, row.closes_at) for row in self.office.hours.all()}

    def _load_year(self, year):
        if year in self._years:
            return
        self._years.add(year)
        self._holidays.update(holidays.country_holidays(
            "ID", years=year, categories=("public", "government"), language="id"))
        rows = CalendarOverride.objects.filter(Q(office__isnull=True) | Q(office=self.office),
                                               date__year=year)
        for row in sorted(rows, key=lambda r: r.office_id is not None):
            self._overrides[row.date] = row

    def non_working_reason(self, day):
        self._load_year(day.year)
        override = self._overrides.get(day)
        if override is not None:
            return None if override.kind == CalendarOverride.Kind.OPEN else override.name
        if day.weekday() not in self.hours:
            return "Sabtu" if day.weekday() == 5 else "Minggu" if day.weekday() == 6 else "Kantor tutup"
        return self._holidays.get(day)

    def is_working_day(self, day):
        return self.non_working_reason(day) is None

    def next_working_day(self, day):
        for offset in range(1, MAX_SEARCH_DAYS):
            candidate = day + datetime.timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise CalendarError("none")

    def previous_working_day(self, day):
        for offset in range(1, 366):
            candidate = day - datetime.timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        return day

    def closing_time(self, day):
        return datetime.datetime.combine(day, self.hours[day.weekday()][1], tzinfo=self.zone)

    def clock_start_day(self, moment):
        local = timezone.localtime(moment, self.zone)
        day = local.date()
        if self.is_working_day(day) and local < self.closing_time(day):
            return day
        return self.next_working_day(day)

    def due_at(self, start, working_days):
        day = self.clock_start_day(start)
        for _ in range(working_days):
            day = self.next_working_day(day)
        return self.closing_time(day)

    def working_days_left(self, now, due):
        today = timezone.localtime(now, self.zone).date()
        due_day = timezone.localtime(due, self.zone).date()
        if today == due_day:
            return 0
        step, count, day = (1 if due_day > today else -1), 0, today
        while day != due_day:
            day += datetime.timedelta(days=step)
            if self.is_working_day(day):
                count += step
        return count

    def non_working_weekdays(self, year):
        day, found = datetime.date(year, 1, 1), []
        while day.year == year:
            if day.weekday() < 5 and self.non_working_reason(day):
                found.append((day, self.non_working_reason(day)))
            day += datetime.timedelta(days=1)
        return found

    def working_days_after(self, first, last):
        count, day = 0, first
        while day < last:
            day += datetime.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def random_moment(rng, zone):
    day = FIRST + datetime.timedelta(days=rng.randrange((LAST - FIRST).days))
    return datetime.datetime.combine(day, datetime.time(rng.randrange(24), rng.choice((0, 15, 30, 45))),
                                     tzinfo=zone).astimezone(datetime.UTC)


@pytest.fixture
def offices(kotabaru, banjarmasin):
    """Kotabaru (WITA) with its own overrides; Banjarmasin moved to WIB and open on Saturdays."""
    banjarmasin.time_zone = "Asia/Jakarta"
    banjarmasin.save()
    OfficeHours.objects.update_or_create(office=banjarmasin, weekday=5, defaults={
        "opens_at": datetime.time(8, 0), "closes_at": datetime.time(12, 0)})
    rng = random.Random(19)
    weekdays = [d for d in (FIRST + datetime.timedelta(days=i) for i in range((LAST - FIRST).days))
                if d.weekday() < 5]
    for day in rng.sample(weekdays, 40):
        CalendarOverride.objects.create(date=day, kind="closed", name=f"Libur nasional {day}")
    for day in rng.sample(weekdays, 25):
        CalendarOverride.objects.get_or_create(date=day, office=kotabaru,
                                               defaults={"kind": "closed", "name": f"Kantor tutup {day}"})
    known = holidays.country_holidays("ID", years=range(2023, 2030), categories=("public", "government"))
    for day in rng.sample(sorted(d for d in known if d.weekday() < 5), 12):
        CalendarOverride.objects.get_or_create(date=day, office=None,
                                               defaults={"kind": "open", "name": "Dipindah"})
    for day in rng.sample(sorted(d for d in known if d.weekday() < 5), 6):
        CalendarOverride.objects.update_or_create(date=day, office=kotabaru,
                                                  defaults={"kind": "open", "name": "Kantor buka"})
    return [kotabaru, banjarmasin]


@pytest.mark.django_db
def test_the_tables_agree_with_the_walk_on_every_day_and_thousands_of_pairs(offices):
    rng = random.Random(2026)
    for office in offices:
        office.refresh_from_db()
        new, old = WorkingCalendar(office), WalkingCalendar(office)
        day = FIRST
        while day <= LAST:
            assert new.non_working_reason(day) == old.non_working_reason(day), day
            if FIRST < day:
                assert new.next_working_day(day) == old.next_working_day(day), day
                assert deadlines._previous_working_day(new, day) == old.previous_working_day(day), day
            day += datetime.timedelta(days=1)
        for year in range(2023, 2030):
            assert new.non_working_weekdays(year) == old.non_working_weekdays(year), year
        for _pair in range(1500):
            near = rng.random() < 0.5
            now = random_moment(rng, office.zone)
            due = (now + datetime.timedelta(minutes=rng.randrange(-90 * 24 * 60, 90 * 24 * 60)) if near
                   else random_moment(rng, office.zone))
            if not FIRST <= timezone.localtime(due, office.zone).date() <= LAST:
                continue
            assert new.working_days_left(now, due) == old.working_days_left(now, due), (now, due)
            first, last = sorted(timezone.localtime(m, office.zone).date() for m in (now, due))
            assert new.working_days_after(first, last) == old.working_days_after(first, last)
            assert new.clock_start_day(now) == old.clock_start_day(now), now
            if timezone.localtime(now, office.zone).date() < datetime.date(2029, 6, 1):
                days = rng.choice((1, 2, 3, 5, 10, 15, 20, 40, 120))
                assert new.due_at(now, days) == old.due_at(now, days), (now, days)


def test_the_walks_error_is_kept_for_a_calendar_with_no_working_day(kotabaru):
    kotabaru.hours.all().delete()
    with pytest.raises(CalendarError):
        WorkingCalendar(kotabaru).next_working_day(datetime.date(2026, 1, 5))
    assert deadlines._previous_working_day(WorkingCalendar(kotabaru), datetime.date(2026, 1, 5)) == (
        datetime.date(2026, 1, 5))


def test_a_changed_override_is_seen_by_the_next_calendar_despite_the_shared_tables(kotabaru):
    day = datetime.date(2026, 11, 24)
    assert WorkingCalendar(kotabaru).is_working_day(day)
    override = CalendarOverride.objects.create(date=day, office=kotabaru, kind="closed", name="Renovasi")
    assert WorkingCalendar(kotabaru).non_working_reason(day) == "Renovasi"
    override.name = "Renovasi gedung"
    override.save()
    assert WorkingCalendar(kotabaru).non_working_reason(day) == "Renovasi gedung"
    override.delete()
    assert WorkingCalendar(kotabaru).is_working_day(day)
    OfficeHours.objects.filter(office=kotabaru, weekday=day.weekday()).delete()
    assert WorkingCalendar(kotabaru).non_working_reason(day) == "Kantor tutup"


def test_the_cost_does_not_grow_with_the_distance(kotabaru):
    """Once its years are loaded, a four-year gap costs the calendar's day rules nothing more than a
    four-day gap: no day is looked at one by one."""
    calendar_module._TABLES.clear()
    zone = ZoneInfo("Asia/Makassar")
    now = datetime.datetime(2030, 3, 1, 10, tzinfo=zone)
    calendar = WorkingCalendar(kotabaru)
    calendar.working_days_left(now, now - datetime.timedelta(days=4 * 365))  # loads the years
    calendar.due_at(now - datetime.timedelta(days=4 * 365), 400)
    counts = {}
    for label, gap in (("four days", 4), ("four years", 4 * 365)):
        with (mock.patch.object(calendar_module, "day_rule", wraps=calendar_module.day_rule) as rule,
              mock.patch.object(WorkingCalendar, "is_working_day", autospec=True,
                                side_effect=lambda self, day: self.non_working_reason(day) is None) as check):
            left = calendar.working_days_left(now, now - datetime.timedelta(days=gap))
            calendar.due_at(now - datetime.timedelta(days=gap), 300 if gap > 4 else 2)
            calendar.working_days_after((now - datetime.timedelta(days=gap)).date(), now.date())
            counts[label] = (rule.call_count, check.call_count)
        assert left < 0
    assert counts["four days"] == counts["four years"]
    assert counts["four years"][0] == 0 and counts["four years"][1] <= 2
