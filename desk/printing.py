"""The queue ticket on paper: what the kiosk's ticket page and the officer's printable ticket show, from
one template (``desk/_ticket_print.html``). It carries the office, the code, the service, when it was
issued on the office's clock, the people ahead and the wait, the QR code to the ticket's phone page and
the walk-in promise the desk is measured against (the minutes of the service's walk-in standard where it
counts in queue minutes, else the measure's default); never the guest's name, contact or identity number."""
from django.urls import reverse

from . import kiosk as kiosks
from . import ticket_line
from .measure import limit_minutes
from .models import Ticket
from .numbering import service_names


def phone_page_url(request, ticket):
    """The absolute address of the ticket's page for the visitor's phone (what the QR code holds)."""
    return request.build_absolute_uri(reverse("desk:ticket", kwargs={"token": ticket.token}))


def printable_ticket(request, ticket):
    """The template context of ``desk/_ticket_print.html`` for ``ticket``."""
    waiting = ticket.status == Ticket.Status.WAITING
    ahead = ticket_line.people_ahead(ticket) if waiting else None
    return {"print_office": ticket.office, "print_ticket": ticket,
            "print_service": service_names().get(ticket.service, ticket.service),
            "print_issued": ticket.office.local_time(ticket.issued_at, "j F Y, H.i"),
            "print_waiting": waiting, "print_ahead": ahead,
            "print_minutes": ticket_line.estimated_wait_minutes(ticket, ahead) if waiting else None,
            "print_qr": kiosks.qr_data_url(phone_page_url(request, ticket)),
            "print_promise": limit_minutes(ticket.office, ticket.service, ticket.day)}
