"""A walk-in ticket becomes a request of the common workflow: the desk opens the ticket's service's
walk-in form (``ServiceType.walk_in_url``) with ``?tiket=<ticket id>``, and when that form has created
the request (``requests_app.signals.walk_in_recorded``) the ticket is linked to it. The desk names no
service: the registry tells it which form a line has."""
from urllib.parse import urlencode

from django.urls import reverse

from requests_app.registry import service_for_slug
from requests_app.signals import TICKET_PARAM

from .models import Ticket


def walk_in_form_url(ticket):
    """The ticket's service's walk-in form, opened for this ticket; None when the service has none."""
    url_name = service_for_slug(ticket.service).walk_in_url
    if not url_name:
        return None
    return f"{reverse(url_name)}?{urlencode({TICKET_PARAM: ticket.pk})}"


def link_ticket(sender, request, ticket_ref, officer, **kwargs):
    """The receiver of ``walk_in_recorded``: link the officer's office's ticket ``ticket_ref`` to the
    request, when it is at a desk or finished and not linked yet (another office's ticket is ignored)."""
    office_id = getattr(officer, "office_id", None)
    if office_id is None or request.office_id != office_id:
        return
    Ticket.objects.filter(pk=ticket_ref, office_id=office_id, request__isnull=True,
                          status__in=(*Ticket.AT_A_DESK, Ticket.Status.DONE)).update(request=request)
