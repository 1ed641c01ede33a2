"""The walk-in standard's 10 minutes: a visitor "is served at most 10 minutes after the visitor before
them in the queue finished".

For each called ticket, the wait runs from the later of its issue (or its transfer to this line) and the
moment the previous visitor at the same desk finished before it was called, to its call. The limit is the
office's walk-in section's ``completion_value`` for the service when it is counted in queue minutes
(10 in the seeds), else 10.
"""
import datetime
from dataclasses import dataclass, field

from services.catalogue.models import Channel, Standard, StandardSection

from .models import Ticket

DEFAULT_MINUTES = 10


def queue_promise_minutes(office, service_slug, day):
    """The minutes the office's walk-in standard for the service in force on ``day`` promises ("served at
    most 10 minutes after the previous visitor finished"), or None when its section says no such thing."""
    standard = Standard.objects.in_force(on=day).filter(office=office, service_kind__slug=service_slug) \
        .first()
    section = standard and standard.sections.filter(channel=Channel.WALK_IN).first()
    if section and section.completion_kind == StandardSection.CompletionKind.QUEUE_MINUTES:
        return section.completion_value
    return None


def limit_minutes(office, service_slug, day):
    promised = queue_promise_minutes(office, service_slug, day)
    return DEFAULT_MINUTES if promised is None else promised


@dataclass(frozen=True)
class Wait:
    ticket: Ticket
    started_at: datetime.datetime
    minutes: float
    limit: int

    @property
    def compliant(self):
        return self.minutes <= self.limit


def waits(office, day):
    """A ``Wait`` for every ticket of the office's ``day`` that was called to a desk."""
    return waits_between(office, day, day)


def waits_between(office, first_day, last_day):
    """A ``Wait`` for every ticket of the office's days ``first_day`` to ``last_day`` that was called to a
    desk, in one query (a finished ticket was called: its finish is among the called rows)."""
    called = list(Ticket.objects.filter(office=office, day__range=(first_day, last_day),
                                        called_at__isnull=False, desk__isnull=False)
                  .select_related("desk").order_by("called_at"))
    finishes = {}  # (desk pk, day) -> the finish times of its tickets that day
    for ticket in called:
        if ticket.finished_at is not None:
            finishes.setdefault((ticket.desk_id, ticket.day), []).append(ticket.finished_at)
    limits = {}
    found = []
    for ticket in called:
        before = [moment for moment in finishes.get((ticket.desk_id, ticket.day), ())
                  if moment < ticket.called_at]
        joined_line = [ticket.transferred_at] if ticket.transferred_at else []
        started_at = max([ticket.issued_at, *joined_line, *before])
        if (ticket.service, ticket.day) not in limits:
            limits[ticket.service, ticket.day] = limit_minutes(office, ticket.service, ticket.day)
        minutes = max((ticket.called_at - started_at).total_seconds() / 60, 0)
        found.append(Wait(ticket, started_at, minutes, limits[ticket.service, ticket.day]))
    return found


@dataclass
class Compliance:
    label: str
    waits: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.waits)

    @property
    def compliant(self):
        return sum(1 for wait in self.waits if wait.compliant)

    @property
    def percent(self):
        return round(100 * self.compliant / self.count) if self.count else None

    @property
    def longest_minutes(self):
        return round(max((wait.minutes for wait in self.waits), default=0), 1)


def daily_compliance(office, day, service_names=None):
    """(per desk, per service) ``Compliance`` rows of the office's ``day``, in name order."""
    service_names = service_names or {}
    by_desk, by_service = {}, {}
    for wait in waits(office, day):
        desk = wait.ticket.desk
        by_desk.setdefault(desk.pk, Compliance(desk.name)).waits.append(wait)
        slug = wait.ticket.service
        by_service.setdefault(slug, Compliance(service_names.get(slug, slug))).waits.append(wait)
    order = lambda row: row.label  # noqa: E731
    return sorted(by_desk.values(), key=order), sorted(by_service.values(), key=order)
