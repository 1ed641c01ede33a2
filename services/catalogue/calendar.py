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
"""
import datetime
from functools import cached_property

import holidays
from django.db.models import Q
from django.utils import timezone

from services.catalogue.models import CalendarOverride

MAX_SEARCH_DAYS = 366 * 3  # a calendar with no working day for three years is misconfigured


class CalendarError(ValueError):
    pass


class WorkingCalendar:
    def __init__(self, office):
        self.office = office
        self.zone = office.zone
        self._years = set()
        self._holidays = {}
        self._overrides = {}

    @cached_property
    def hours(self):
        """{weekday: (opens_at, closes_at)} from the office's opening hours."""
        return {row.weekday: (row.opens_at, row.closes_at) for row in self.office.hours.all()}

    def _load_year(self, year):
        if year in self._years:
            return
        self._years.add(year)
        package = holidays.country_holidays(
            "ID", years=year, categories=("public", "government"), language="id"
        )
        self._holidays.update(package)
        rows = CalendarOverride.objects.filter(
            Q(office__isnull=True) | Q(office=self.office), date__year=year
        )
        # National rows first, so that the office's own row for the same day wins.
        for row in sorted(rows, key=lambda r: r.office_id is not None):
            self._overrides[row.date] = row

    def non_working_reason(self, day):
        """Why ``day`` is not a working day at this office, or None when it is one."""
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
        """The first working day strictly after ``day``."""
        for offset in range(1, MAX_SEARCH_DAYS):
            candidate = day + datetime.timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise CalendarError(f"No working day after {day} for office {self.office.code}")

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
        day = self.clock_start_day(start)
        for _ in range(working_days):
            day = self.next_working_day(day)
        return self.closing_time(day)

    def working_days_left(self, now, due):
        """Working days from ``now`` until ``due``: 0 on the due day, negative when overdue."""
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
        """[(date, name)] of the weekdays of ``year`` on which this office does not work."""
        day = datetime.date(year, 1, 1)
        found = []
        while day.year == year:
            if day.weekday() < 5:
                reason = self.non_working_reason(day)
                if reason:
                    found.append((day, reason))
            day += datetime.timedelta(days=1)
        return found
