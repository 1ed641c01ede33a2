"""Signals of the core that other apps listen to, so that a service app never imports them.

``walk_in_recorded``: a service's walk-in form (at the desk) created ``request``; ``ticket_ref`` is the
queue ticket the officer was serving when they opened the form (the ``?tiket=`` the desk passed), and
``officer`` the officer who recorded it. The walk-in desk links the ticket to the request.
"""
from django.dispatch import Signal

TICKET_PARAM = "tiket"  # the query parameter the desk opens a service's walk-in form with

walk_in_recorded = Signal()


def announce_walk_in(http_request, service_request):
    """Tell the listeners a walk-in form recorded ``service_request``, with the ticket the form was
    opened for, if any (a ticket id that is not a number is ignored)."""
    ticket_ref = http_request.GET.get(TICKET_PARAM, "")
    if not ticket_ref.isdigit():
        return
    walk_in_recorded.send(sender=service_request.service_kind.slug, request=service_request,
                          ticket_ref=int(ticket_ref), officer=http_request.user)
