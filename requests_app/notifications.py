"""Emails about a request, in the visitor's language, sent after the transaction commits.

``send_events_notifications(event_ids)`` runs in a Celery worker for every event whose rule notifies
(one event for a person's step; a chunk of them for the reminders, escalations and warnings a sweep
writes as the system). It marks the events notified first, in the transaction that writes their
emails (so a second run sends nothing), and hands the messages to Django's email backend in one go,
which queues the delivery itself (``pst_portal.mail``): a failing mail server is retried there and
never fails a page. Every message is rendered by ``emails.render_email``
(a subject, a text and its HTML alternative).
"""
import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from pst_portal import links
from requests_app.actions import Action
from requests_app.deadlines import pause_reason
from requests_app.emails import render_email
from requests_app.models import Reminder, RequestEvent
from requests_app.registry import queue_related, service_for, step_related
from requests_app.reminder_notes import ESCALATION_KINDS, reminder_kind_label, visitor_kinds

logger = logging.getLogger(__name__)
Kind = Reminder.Kind

# What the visitor is told, per action.
VISITOR_MESSAGES = {
    Action.SUBMIT: _("Permintaan Anda telah kami terima."),
    Action.RECORD_REMOTE: _("Permintaan yang Anda sampaikan kepada petugas kami telah dicatat di portal."),
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
    context = {
        "request": request,
        "event": event,
        "visitor": visitor,
        "intro": intro,
        "details": details,
        "note_heading": service_for(request).note_heading(event) if event else "",
        "files": [d.original_name for d in event.documents.all()] if event else [],
        "url": _absolute(request.get_absolute_url()),
        "zone": request.office.zone,
        "pause_reason": pause_reason(request),  # a paused clock has no deadline to give
    }
    return render_email("requests_app/email/visitor", context, request.language or settings.LANGUAGE_CODE,
                        to=[visitor.email], reply_to=request.office.email_list[:1])


class Batch:
    """What the emails of many events share, read once: their ``Reminder`` rows, and each office's
    active staff emails by role (``send_events_notifications``)."""

    def __init__(self, events=()):
        ids = [event.pk for event in events]
        self.reminders = {r.event_id: r for r in Reminder.objects.filter(event_id__in=ids)} if ids else None
        self._staff = {}

    def reminder(self, event):
        if self.reminders is None:
            return Reminder.objects.filter(event=event).first()
        return self.reminders.get(event.pk)

    def staff(self, office, role):
        if (office.pk, role) not in self._staff:
            self._staff[(office.pk, role)] = list(office.staff.filter(is_active=True, role=role)
                                                  .values_list("email", flat=True))
        return self._staff[(office.pk, role)]


def reminder_recipients(request, kind, batch=None):
    """Who a reminder goes to: the visitor; for an escalation the office's active heads (its officers,
    with a warning in the log, when it has none); else the assigned officer, or the office's officers
    when nobody active is assigned."""
    if kind in visitor_kinds():
        return [request.visitor.email] if request.visitor_id else []
    batch = batch or Batch()
    if kind in ESCALATION_KINDS:
        heads = batch.staff(request.office, Role.HEAD)
        if heads:
            return heads
        logger.warning(
            "office %s has no active head: escalation of %s goes to its officers",
            request.office.code,
            request.code,
        )
        return batch.staff(request.office, Role.OFFICER)
    if request.assigned_to_id and request.assigned_to.is_active:
        return [request.assigned_to.email]
    return batch.staff(request.office, Role.OFFICER)


def reminder_message(event, batch=None):
    """The email of a reminder, an escalation or a link-expiry warning (its ``Reminder`` row says
    which, for which deadline, and how many working days)."""
    batch = batch or Batch()
    reminder = batch.reminder(event)
    if reminder is None:
        return None
    request, kind = event.request, reminder.kind
    recipients = reminder_recipients(request, kind, batch)
    if not recipients:
        return None
    is_visitor = kind in visitor_kinds()
    context = {
        "request": request,
        "kind": kind,
        "kind_label": reminder_kind_label(kind),
        "waiting_for": service_for(request).waiting_for(request),  # what else the visitor is asked
        "note": event.note,
        "days": reminder.days,
        "zone": request.office.zone,
        "is_visitor": is_visitor,
        "url": _absolute(request.get_absolute_url() if is_visitor else request.get_staff_url()),
        "deadline": reminder.deadline,
    }
    template = service_for(request).reminder_templates.get(kind, "requests_app/email/reminder")
    language = (request.language if is_visitor else None) or settings.LANGUAGE_CODE
    if is_visitor:
        return render_email(template, context, language, to=recipients)
    return render_email(template, context, language, bcc=recipients)


# Events the scheduled jobs write as the system: each has its own message (a service adds its own).
SYSTEM_MESSAGES = {
    Action.DEADLINE_REMINDER: reminder_message,
    Action.ESCALATION: reminder_message,
    Action.VISITOR_REMINDER: reminder_message,
}


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
               "note_heading": service_for(request).note_heading(event),
               "files": [d.original_name for d in event.documents.all()],
               "url": _absolute(request.get_staff_url()), "zone": request.office.zone}
    message = render_email("requests_app/email/staff", context, settings.LANGUAGE_CODE, bcc=recipients)
    for attachment in attachments:
        message.attach(*attachment)
    return [message]


def pending_events(before, within=datetime.timedelta(days=3)):
    """Ids of events that should have notified someone by ``before`` and have not (their task was
    never taken by the broker): the outbox drain hands them over again."""
    from requests_app.rules import every_rule

    notifying = sorted({rule.action for rule in every_rule() if rule.notify})
    return (RequestEvent.objects.filter(notified_at__isnull=True, action__in=notifying, created_at__lt=before,
                                        created_at__gte=before - within)
            .order_by("created_at").values_list("pk", flat=True))


def send_event_notifications(event_id):
    return send_events_notifications([event_id])


def send_events_notifications(event_ids):
    """The one notifier: the emails of each of ``event_ids`` not yet notified, once. The events are
    claimed (locked, skipping those another worker holds, and marked notified) in the transaction that
    writes their emails to the outbox, so a second run, or one beside it, sends nothing again. What the
    emails share is read once (``Batch``); the outbox rows are written in one insert."""
    with transaction.atomic():
        unclaimed = RequestEvent.objects.filter(pk__in=list(event_ids), notified_at__isnull=True)
        claimed = list(unclaimed.select_for_update(skip_locked=True, of=("self",))
                       .values_list("pk", flat=True))
        if not claimed or not RequestEvent.objects.filter(pk__in=claimed, notified_at__isnull=True).update(
                notified_at=timezone.now()):
            return 0
        related = {"request__" + name for name in ("office", "service_kind", "visitor", "assigned_to",
                                                   "remote_contact", *queue_related(), *step_related())}
        events = list(RequestEvent.objects.filter(pk__in=claimed).select_related(*sorted(related))
                      .order_by("pk"))
        batch = Batch(events)
        messages = [m for event in events for m in _messages(event, batch) if m is not None]
        get_connection().send_messages(messages)  # to the outbox (pst_portal.mail): never SMTP here
    return len(messages)


def _messages(event, batch):
    system_message = service_for(event.request).system_messages.get(event.action) or SYSTEM_MESSAGES.get(
        event.action)
    if system_message is reminder_message:
        return [reminder_message(event, batch)]
    if system_message is not None:
        return [system_message(event)]
    return [_visitor_message(event), *_staff_messages(event)]
