"""The public display board of an office's queue: ticket codes and desks only, never a name."""
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from services.catalogue.models import Office

from .models import Desk, Ticket
from .numbering import office_day

LAST_CALLED = 5


def board_context(office, now=None):
    """What the board shows: each open desk with the ticket at it, and the last tickets called today."""
    today = office_day(office, now or timezone.now())
    at_desks = {ticket.desk_id: ticket for ticket in Ticket.objects.filter(
        office=office, day=today, status__in=Ticket.AT_A_DESK).order_by("called_at")}
    desks = [{"name": desk.name, "code": at_desks[desk.pk].code if desk.pk in at_desks else "",
              "serving": desk.pk in at_desks and at_desks[desk.pk].status == Ticket.Status.SERVING}
             for desk in Desk.objects.filter(office=office, opened_at__isnull=False, closed_at__isnull=True)]
    last = Ticket.objects.filter(office=office, day=today, called_at__isnull=False, desk__isnull=False) \
        .select_related("desk").order_by("-called_at")[:LAST_CALLED]
    return {"office": office, "desks": desks,
            "last_called": [{"code": ticket.code, "desk": ticket.desk.name} for ticket in last],
            "waiting": Ticket.objects.filter(office=office, day=today, status=Ticket.Status.WAITING).count()}


def _office(office_code):
    return get_object_or_404(Office, code=office_code, is_active=True)


@never_cache
def board(request, office_code):
    return render(request, "desk/board.html", board_context(_office(office_code)))


@never_cache
def board_partial(request, office_code):
    """The board's content alone, for htmx to swap in every few seconds."""
    return render(request, "desk/_board.html", board_context(_office(office_code)))
