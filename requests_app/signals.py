"""Signals of the core that other apps listen to, so that a service app never imports them.

``walk_in_recorded``: a service's walk-in form (at the desk) created ``request``; ``ticket_ref`` is the
queue ticket the officer was serving when they opened the form (the ``?tiket=`` the desk passed), and
``officer`` the officer who recorded it. The walk-in desk links the ticket to the request.

``request_event_recorded``: a step of the workflow (``workflow.perform``) was committed: ``event`` is its
``RequestEvent`` (its request, action and statuses). Sent after the transaction commits, never for a step
that was rolled back; a receiver's failure is logged and does not undo the step. ``changes_request``
says whether the step changed the request (state, clock, officer, order: ``Rule.changes_request``); a
system reminder changes nothing. Ratings and figures listen to it.

``walk_in_form_opened``: an officer opened a service's walk-in form for ``ticket_ref``; a receiver
returns what it knows of that ticket's guest (``walk_in_guest``), so the form is not retyped.
"""
from django.db import transaction
from django.dispatch import Signal

TICKET_PARAM = "tiket"  # the query parameter the desk opens a service's walk-in form with

walk_in_recorded = Signal()
request_event_recorded = Signal()
walk_in_form_opened = Signal()
GUEST_KEYS = ("full_name", "phone", "email", "institution", "purpose")


def walk_in_guest(http_request):
    """What the desk knows of the guest whose ticket the walk-in form was opened for: a dict of some of
    ``GUEST_KEYS`` (empty without a ticket, or for a ticket of another office)."""
    ticket_ref = http_request.GET.get(TICKET_PARAM, "")
    if not ticket_ref.isdigit() or getattr(http_request.user, "office_id", None) is None:
        return {}
    for _receiver, guest in walk_in_form_opened.send(sender=None, ticket_ref=int(ticket_ref),
                                                      officer=http_request.user):
        if guest:
            return {key: value for key, value in guest.items() if key in GUEST_KEYS and value}
    return {}


def announce_walk_in(http_request, service_request):
    """Tell the listeners a walk-in form recorded ``service_request``, with the ticket the form was
    opened for, if any (a ticket id that is not a number is ignored)."""
    ticket_ref = http_request.GET.get(TICKET_PARAM, "")
    if not ticket_ref.isdigit():
        return
    walk_in_recorded.send(sender=service_request.service_kind.slug, request=service_request,
                          ticket_ref=int(ticket_ref), officer=http_request.user)


def announce_event_after_commit(event, changes_request=True):
    """Send ``request_event_recorded`` for ``event`` once its transaction commits."""
    announce_events_after_commit([event], changes_request=changes_request)


def announce_events_after_commit(events, changes_request=True):
    """Send ``request_event_recorded`` for each of ``events`` once their transaction commits (one hook)."""
    if not events:
        return

    def announce():
        for event in events:
            request_event_recorded.send_robust(sender=event.request.service_kind.slug, event=event,
                                               changes_request=changes_request)

    announce.__qualname__ = "announce request_event_recorded"
    transaction.on_commit(announce, robust=True)
