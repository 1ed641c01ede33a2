"""Emails about a request, in the visitor's language, sent after the transaction commits.

``send_event_notifications(event_id)`` runs in a Celery worker. It marks the event
notified first (so a second run sends nothing) and hands each message to Django's
email backend, which queues the delivery itself (``pst_portal.mail``): a failing
mail server is retried there and never fails a page.
"""
import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from pst_portal import links
from requests_app.deadlines import pause_reason
from requests_app.models import RequestEvent
from requests_app.registry import service_for
from requests_app.workflow import Action

# What the visitor is told, per action.
VISITOR_MESSAGES = {
    Action.SUBMIT: _("Permintaan Anda telah kami terima."),
    Action.RETURN: _("Petugas mengembalikan permintaan Anda untuk diperbaiki. Tenggat dijeda sampai "
                     "Anda mengirim perbaikan."),
    Action.COMPLETE: _("Permintaan Anda telah selesai."),
    Action.APPROVE: _("Permintaan Anda telah selesai dan disetujui kepala kantor."),
    Action.REJECT: _("Permintaan Anda ditolak."),
    Action.CANCEL: _("Permintaan Anda telah dibatalkan atas permintaan Anda."),
    Action.CLOSE_INACTIVE: _("Permintaan Anda ditutup karena tidak ada tanggapan."),
}
# What the office's staff are told, per action: (roles to tell, message).
STAFF_MESSAGES = {
    Action.SUBMIT: ((Role.OFFICER,), _("Ada permintaan baru untuk kantor Anda.")),
    Action.RESUBMIT: ((Role.OFFICER,), _("Pengguna layanan mengirim perbaikan permintaan.")),
    Action.REQUEST_APPROVAL: ((Role.HEAD,), _("Ada permintaan yang menunggu persetujuan Anda.")),
    Action.SEND_BACK: ((Role.OFFICER,), _("Kepala kantor mengembalikan permintaan kepada petugas.")),
}
# These go to the request's officer when it has one (as does every service's own staff message).
TO_ASSIGNED_OFFICER = (Action.RESUBMIT, Action.SEND_BACK)


def _absolute(path):
    return links.absolute(path)


def _visitor_message(event):
    request = event.request
    visitor = request.visitor
    service = service_for(request)
    message = service.visitor_messages.get(event.action) or VISITOR_MESSAGES.get(event.action)
    if visitor is None or message is None:
        return None
    if event.action in service.mutual_actions and event.actor_id == visitor.pk:
        return None  # the visitor's own message
    with translation.override(request.language or settings.LANGUAGE_CODE):
        details, attachments = service.email_details(event, for_staff=False)
    email = visitor_email(request, _Intro(message, service.visitor_message_values(event)), event=event,
                          details=details)
    for attachment in attachments:
        email.attach(*attachment)
    return email


class _Intro:
    """A message whose details are filled in the visitor's language when the email is written."""

    def __init__(self, message, values):
        self.message, self.values = message, values

    def __str__(self):
        return str(self.message) % self.values if self.values else str(self.message)


def visitor_email(request, intro, event=None, details=""):
    """An email to the request's visitor in their language: ``intro``, the request's state, what its
    service adds (``details``), and the event's note and files."""
    visitor = request.visitor
    with translation.override(request.language or settings.LANGUAGE_CODE):
        context = {
            "request": request,
            "event": event,
            "visitor": visitor,
            "intro": intro,
            "details": details,
            "files": [d.original_name for d in event.documents.all()] if event else [],
            "url": _absolute(request.get_absolute_url()),
            "zone": request.office.zone,
            "pause_reason": pause_reason(request),  # a paused clock has no deadline to give
        }
        subject = render_to_string("requests_app/email/visitor_subject.txt", context).strip()
        body = render_to_string("requests_app/email/visitor_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[visitor.email],
                        reply_to=request.office.email_list[:1])


def _staff_notice(event):
    """(roles, message, to the assigned officer only) of the email to staff about ``event``, or None."""
    service = service_for(event.request)
    if event.action in service.staff_messages:
        if event.action in service.mutual_actions and event.actor_id != event.request.visitor_id:
            return None  # the officer's own message
        roles, intro = service.staff_messages[event.action]
        return roles, intro, True
    if event.action in STAFF_MESSAGES:
        roles, intro = STAFF_MESSAGES[event.action]
        return roles, intro, event.action in TO_ASSIGNED_OFFICER
    return None


def _staff_messages(event):
    request = event.request
    notice = _staff_notice(event)
    if notice is None:
        return []
    roles, intro, to_assigned = notice
    staff = request.office.staff.filter(is_active=True, role__in=roles)
    if to_assigned and request.assigned_to_id:
        staff = staff.filter(pk=request.assigned_to_id)
    recipients = list(staff.values_list("email", flat=True))
    if not recipients:
        return []
    # Staff mail is in Indonesian, the office's working language.
    with translation.override(settings.LANGUAGE_CODE):
        details, attachments = service_for(request).email_details(event, for_staff=True)
        context = {"request": request, "event": event, "intro": intro, "details": details,
                   "files": [d.original_name for d in event.documents.all()],
                   "url": _absolute(request.get_staff_url()), "zone": request.office.zone}
        subject = render_to_string("requests_app/email/staff_subject.txt", context).strip()
        body = render_to_string("requests_app/email/staff_body.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, bcc=recipients)
    for attachment in attachments:
        message.attach(*attachment)
    return [message]


def pending_events(before, within=datetime.timedelta(days=3)):
    """Ids of events that should have notified someone by ``before`` and have not (their task was
    never taken by the broker): the outbox drain hands them over again."""
    from requests_app.workflow import every_rule

    notifying = sorted({rule.action for rule in every_rule() if rule.notify})
    return (RequestEvent.objects.filter(notified_at__isnull=True, action__in=notifying, created_at__lt=before,
                                        created_at__gte=before - within)
            .order_by("created_at").values_list("pk", flat=True))


def send_event_notifications(event_id):
    with transaction.atomic():
        claimed = RequestEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            return 0
        event = RequestEvent.objects.select_related(
            "request", "request__office", "request__service_kind", "request__visitor"
        ).get(pk=event_id)
        messages = [m for m in [_visitor_message(event), *_staff_messages(event)] if m is not None]
        for message in messages:
            message.send()
    return len(messages)
