"""The complaints' emails: to the complainant in their language (received, answered), to the office's
officers before the deadline and to its head when it is missed (in Indonesian, the office's language).
Sent through the one renderer and the outbox (the email backend queues after commit)."""
from django.conf import settings
from django.urls import reverse

from accounts.models import Role, User
from pst_portal import links
from requests_app.emails import render_email


def complainant_url(complaint):
    """Where the complainant follows the complaint: their account's page, or the private link."""
    if complaint.complainant_id:
        return links.absolute(reverse("complaints:mine_detail", args=[complaint.code]))
    return links.absolute(reverse("complaints:private", args=[complaint.private_token]))


def staff_url(complaint):
    return links.absolute(reverse("complaints:staff_detail", args=[complaint.code]))


def complainant_email(complaint, kind):
    """``kind`` "received" or "answered". Nothing is sent to a complainant who left no email."""
    address = complaint.contact_email
    if not address:
        return 0
    context = {"complaint": complaint, "kind": kind, "url": complainant_url(complaint),
               "name": complaint.contact_name}
    message = render_email("complaints/email/complainant", context,
                           complaint.language or settings.LANGUAGE_CODE, to=[address])
    message.send()
    return 1


def staff_email(complaint, kind, days_left=0):
    """``kind`` "reminder" (to the office's officers) or "escalation" (to its heads)."""
    role = Role.HEAD if kind == "escalation" else Role.OFFICER
    recipients = list(User.objects.filter(office=complaint.office_id, role=role, is_active=True)
                      .values_list("email", flat=True))
    if not recipients:
        return 0
    context = {"complaint": complaint, "kind": kind, "url": staff_url(complaint), "days_left": days_left}
    render_email("complaints/email/staff", context, "id", bcc=recipients).send()
    return 1
