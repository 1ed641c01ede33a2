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


def _linkable(ticket_ref, office_id):
    return Ticket.objects.filter(pk=ticket_ref, office_id=office_id, request__isnull=True,
                                 status__in=(*Ticket.AT_A_DESK, Ticket.Status.DONE))


def guest_of_ticket(sender, ticket_ref, officer, **kwargs):
    """The receiver of ``walk_in_form_opened``: what the guest book (or the ticket, or the visitor's
    account) says of the guest of the officer's office's ticket ``ticket_ref``, for the form to start with."""
    office_id = getattr(officer, "office_id", None)
    ticket = _linkable(ticket_ref, office_id).select_related("visitor", "guest_entry__guest").first()
    if ticket is None:
        return {}
    entry = getattr(ticket, "guest_entry", None)
    if entry is not None:
        guest = entry.guest
        return {"full_name": guest.full_name, "phone": guest.phone, "email": guest.email,
                "institution": entry.institution, "purpose": entry.purpose}
    if ticket.visitor is not None:
        visitor = ticket.visitor
        return {"full_name": visitor.get_full_name(), "phone": visitor.phone, "email": visitor.email,
                "institution": visitor.institution}
    contact = ticket.guest_contact
    return {"full_name": ticket.guest_name, "email" if "@" in contact else "phone": contact}


def link_ticket(sender, request, ticket_ref, officer, **kwargs):
    """The receiver of ``walk_in_recorded``: link the officer's office's ticket ``ticket_ref`` to the
    request, when it is at a desk or finished and not linked yet (another office's ticket is ignored)."""
    office_id = getattr(officer, "office_id", None)
    if office_id is None or request.office_id != office_id:
        return
    _linkable(ticket_ref, office_id).update(request=request)
