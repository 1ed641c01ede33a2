"""Product sales' reminder: the buyer is told two working days before their download links expire
(a system event written through the workflow, emailed by the one notifier)."""
import logging

from django.db.models import Exists, OuterRef
from django.utils import timezone

from requests_app.models import Reminder
from requests_app.reminders import NEAR_DUE, calendar_for, remind
from services.product_sales.delivery import current_links
from services.product_sales.rules import Action

LINK_EXPIRY = "link_expiry"  # this service's kind of reminder (ProductSalesService.reminder_kinds)
LINK_WARNING_DAYS = 2  # working days before a download link expires
logger = logging.getLogger(__name__)


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
    calendars, counts, seen = {}, {LINK_EXPIRY: 0}, set()
    for link in expiring.iterator(chunk_size=200):
        request = link.line.order.request
        if (request.pk, link.expires_at) in seen or request.visitor_id != link.buyer_id:
            continue
        seen.add((request.pk, link.expires_at))
        left = calendar_for(calendars, request.office).working_days_left(now, link.expires_at)
        if left > LINK_WARNING_DAYS:
            continue
        try:
            if remind(request, LINK_EXPIRY, link.expires_at, now, days=left,
                      action=Action.LINK_EXPIRY_WARNING):
                counts[LINK_EXPIRY] += 1
        except Exception:  # one order's problem must not stop the others' reminders
            logger.exception("link expiry reminder for %s failed", request.code)
            counts["errors"] = counts.get("errors", 0) + 1
    return counts
