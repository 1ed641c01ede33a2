"""What a request's page shows, for the visitor and for staff alike (its service adds its own panels:
``requests_app.registry``)."""
import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app import workflow
from requests_app.access import timeline_for, visible_requests
from requests_app.deadlines import (
    pause_reason,
    queue_minutes_expression,
    urgency,
    urgency_expression,
    working_days_left,
)
from requests_app.models import OPEN_STATUSES, WAITING_ON_VISITOR, Status
from requests_app.registry import service_for, service_types
from services.catalogue.calendar import WorkingCalendar

Action = workflow.Action


def request_page_context(request, service_request):
    service = service_for(service_request)
    rows = service_request.requirement_rows()
    context = {
        "service_request": service_request,
        "office": service_request.office,
        "requirements": rows,
        "missing": [row.requirement for row in rows if not row.met]
        if service_request.is_open or service_request.status == Status.DRAFT else [],
        "documents": service_request.documents.select_related("requirement").order_by("uploaded_at", "pk"),
        # What the service shows in a panel of its own (a conversation's messages) is not repeated here.
        "timeline": timeline_for(request.user, service_request).exclude(action__in=service.shown_in_panels),
        "urgency": urgency(service_request),
        "days_left": working_days_left(service_request),
        "zone": service_request.office.zone,
        "pause_reason": pause_reason(service_request),
    }
    context.update(service.page_context(request.user, service_request))
    return context


@dataclass(frozen=True)
class VisitorTask:
    """What a request waiting on its visitor asks of them: shown at the top of their page."""

    title: object
    asked: str  # the officer's words (their latest note or message)
    asked_at: datetime.datetime | None
    answer_by: datetime.datetime | None  # when a rule gives one
    answer_by_label: object
    button: object
    target: str  # the answer form on the page (#id) or its own page


def latest_event(service_request, actions, by_staff=False):
    """The latest event of ``actions`` the visitor sees (by staff only, when asked)."""
    events = service_request.events.filter(action__in=actions, is_internal=False)
    if by_staff and service_request.visitor_id:
        events = events.exclude(actor_id=service_request.visitor_id)
    return events.order_by("-created_at", "-pk").first()


def visitor_task(service_request):
    """The visitor's next step when the request waits on them (returned, or what its service asks:
    a payment, a pickup, a reply), else None. ``visitor_turn_expression`` is its SQL."""
    service = service_for(service_request)
    if service_request.status == Status.RETURNED:
        asked = latest_event(service_request, (Action.RETURN,))
        button, target = service.answer_target(service_request) or (_("Kirim perbaikan"), "#answer-heading")
        return VisitorTask(_("Petugas meminta Anda memperbaiki permintaan ini"),
                           asked.display_note if asked else "",
                           asked.created_at if asked else None, None, "", button, target)
    return service.visitor_task(service_request)


# "Permintaan saya" in this order: what waits on the visitor (as ``visitor_task`` says), drafts to send,
# the rest still open (most urgent first), then what is closed (newest first).
YOUR_TURN, DRAFT_TO_SEND, OPEN, CLOSED = 0, 1, 2, 3


def visitor_turn_expression():
    return Case(
        When(status__in=list(WAITING_ON_VISITOR), then=Value(YOUR_TURN)),
        When(status__in=list(OPEN_STATUSES), clock_paused_at__isnull=False,
             then=Value(YOUR_TURN)),  # e.g. pickup
        *(When(turn, then=Value(YOUR_TURN)) for turn in _services_turns()),
        When(status=Status.DRAFT, then=Value(DRAFT_TO_SEND)),
        When(status__in=list(OPEN_STATUSES), then=Value(OPEN)),
        default=Value(CLOSED),
        output_field=IntegerField(),
    )


def _services_turns():
    return [turn for turn in (service.your_turn() for service in service_types()) if turn is not None]


def visitor_requests(user, now=None):
    """The visitor's requests, what needs their action first, each with its urgency (``urgency``)."""
    now = now or timezone.now()
    return (visible_requests(user).select_related("office", "service_kind")
            .exclude(status=Status.CANCELLED, submitted_at__isnull=True)  # drafts discarded before deletion
            .annotate(turn=visitor_turn_expression(), urgency=urgency_expression(now),
                      queue_minutes=queue_minutes_expression())
            .order_by("turn", "urgency", "due_at", "-created_at", "-pk"))


def with_days_left(rows, now=None):
    """Give each row of a page its working days left (``days_left``), one calendar per office."""
    calendars = {}
    for row in rows:
        calendar = calendars.setdefault(row.office_id, WorkingCalendar(row.office))
        row.days_left = working_days_left(row, now=now, calendar=calendar)
    return rows
