"""What a request's page shows, for the visitor and for staff alike."""
from services import pricing

from . import consultation, orders, workflow
from .access import is_staff_of, timeline_for
from .behaviours import behaviour_for
from .deadlines import urgency, working_days_left
from .forms import MessageForm
from .models import Status


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
