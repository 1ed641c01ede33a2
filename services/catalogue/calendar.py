"""The working-day calendar of an office, in the office's own time zone.

Working days are the weekdays on which the office has opening hours, less
Indonesia's national holidays and cuti bersama (the ``holidays`` package, its
``public`` and ``government`` categories), corrected by ``CalendarOverride`` rows
(national, or for one office; the office's own row wins).

Deadlines follow design.md: a request due in N working days is due at the
office's closing time on the Nth working day after the day the clock started.
A clock started on a working day before closing time starts that day (before
opening it starts at opening, the same day); started after closing or on a
non-working day, it starts on the next working day.

Cost: each year is computed once into a ``YearTable`` (every day's reason, a running count of working
days, the list of working days), so counting working days between two dates, or finding the Nth working
day after one, is arithmetic over the years in between, not a walk over the days. Tables are shared by
the whole process, keyed by their content (the office's working weekdays and that year's effective
overrides, read fresh by each calendar in one query): a changed override or opening hour gives a new key,
so nothing goes stale and nothing needs invalidating.
"""
import datetime
from functools import cached_property

import holidays
from django.db.models import Q
from django.utils import timezone

from services.catalogue.models import CalendarOverride

MAX_SEARCH_DAYS = 366 * 3  # a calendar with no working day for three years is misconfigured
ONE_DAY = datetime.timedelta(days=1)
_HOLIDAYS = {}  # year -> {date: name}, Indonesia's national holidays and cuti bersama
_TABLES = {}  # (year, working weekdays, that year's overrides) -> YearTable
_TABLES_KEPT = 4096


class CalendarError(ValueError):
    pass


def national_holidays(year):
    if year not in _HOLIDAYS:
        _HOLIDAYS[year] = dict(holidays.country_holidays(
            "ID", years=year, categories=("public", "government"), language="id"
        ))
    return _HOLIDAYS[year]


def day_rule(day, weekdays, overrides, national):
    """Why ``day`` is not a working day (None when it is one): an override first, then the office's
    weekdays, then the national holidays."""
    override = overrides.get(day)
    if override is not None:
        kind, name = override
        return None if kind == CalendarOverride.Kind.OPEN else name
    if day.weekday() not in weekdays:
        return "Sabtu" if day.weekday() == 5 else "Minggu" if day.weekday() == 6 else "Kantor tutup"
    return national.get(day)


class YearTable:
    """One year of one calendar: ``reasons`` {date: why not working}, ``before[i]`` the working days
    among the year's first ``i`` days, ``days`` the working days in order."""

    def __init__(self, year, weekdays, overrides):
        self.year, national = year, national_holidays(year)
        self.first = datetime.date(year, 1, 1)
        self.reasons, self.days, self.before = {}, [], [0]
        day = self.first
        while day.year == year:
            reason = day_rule(day, weekdays, overrides, national)
            if reason is None:
                self.days.append(day)
            else:
                self.reasons[day] = reason
            self.before.append(len(self.days))
            day += ONE_DAY

    @property
    def total(self):
        return len(self.days)

    def count_before(self, day):
        """Working days of this year strictly before ``day``."""
        return self.before[(day - self.first).days]


class WorkingCalendar:
    def __init__(self, office):
        self.office = office
        self.zone = office.zone
        self._tables = {}

    @cached_property
    def hours(self):
        """{weekday: (opens_at, closes_at)} from the office's opening hours."""
        return {row.weekday: (row.opens_at, row.closes_at) for row in self.office.hours.all()}

    @cached_property
    def _overrides(self):
        """{year: {date: (kind, name)}}: the effective overrides (the office's own row wins)."""
        rows = CalendarOverride.objects.filter(Q(office__isnull=True) | Q(office=self.office))
        found = {}
        # National rows first, so that the office's own row for the same day wins.
        for row in sorted(rows, key=lambda r: r.office_id is not None):
            found.setdefault(row.date.year, {})[row.date] = (row.kind, row.name)
        return found

    def _table(self, year):
        table = self._tables.get(year)
        if table is None:
            overrides = self._overrides.get(year, {})
            key = (year, frozenset(self.hours), tuple(sorted(overrides.items())))
            table = _TABLES.get(key)
            if table is None:
                if len(_TABLES) >= _TABLES_KEPT:
                    _TABLES.clear()
                table = _TABLES[key] = YearTable(year, frozenset(self.hours), overrides)
            self._tables[year] = table
        return table

    def non_working_reason(self, day):
        """Why ``day`` is not a working day at this office, or None when it is one."""
        return self._table(day.year).reasons.get(day)

    def is_working_day(self, day):
        return self.non_working_reason(day) is None

    def working_days_before(self, first, last):
        """Working days ``d`` with ``first <= d < last`` (0 when ``last`` is not after ``first``)."""
        if last <= first:
            return 0
        count = -self._table(first.year).count_before(first)
        for year in range(first.year, last.year):
            count += self._table(year).total
        return count + self._table(last.year).count_before(last)

    def working_days_after(self, first, last):
        """Working days ``d`` with ``first < d <= last`` (0 when ``last`` is not after ``first``)."""
        if last <= first:
            return 0
        return self.working_days_before(first + ONE_DAY, last + ONE_DAY)

    def nth_working_day_after(self, day, n):
        """The ``n``th working day strictly after ``day`` (n >= 1)."""
        table, since = self._table(day.year), day
        index = table.before[(day - table.first).days + 1] + n - 1  # working days up to ``day``, then n - 1
        while index >= table.total:
            index -= table.total
            if table.days:
                since = table.days[-1]
            table = self._table(table.year + 1)
            if (table.first - since).days >= MAX_SEARCH_DAYS:
                raise CalendarError(f"No working day after {since} for office {self.office.code}")
        found = table.days[index]
        if (found - since).days >= MAX_SEARCH_DAYS:
            raise CalendarError(f"No working day after {since} for office {self.office.code}")
        return found

    def next_working_day(self, day):
        """The first working day strictly after ``day``."""
        return self.nth_working_day_after(day, 1)

    def previous_working_day(self, day, within=365):
        """The last working day strictly before ``day`` and at most ``within`` days before it, or None."""
        table = self._table(day.year)
        index = table.count_before(day)
        while index == 0:
            table = self._table(table.year - 1)
            if (day - datetime.date(table.year, 12, 31)).days > within:
                return None
            index = table.total
        found = table.days[index - 1]
        return found if (day - found).days <= within else None

    def closing_time(self, day):
        """The office's closing moment on a working day, as an aware datetime."""
        opens, closes = self.hours[day.weekday()]
        return datetime.datetime.combine(day, closes, tzinfo=self.zone)

    def clock_start_day(self, moment):
        """The working day a clock started at ``moment`` counts from."""
        local = timezone.localtime(moment, self.zone)
        day = local.date()
        if self.is_working_day(day) and local < self.closing_time(day):
            return day
        return self.next_working_day(day)

    def due_at(self, start, working_days):
        """Closing time of the Nth working day after the day the clock started."""
        if working_days < 1:
            raise CalendarError("A deadline needs at least one working day.")
        return self.closing_time(self.nth_working_day_after(self.clock_start_day(start), working_days))

    def working_days_left(self, now, due):
        """Working days from ``now`` until ``due``: 0 on the due day, negative when overdue.
        Ahead: the working days after today up to the due day; behind: minus the working days from the
        due day up to (not including) today."""
        today = timezone.localtime(now, self.zone).date()
        due_day = timezone.localtime(due, self.zone).date()
        if due_day >= today:
            return self.working_days_after(today, due_day)
        return -self.working_days_before(due_day, today)

    def non_working_weekdays(self, year):
        """[(date, name)] of the weekdays of ``year`` on which this office does not work."""
        reasons = self._table(year).reasons
        return [(day, reasons[day]) for day in sorted(reasons) if day.weekday() < 5]
