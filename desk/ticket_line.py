"""Where a ticket stands in its line, as its visitor's phone page shows it: the position, the wait the
current pace predicts, and leaving the line (a finished visit is
rated on the satisfaction survey's page, complaints.rating_views).

The pace is the mean service time (from serving start to finish) of the office's finished tickets of the
same service today; the estimate is that pace times the people ahead, shared by the open desks serving
the line. With no finished ticket yet there is no pace and no estimate. The phone page, the kiosk and the
printed ticket all read it from here.
"""
import datetime

from django.db.models import Q
from django.utils import timezone

from .models import Desk, Ticket


def people_ahead(ticket):
    """How many waiting tickets of the same line are called before this one (oldest issue first)."""
    if ticket.status != Ticket.Status.WAITING:
        return 0
    same_line = Ticket.objects.filter(office_id=ticket.office_id, day=ticket.day, service=ticket.service,
                                      status=Ticket.Status.WAITING)
    earlier = Q(issued_at__lt=ticket.issued_at) | Q(issued_at=ticket.issued_at, pk__lt=ticket.pk)
    return same_line.filter(earlier).count()


def service_pace(office, service_slug, day):
    """The mean service time of the office's finished tickets of ``service_slug`` on ``day``, or None."""
    finished = Ticket.objects.filter(office=office, day=day, service=service_slug,
                                     status=Ticket.Status.DONE, serving_started_at__isnull=False,
                                     finished_at__isnull=False) \
        .values_list("serving_started_at", "finished_at")
    durations = [finish - start for start, finish in finished if finish >= start]
    if not durations:
        return None
    return sum(durations, datetime.timedelta()) / len(durations)


def desks_serving(ticket):
    """How many of the office's open desks serve the ticket's line (at least 1: a desk will open)."""
    open_desks = Desk.objects.filter(office_id=ticket.office_id, opened_at__isnull=False,
                                     closed_at__isnull=True)
    return max(1, sum(ticket.service in desk.services for desk in open_desks.only("services")))


def estimated_wait_minutes(ticket, ahead=None):
    """The minutes the current pace predicts before the ticket is called, or None with no pace yet."""
    if ticket.status != Ticket.Status.WAITING:
        return None
    pace = service_pace(ticket.office_id, ticket.service, ticket.day)
    if pace is None:
        return None
    ahead = people_ahead(ticket) if ahead is None else ahead
    return round(pace.total_seconds() * ahead / desks_serving(ticket) / 60)


def leave_line(ticket, now=None):
    """The visitor leaves the line: a waiting ticket is never called after this. False when it was no
    longer waiting (called already, or left before)."""
    left = Ticket.objects.filter(pk=ticket.pk, status=Ticket.Status.WAITING).update(
        status=Ticket.Status.LEFT, left_at=now or timezone.now())
    return bool(left)
