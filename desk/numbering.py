"""Queue numbers: per office, per the office's own local day, per service line, never twice.

The number is taken from a counter row locked with ``select_for_update`` (PostgreSQL holds it until the
transaction ends, so a second kiosk or officer waits and takes the next); the unique constraint on the
ticket is the last word, and a collision (two first tickets of a line creating its counter at once) is
retried.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone

from requests_app.registry import service_for_slug, service_types
from services.catalogue.models import Channel, ServiceKind, Standard

from .models import Ticket, TicketCounter

ATTEMPTS = 3


def office_day(office, moment):
    """The date the office's clock shows at ``moment``: a WITA office's day starts at 00.00 WITA."""
    return timezone.localtime(moment, office.zone).date()


def ticket_prefix(service_slug):
    return service_for_slug(service_slug).ticket_prefix or service_slug[:1].upper()


class LineRefused(ValueError):
    """The office has no walk-in line for this service (no walk-in standard of it in force)."""


def service_lines():
    """(slug, name) of every registered service, in the catalogue's order (the names of lines that were)."""
    registered = {service.slug for service in service_types()}
    return [(kind.slug, kind.name) for kind in ServiceKind.objects.filter(slug__in=registered)]


def service_names():
    return dict(service_lines())


def office_lines(office, now=None):
    """(slug, name) of the office's walk-in lines: the registered services it offers walk-in under a
    standard in force on its day. Desks, kiosks, check-ins and transfers serve only these."""
    on = office_day(office, now or timezone.now())
    offered = set(Standard.objects.in_force(on=on).filter(office=office, sections__channel=Channel.WALK_IN)
                  .values_list("service_kind__slug", flat=True))
    return [(slug, name) for slug, name in service_lines() if slug in offered]


def _next_number(office, day, service_slug):
    counter, _created = TicketCounter.objects.get_or_create(office=office, day=day, service=service_slug)
    counter = TicketCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def issue_ticket(office, service_slug, guest_name, guest_contact="", *, issued_by=None, request=None,
                 now=None):
    """A new waiting ticket in ``service_slug``'s line of ``office``, numbered for the office's day."""
    now = now or timezone.now()
    if service_slug not in dict(office_lines(office, now)):
        raise LineRefused(f"{office.code} has no walk-in line for {service_slug!r}.")
    day = office_day(office, now)
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                number = _next_number(office, day, service_slug)
                return Ticket.objects.create(
                    office=office, issued_service=service_slug, service=service_slug, day=day, number=number,
                    code=f"{ticket_prefix(service_slug)}-{number:03d}", issued_at=now, issued_by=issued_by,
                    request=request, guest_name=guest_name, guest_contact=guest_contact)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
