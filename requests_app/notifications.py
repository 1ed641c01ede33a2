"""Emails about a request, in the visitor's language, sent after the transaction commits.

``send_event_notifications(event_id)`` runs in a Celery worker. It marks the event
notified first (so a second run sends nothing) and hands each message to Django's
email backend, which queues the delivery itself (``pst_portal.mail``): a failing
mail server is retried there and never fails a page.
"""
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .models import RequestEvent
from .workflow import Action

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


def _absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _visitor_message(event):
    request = event.request
    visitor = request.visitor
    if visitor is None or event.action not in VISITOR_MESSAGES:
        return None
    with translation.override(request.language or settings.LANGUAGE_CODE):
        context = {
            "request": request,
            "event": event,
            "visitor": visitor,
            "intro": VISITOR_MESSAGES[event.action],
            "url": _absolute(request.get_absolute_url()),
            "zone": request.office.zone,
        }
        subject = render_to_string("requests_app/email/visitor_subject.txt", context).strip()
        body = render_to_string("requests_app/email/visitor_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[visitor.email],
                        reply_to=request.office.email_list[:1])


def _staff_messages(event):
    request = event.request
    if event.action not in STAFF_MESSAGES:
        return []
    roles, intro = STAFF_MESSAGES[event.action]
    staff = request.office.staff.filter(is_active=True, role__in=roles)
    if event.action in (Action.RESUBMIT, Action.SEND_BACK) and request.assigned_to_id:
        staff = staff.filter(pk=request.assigned_to_id)
    recipients = list(staff.values_list("email", flat=True))
    if not recipients:
        return []
    # Staff mail is in Indonesian, the office's working language.
    with translation.override(settings.LANGUAGE_CODE):
        context = {"request": request, "event": event, "intro": intro,
                   "url": _absolute(request.get_staff_url()), "zone": request.office.zone}
        subject = render_to_string("requests_app/email/staff_subject.txt", context).strip()
        body = render_to_string("requests_app/email/staff_body.txt", context)
    return [EmailMessage(" ".join(subject.split()), body, bcc=recipients)]


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
