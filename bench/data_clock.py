"""A request's story for the benchmark: the actions the workflow would have taken, applied to an unsaved
``Request`` with the workflow's own rules (``requests_app.rules.rule_for``: sources, target, clock,
internal, whether it changes the request) and the office's real working-day calendar, one
``WorkingCalendar`` per office kept for the whole run and results cached per start day, so 100,000
requests cost seconds. Nothing is written here: the story collects the request, its events and its
clock pauses for ``bulk_create``."""
import datetime
from dataclasses import dataclass
from functools import lru_cache

from requests_app import deadlines
from requests_app.models import FINAL_STATUSES, ClockPause
from requests_app.registry import service_for
from requests_app.rules import rule_for
from services.catalogue.calendar import WorkingCalendar


EVENT_COLUMNS = ("id", "request_id", "actor_id", "action", "from_status", "to_status", "note", "is_internal",
                 "created_at", "notified_at", "request_version", "note_params")


@dataclass(slots=True)
class Event:
    """A ``RequestEvent`` row before it is written (plain values: millions are made)."""

    actor_id: int | None
    action: str
    from_status: str
    to_status: str
    note: str
    is_internal: bool
    created_at: datetime.datetime
    notified_at: datetime.datetime | None
    request_version: int
    note_params: dict
    id: int | None = None
    request_id: int | None = None

    def values(self):
        return tuple(getattr(self, name) for name in EVENT_COLUMNS)


class StoryError(AssertionError):
    """A story asked for an action the workflow would refuse from the request's status."""


class Calendars:
    """One calendar per office, with the deadline arithmetic cached per (office, start day, days)."""

    def __init__(self):
        self._calendars = {}
        self.due_at = lru_cache(maxsize=None)(self._due_at)
        self.risk = lru_cache(maxsize=None)(self._risk)

    def of(self, office):
        calendar = self._calendars.get(office.pk)
        if calendar is None:
            calendar = self._calendars[office.pk] = WorkingCalendar(office)
        return calendar

    def _due_at(self, office, start_day, working_days):
        calendar = self.of(office)
        # The clock's start day is what due_at counts from: its opening moment gives the same day.
        return calendar.due_at(calendar.closing_time(start_day) - datetime.timedelta(seconds=1), working_days)

    def _risk(self, office, due, working_days):
        """(at_risk_from, due_soon_from) before the max() with the start (``deadlines._set_due``)."""
        calendar = self.of(office)
        probe = _Probe(working_days)
        deadlines._set_due(probe, calendar, datetime.datetime.min.replace(tzinfo=datetime.UTC), due)
        return probe.at_risk_from, probe.due_soon_from

    def due_for(self, office, start, working_days):
        calendar = self.of(office)
        return self.due_at(office, calendar.clock_start_day(start), working_days)


class _Probe:
    def __init__(self, working_days):
        self.working_days_allowed = working_days
        self.due_at = self.at_risk_from = self.due_soon_from = None


class Story:
    """Actions on one request, as ``workflow.perform`` would apply them (without the database)."""

    def __init__(self, request, calendars, section):
        self.request, self.calendars, self.section = request, calendars, section
        self.events, self.pauses = [], []
        self.service = service_for(request)

    @property
    def status(self):
        return self.request.status

    def act(self, action, actor_id, at, note="", note_params=None):
        request = self.request
        rule = rule_for(request, action)
        if rule is None or request.status not in rule.sources:
            raise StoryError(f"{action} refused from {request.status} ({request.service_kind.slug})")
        from_status, version = request.status, request.version
        self._apply_status(rule, actor_id, at)
        self._apply_clock(self.service.clock(rule), at)
        if rule.changes_request:
            request.version += 1
        request.updated_at = at
        self.events.append(Event(
            actor_id, rule.action, from_status, str(request.status), note if rule.note != "none" else "",
            rule.internal, at, at if rule.notify else None, version, note_params or {},
        ))
        if rule.closing and note:
            request.closing_note = note
        return self.events[-1]

    def _apply_status(self, rule, actor_id, at):
        request = self.request
        if rule.files:
            request.submitted_at = at
            if self.section is not None and self.section.completion_kind == "working_days":
                request.working_days_allowed = self.section.completion_value
        if rule.action == "claim" or (rule.takes_request and request.assigned_to_id is None):
            request.assigned_to_id = actor_id
        if rule.target is not None:
            request.status = rule.target
            request.closed_at = at if rule.target in FINAL_STATUSES else None

    def _apply_clock(self, clock, at):
        if clock in ("start", "start_if_complete"):  # the bench's filings are complete
            self.start(at)
        elif clock == "pause":
            self.pause(at)
        elif clock == "resume":
            self.resume(at)
        elif clock == "stop":
            self.stop(at)

    def _set_due(self, start, due):
        request = self.request
        request.due_at = due
        at_risk, soon = self.calendars.risk(request.office, due, request.working_days_allowed or 1)
        request.at_risk_from, request.due_soon_from = max(start, at_risk), max(start, soon)

    def start(self, at):
        request = self.request
        if request.clock_started_at is not None:
            return
        request.clock_started_at = at
        if request.working_days_allowed:
            self._set_due(at, self.calendars.due_for(request.office, at, request.working_days_allowed))

    def pause(self, at):
        request = self.request
        if request.clock_started_at is None or request.clock_paused_at is not None:
            return
        left = None
        if request.due_at is not None:
            left = deadlines._working_days_left(self.calendars.of(request.office), at, request.due_at)
        request.clock_paused_at, request.working_days_left_at_pause = at, left
        self.pauses.append(ClockPause(paused_at=at, working_days_left=left))

    def resume(self, at):
        request = self.request
        if request.clock_paused_at is None:
            return
        calendar = self.calendars.of(request.office)
        left = request.working_days_left_at_pause or 0
        if left >= 1:
            self._set_due(at, self.calendars.due_for(request.office, at, left))
        elif left == 0 and request.due_at is not None and request.due_at >= request.clock_paused_at:
            self._set_due(at, calendar.closing_time(calendar.clock_start_day(at)))
        self._close_pause(at)

    def stop(self, at):
        if self.request.clock_paused_at is not None:
            self._close_pause(at)

    def _close_pause(self, at):
        for pause in self.pauses:
            if pause.resumed_at is None:
                pause.resumed_at = at
        self.request.clock_paused_at = None
        self.request.working_days_left_at_pause = None
