"""Where a service plugs its own rules into the one workflow.

A service registers a ``ServiceBehaviour`` for its slug. The workflow asks it
whether the service needs the head's approval or has a conversation, lets it
refuse an action (with a message), and tells it after every transition, inside
the transaction.
"""
import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.behaviours import ServiceBehaviour


class ConsultationService(ServiceBehaviour):
    """Konsultasi Statistik: a conversation; closes itself after 7 days without the visitor's reply;
    a visitor's reply reopens it within 30 days of that closing."""

    slug = "konsultasi"

    has_conversation = True
    records_walk_ins = True
    hints = {
        "process": _("Mulai menjawab; pesan pertama Anda di percakapan juga memulainya."),
        "complete": _("Tutup konsultasi dengan ringkasan jawaban (tulis di catatan, wajib)."),
    }
    SILENCE = datetime.timedelta(days=7)
    REOPEN_WITHIN = datetime.timedelta(days=30)

    def refusal(self, request, rule, actor, note=""):
        reason = super().refusal(request, rule, actor, note=note)
        if reason:
            return reason
        if rule.action == "complete" and not note.strip():
            return _("Tuliskan ringkasan jawaban sebelum menutup konsultasi.")
        if rule.action == "reopen" and (request.closed_at is None
                                        or timezone.now() - request.closed_at > self.REOPEN_WITHIN):
            return _("Konsultasi ini ditutup lebih dari 30 hari yang lalu. Silakan ajukan konsultasi baru.")
        if rule.action == "close_inactive" and request.status == "in_process":
            details = getattr(request, "consultation", None)
            if details is None or details.awaiting_visitor_since is None:
                return _("Konsultasi ini tidak sedang menunggu jawaban pengguna layanan.")
        return None

    def after(self, request, event):
        from services.consultation.models import Consultation

        details, _created = Consultation.objects.get_or_create(request=request)
        if event.action in ("message", "propose_meeting") and event.actor_id != request.visitor_id:
            details.awaiting_visitor_since = event.created_at
            details.silence_warning_sent_at = None
        elif event.action in ("message", "reopen", "accept_meeting", "decline_meeting", "resubmit"):
            details.awaiting_visitor_since = None
            details.silence_warning_sent_at = None
        elif event.action in ("complete", "reject", "cancel", "close_inactive"):
            details.awaiting_visitor_since = None
        else:
            return
        details.save(update_fields=["awaiting_visitor_since", "silence_warning_sent_at"])


