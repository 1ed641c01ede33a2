"""Emails about a request, in the visitor's language, sent after the transaction commits.

``send_event_notifications(event_id)`` runs in a Celery worker for every event whose rule notifies:
the steps of people, and the reminders, escalations and warnings the scheduled jobs write as the
system. It marks the event notified first (so a second run sends nothing) and hands each message to
Django's email backend, which queues the delivery itself (``pst_portal.mail``): a failing mail
server is retried there and never fails a page. Every message is rendered by ``emails.render_email``
(a subject, a text and its HTML alternative).
"""
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from accounts.models import Role
from pst_portal import links

from .deadlines import pause_reason
from .emails import render_email
from .models import Meeting, Reminder, RequestEvent
from .workflow import Action

logger = logging.getLogger(__name__)
Kind = Reminder.Kind
# Reminders the visitor receives (and sees on their timeline); the others go to the office's staff.
VISITOR_KINDS = (Kind.VISITOR_3, Kind.VISITOR_6, Kind.LINK_EXPIRY)

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
    Action.MESSAGE: _("Petugas membalas permintaan Anda."),
    Action.PROPOSE_MEETING: _("Petugas mengusulkan pertemuan lanjutan. Terima atau tolak usulan ini di "
                              "halaman permintaan Anda; undangan kalender terlampir."),
    Action.FILE_AT_DESK: _(
        "Pesanan Anda di meja layanan PST telah dicatat. Bila akun Anda baru dibuat petugas, "
        "buat kata sandi lewat email terpisah untuk mengikuti pesanan dan mengunduh data."),
    Action.CONFIRM_ORDER: _("Petugas mengonfirmasi pesanan Anda dan menetapkan harganya."),
    Action.ISSUE_BILLING: _(
        "Kode billing pesanan Anda telah terbit. Bayar sebelum kode kedaluwarsa, lalu unggah "
        "bukti pembayarannya di halaman pesanan. Tenggat dijeda sampai bukti dikirim."),
    Action.VERIFY_PAYMENT: _("Pembayaran Anda telah diverifikasi. Petugas menyiapkan data pesanan Anda."),
    Action.REFUSE_PAYMENT: _("Petugas tidak dapat menerima bukti pembayaran Anda. Baca alasannya dan unggah "
                             "bukti yang benar."),
    Action.DELIVER: _("Data pesanan Anda siap diunduh. Masuk ke portal dan buka halaman pesanan: tautan "
                      "unduhan hanya untuk akun Anda dan berlaku terbatas."),
    Action.RENEW_LINKS: _("Petugas membuat tautan unduhan baru untuk pesanan Anda."),
    Action.READY_FOR_PICKUP: _("Media berisi data pesanan Anda siap diambil di kantor PST pada jam layanan."),
    Action.HAND_OVER: _("Media pesanan Anda telah diserahkan. Pesanan selesai."),
}
# Where a service says it differently: (service slug, action) -> message.
SERVICE_MESSAGES = {
    ("rekomendasi", Action.FILE_AT_DESK): _(
        "Formulir rekomendasi kegiatan statistik instansi Anda telah direkam petugas di meja layanan PST dan "
        "dinyatakan lengkap; hasil pemeriksaannya paling lambat 30 hari kerja. Bila akun Anda baru dibuat "
        "petugas, buat kata sandi lewat email terpisah untuk mengikuti permintaan ini."),
    ("rekomendasi", Action.RETURN): _(
        "Petugas mengembalikan formulir rekomendasi Anda untuk diperbaiki. Catatan per bagian ada di halaman "
        "permintaan, di samping isian yang perlu diperbaiki. Tenggat dijeda sampai Anda mengirim perbaikan."),
    ("rekomendasi", Action.DECLARE_FEASIBLE): _(
        "Rancangan kegiatan statistik Anda dinyatakan layak. Petugas menyusun surat rekomendasi untuk "
        "disetujui kepala kantor."),
    ("rekomendasi", Action.APPROVE): _(
        "Surat rekomendasi kegiatan statistik Anda telah terbit: nomor %(number)s. Unduh surat di halaman "
        "permintaan. Siapa pun dapat memeriksa keasliannya di %(verify)s."),
}
SILENCE_WARNING = _("Petugas menunggu balasan Anda. Jika tidak ada balasan, konsultasi ini ditutup otomatis "
                    "pada %(date)s. Anda tetap dapat membalas dan membukanya kembali dalam 30 hari.")

# What the office's staff are told, per action: (roles to tell, message).
STAFF_MESSAGES = {
    Action.SUBMIT: ((Role.OFFICER,), _("Ada permintaan baru untuk kantor Anda.")),
    Action.RESUBMIT: ((Role.OFFICER,), _("Pengguna layanan mengirim perbaikan permintaan.")),
    Action.REQUEST_APPROVAL: ((Role.HEAD,), _("Ada permintaan yang menunggu persetujuan Anda.")),
    Action.SEND_BACK: ((Role.OFFICER,), _("Kepala kantor mengembalikan permintaan kepada petugas.")),
    Action.MESSAGE: ((Role.OFFICER,), _("Pengguna layanan mengirim pesan.")),
    Action.ACCEPT_MEETING: ((Role.OFFICER,), _("Pengguna layanan menerima usulan pertemuan.")),
    Action.DECLINE_MEETING: ((Role.OFFICER,), _("Pengguna layanan menolak usulan pertemuan.")),
    Action.REOPEN: ((Role.OFFICER,), _("Pengguna layanan membuka kembali konsultasi.")),
    Action.SUBMIT_PAYMENT: ((Role.OFFICER,), _("Pembeli mengirim bukti pembayaran untuk diverifikasi.")),
}
# Sent by either side: only the other side is told.
BY_VISITOR_ONLY = (Action.MESSAGE,)
TO_ASSIGNED_OFFICER = (Action.RESUBMIT, Action.SEND_BACK, Action.MESSAGE, Action.ACCEPT_MEETING,
                       Action.DECLINE_MEETING, Action.REOPEN, Action.SUBMIT_PAYMENT)


def _absolute(path):
    return links.absolute(path)


def _visitor_message(event):
    request = event.request
    visitor = request.visitor
    if visitor is None or (event.action not in VISITOR_MESSAGES
                           and (request.service_kind.slug, event.action) not in SERVICE_MESSAGES):
        return None
    if event.action in BY_VISITOR_ONLY and event.actor_id == visitor.pk:
        return None  # the visitor's own message
    meeting = event.meetings.first()
    message = _visitor_email(request, _intro(event), event=event, meeting=meeting)
    if meeting is not None:
        message.attach("pertemuan.ics", meeting_ics(meeting), "text/calendar")
    return message


class _Intro:
    """A message whose details are filled in the visitor's language when the email is written."""

    def __init__(self, message, values):
        self.message, self.values = message, values

    def __str__(self):
        return str(self.message) % self.values


def _intro(event):
    request = event.request
    message = SERVICE_MESSAGES.get((request.service_kind.slug, event.action))
    if message is None:
        return VISITOR_MESSAGES[event.action]
    if event.action == Action.APPROVE:
        letter = request.letter
        return _Intro(message, {"number": letter.number, "verify": _absolute(letter.get_verification_url())})
    return message


def _visitor_email(request, intro, event=None, meeting=None):
    visitor = request.visitor
    context = {
        "request": request,
        "event": event,
        "visitor": visitor,
        "intro": intro,
        "meeting": meeting,
        "files": [d.original_name for d in event.documents.all()] if event else [],
        "url": _absolute(request.get_absolute_url()),
        "zone": request.office.zone,
        "pause_reason": pause_reason(request),  # a paused clock has no deadline to give
    }
    return render_email("requests_app/email/visitor", context, request.language or settings.LANGUAGE_CODE,
                        to=[visitor.email], reply_to=request.office.email_list[:1])


def _silence_warning(event):
    """Warn the visitor that their consultation closes in two days without a reply (nothing when they
    answered meanwhile)."""
    from .behaviours import ConsultationBehaviour

    request = event.request
    details = getattr(request, "consultation", None)
    if request.visitor is None or details is None or details.awaiting_visitor_since is None:
        return None
    closes = details.awaiting_visitor_since + ConsultationBehaviour.SILENCE
    with translation.override(request.language or settings.LANGUAGE_CODE):
        intro = SILENCE_WARNING % {"date": request.office.local_time(closes, "j F Y H.i")}
    return _visitor_email(request, intro)


def reminder_recipients(request, kind):
    """Who a reminder goes to: the visitor; for an escalation the office's active heads (its officers,
    with a warning in the log, when it has none); else the assigned officer, or the office's officers
    when nobody active is assigned."""
    if kind in VISITOR_KINDS:
        return [request.visitor.email] if request.visitor_id else []
    staff = request.office.staff.filter(is_active=True)
    if kind == Kind.OVERDUE:
        heads = list(staff.filter(role=Role.HEAD).values_list("email", flat=True))
        if heads:
            return heads
        logger.warning(
            "office %s has no active head: escalation of %s goes to its officers",
            request.office.code,
            request.code,
        )
        return list(staff.filter(role=Role.OFFICER).values_list("email", flat=True))
    if request.assigned_to_id and request.assigned_to.is_active:
        return [request.assigned_to.email]
    return list(staff.filter(role=Role.OFFICER).values_list("email", flat=True))


def _reminder_message(event):
    """The email of a reminder, an escalation or a link-expiry warning (its ``Reminder`` row says
    which, for which deadline, and how many working days)."""
    reminder = Reminder.objects.filter(event=event).first()
    if reminder is None:
        return None
    request, kind = event.request, reminder.kind
    recipients = reminder_recipients(request, kind)
    if not recipients:
        return None
    is_visitor = kind in VISITOR_KINDS
    context = {
        "request": request,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "note": event.note,
        "days": reminder.days,
        "zone": request.office.zone,
        "is_visitor": is_visitor,
        "url": _absolute(request.get_absolute_url() if is_visitor else request.get_staff_url()),
        "deadline": reminder.deadline,
    }
    template = "requests_app/email/link_expiry" if kind == Kind.LINK_EXPIRY else "requests_app/email/reminder"
    language = (request.language if is_visitor else None) or settings.LANGUAGE_CODE
    if is_visitor:
        return render_email(template, context, language, to=recipients)
    return render_email(template, context, language, bcc=recipients)


# Events the scheduled jobs write as the system: each has its own message.
SYSTEM_MESSAGES = {
    Action.DEADLINE_REMINDER: _reminder_message,
    Action.ESCALATION: _reminder_message,
    Action.VISITOR_REMINDER: _reminder_message,
    Action.LINK_EXPIRY_WARNING: _reminder_message,
    Action.SILENCE_WARNING: _silence_warning,
}


def meeting_ics(meeting):
    """An iCalendar invitation for a follow-up meeting (RFC 5545), UTC times."""
    calendar = Calendar()
    calendar.add("prodid", "-//PST BPS//Portal PST//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = Event()
    item.add("uid", f"{meeting.token}@pst.bps.go.id")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", meeting.starts_at)
    item.add("dtend", meeting.ends_at)
    request = meeting.request
    item.add("summary", f"PST {request.office.name}: {request.code}")
    item.add("location", meeting.link or meeting.place or request.office.address)
    if meeting.link:
        item.add("url", meeting.link)
    item.add("description", f"{request.code} — {_absolute(request.get_absolute_url())}")
    calendar.add_component(item)
    return calendar.to_ical()


def _staff_messages(event):
    request = event.request
    if event.action not in STAFF_MESSAGES:
        return []
    if event.action in BY_VISITOR_ONLY and event.actor_id != request.visitor_id:
        return []
    roles, intro = STAFF_MESSAGES[event.action]
    staff = request.office.staff.filter(is_active=True, role__in=roles)
    if event.action in TO_ASSIGNED_OFFICER and request.assigned_to_id:
        staff = staff.filter(pk=request.assigned_to_id)
    recipients = list(staff.values_list("email", flat=True))
    if not recipients:
        return []
    meeting = event.meetings.first() or Meeting.objects.filter(answer_event=event).first()
    context = {"request": request, "event": event, "intro": intro, "meeting": meeting,
               "files": [d.original_name for d in event.documents.all()],
               "url": _absolute(request.get_staff_url()), "zone": request.office.zone}
    # Staff mail is in Indonesian, the office's working language.
    message = render_email("requests_app/email/staff", context, settings.LANGUAGE_CODE, bcc=recipients)
    if meeting is not None and event.action == Action.ACCEPT_MEETING:
        message.attach("pertemuan.ics", meeting_ics(meeting), "text/calendar")
    return [message]


def pending_events(before, within=datetime.timedelta(days=3)):
    """Ids of events that should have notified someone by ``before`` and have not (their task was
    never taken by the broker): the outbox drain hands them over again."""
    from .workflow import RULES

    notifying = [action for action, rule in RULES.items() if rule.notify]
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
        messages = [m for m in _messages(event) if m is not None]
        for message in messages:
            message.send()  # to the outbox (pst_portal.mail): SMTP is never called here
    return len(messages)


def _messages(event):
    system_message = SYSTEM_MESSAGES.get(event.action)
    if system_message is not None:
        return [system_message(event)]
    return [_visitor_message(event), *_staff_messages(event)]
