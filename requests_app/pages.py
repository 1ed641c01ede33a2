"""What a request's page shows, for the visitor and for staff alike."""
import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app import workflow
from requests_app.access import is_staff_of, timeline_for
from requests_app.behaviours import behaviour_for
from requests_app.deadlines import (
    pause_reason,
    queue_minutes_expression,
    urgency,
    urgency_expression,
    working_days_left,
)
from requests_app.models import OPEN_STATUSES, Status
from services.catalogue.calendar import WorkingCalendar
from services.consultation import conversation as consultation
from services.consultation.forms import MessageForm
from services.consultation.service import ConsultationService
from services.product_sales import orders, pricing

Action = workflow.Action


def request_page_context(request, service_request):
    rows = service_request.requirement_rows()
    context = {
        "service_request": service_request,
        "office": service_request.office,
        "requirements": rows,
        "missing": [row.requirement for row in rows if not row.met]
        if service_request.is_open or service_request.status == Status.DRAFT else [],
        "documents": service_request.documents.select_related("requirement").order_by("uploaded_at", "pk"),
        # Messages are read in the conversation, not repeated in the timeline.
        "timeline": timeline_for(request.user, service_request).exclude(action="message"),
        "urgency": urgency(service_request),
        "days_left": working_days_left(service_request),
        "zone": service_request.office.zone,
        "pause_reason": pause_reason(service_request),
    }
    if behaviour_for(service_request).has_conversation:
        context.update(conversation_context(request.user, service_request))
    if behaviour_for(service_request).sells_products and hasattr(service_request, "order"):
        context.update(order_context(request.user, service_request))
    return context


def order_context(user, service_request):
    """An order's lines and prices (fixed once confirmed, a quote before), its checklist, and the
    buyer's download links."""
    order = service_request.order
    lines = orders.order_lines(order)
    quote = None
    if not order.is_confirmed and lines:
        try:
            quote = orders.live_quote(lines)
        except pricing.PricingError:
            quote = None
    return {
        "order": order,
        "order_lines": lines,
        "order_quote": quote,
        "quote_lines": dict(zip((line.pk for line in lines), quote.lines, strict=True)) if quote else {},
        "checklist": orders.checklist(service_request, lines),
        "links": orders.links_for(service_request, user),
    }


def conversation_context(user, service_request):
    """The conversation of a consultation and its message form, for its page or its htmx partial."""
    staff = is_staff_of(user, service_request)
    return {
        "service_request": service_request,
        "office": service_request.office,
        "zone": service_request.office.zone,
        "conversation": consultation.conversation(service_request),
        "message_form": MessageForm(auto_id="message_%s"),
        # A visitor's reply also reopens a consultation closed for silence.
        "can_write": workflow.may(service_request, workflow.Action.MESSAGE, user)
        or workflow.may(service_request, workflow.Action.REOPEN, user),
        "is_staff_view": staff,
        "post_url": (service_request.get_staff_url() if staff else service_request.get_absolute_url())
        + "pesan/",
    }


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


def _latest(service_request, actions, by_staff=False):
    events = service_request.events.filter(action__in=actions, is_internal=False)
    if by_staff and service_request.visitor_id:
        events = events.exclude(actor_id=service_request.visitor_id)
    return events.order_by("-created_at", "-pk").first()


def visitor_task(service_request):
    """The visitor's next step when the request waits on them (returned, awaiting payment, media ready
    for pickup, a reply the officer waits for), else None. ``visitor_turn_expression`` is its SQL."""
    status = service_request.status
    if status == Status.RETURNED:
        asked = _latest(service_request, (Action.RETURN,))
        if behaviour_for(service_request).recommends:
            button, target = _("Perbaiki formulir"), reverse("recommendation:recommendation_form",
                                                             args=[service_request.code])
        else:
            button, target = _("Kirim perbaikan"), "#answer-heading"
        return VisitorTask(_("Petugas meminta Anda memperbaiki permintaan ini"), asked.note if asked else "",
                           asked.created_at if asked else None, None, "", button, target)
    order = getattr(service_request, "order", None) if behaviour_for(service_request).sells_products else None
    if status == Status.AWAITING_PAYMENT and order is not None:
        asked = _latest(service_request, (Action.ISSUE_BILLING, Action.REFUSE_PAYMENT))
        return VisitorTask(_("Pesanan ini menunggu pembayaran Anda"), asked.note if asked else "",
                           asked.created_at if asked else None, order.billing_expires_at,
                           _("Bayar sebelum kode billing kedaluwarsa:"), _("Kirim bukti pembayaran"),
                           "#payment-heading")
    if order is not None and order.ready_for_pickup_at and status in workflow.WORKING:
        told = _latest(service_request, (Action.READY_FOR_PICKUP,))
        return VisitorTask(_("Media pesanan Anda siap diambil di kantor"), told.note if told else "",
                           told.created_at if told else None, None, "", _("Lihat pesanan"), "#pesanan")
    details = getattr(service_request, "consultation", None) \
        if behaviour_for(service_request).has_conversation else None
    if details is not None and details.awaiting_visitor_since and status in workflow.WORKING:
        asked = _latest(service_request, (Action.MESSAGE, Action.PROPOSE_MEETING), by_staff=True)
        return VisitorTask(_("Petugas menunggu balasan Anda"), asked.note if asked else "",
                           details.awaiting_visitor_since,
                           details.awaiting_visitor_since + ConsultationService.SILENCE,
                           _("Ditutup otomatis bila belum Anda balas sampai"), _("Balas pesan"),
                           "#percakapan")
    return None


# "Permintaan saya" in this order: what waits on the visitor (as ``visitor_task`` says), drafts to send,
# the rest still open (most urgent first), then what is closed (newest first).
YOUR_TURN, DRAFT_TO_SEND, OPEN, CLOSED = 0, 1, 2, 3


def visitor_turn_expression():
    return Case(
        When(status__in=(Status.RETURNED, Status.AWAITING_PAYMENT), then=Value(YOUR_TURN)),
        When(status__in=OPEN_STATUSES, clock_paused_at__isnull=False, then=Value(YOUR_TURN)),  # e.g. pickup
        When(status__in=workflow.WORKING, consultation__awaiting_visitor_since__isnull=False,
             then=Value(YOUR_TURN)),
        When(status=Status.DRAFT, then=Value(DRAFT_TO_SEND)),
        When(status__in=OPEN_STATUSES, then=Value(OPEN)),
        default=Value(CLOSED),
        output_field=IntegerField(),
    )


def visitor_requests(user, now=None):
    """The visitor's requests, what needs their action first, each with its urgency (``urgency``)."""
    now = now or timezone.now()
    return (user.service_requests.select_related("office", "service_kind")
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
