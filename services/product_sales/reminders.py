"""Product sales' reminder: the buyer is told two working days before their download links expire
(a system event written through the workflow, emailed by the one notifier)."""
from django.db.models import Exists, OuterRef
from django.utils import timezone

from requests_app.models import Reminder
from requests_app.reminders import NEAR_DUE, ReminderBatch, calendar_for
from services.product_sales.delivery import current_links
from services.product_sales.rules import Action

LINK_EXPIRY = "link_expiry"  # this service's kind of reminder (ProductSalesService.reminder_kinds)
LINK_WARNING_DAYS = 2  # working days before a download link expires


def remind_link_expiry(now=None):
    """Beat: email each buyer two working days before their download links expire, once per order
    and expiry (links renewed later expire at a new moment: a new reminder). Only the links the
    buyer's page offers (the newest per line) count: renewed ones replace the older. Returns counts."""
    now = now or timezone.now()
    sent = Reminder.objects.filter(
        request=OuterRef("line__order__request"), kind=LINK_EXPIRY, deadline=OuterRef("expires_at")
    )
    expiring = (
        current_links()
        .filter(expires_at__gt=now, expires_at__lte=now + NEAR_DUE)
        .exclude(Exists(sent))
        .select_related("line__order__request__office", "line__order__request__service_kind",
                        "line__order__request__visitor")
        .order_by("expires_at")
    )
    calendars, seen = {}, set()
    batch = ReminderBatch(now, (LINK_EXPIRY,))
    for link in expiring.iterator(chunk_size=200):
        request = link.line.order.request
        if (request.pk, link.expires_at) in seen or request.visitor_id != link.buyer_id:
            continue
        seen.add((request.pk, link.expires_at))
        try:
            left = calendar_for(calendars, request.office).working_days_left(now, link.expires_at)
        except Exception:  # one order's problem must not stop the others' reminders
            batch.failed(request, LINK_EXPIRY)
            continue
        if left <= LINK_WARNING_DAYS:
            batch.add(request, LINK_EXPIRY, link.expires_at, days=left, action=Action.LINK_EXPIRY_WARNING)
    return batch.close()
