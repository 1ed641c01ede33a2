"""Where a service plugs its own rules into the one workflow.

A service registers a ``ServiceBehaviour`` for its slug. The workflow asks it
whether the service needs the head's approval or has a conversation, lets it
refuse an action (with a message), and tells it after every transition, inside
the transaction.
"""
import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CONVERSATION_ACTIONS = frozenset(
    {"message", "propose_meeting", "accept_meeting", "decline_meeting", "reopen"}
)


class ServiceBehaviour:
    needs_head_approval = False
    has_conversation = False
    records_walk_ins = False

    def filing_refusal(self, visitor):
        """A message when this visitor may not file this service at all, else None."""
        return None

    def refusal(self, request, rule, actor, note=""):
        """A message when this service forbids ``rule`` now, else None."""
        if rule.action == "submit" and request.visitor_id:
            return self.filing_refusal(request.visitor)
        if rule.action in CONVERSATION_ACTIONS and not self.has_conversation:
            return _("Layanan ini tidak memakai percakapan.")
        if rule.action == "record_walk_in" and (not self.records_walk_ins or request.channel != "walk_in"):
            return _("Hanya konsultasi kunjungan langsung yang dicatat dari meja layanan.")
        if rule.action == "close_inactive" and request.status != "returned" and not self.has_conversation:
            return _("Hanya permintaan yang menunggu perbaikan yang ditutup karena tidak ada tanggapan.")
        return None

    def after(self, request, event):
        """Called inside the transaction after ``event`` was written."""


class ConsultationBehaviour(ServiceBehaviour):
    """Konsultasi Statistik: a conversation; closes itself after 7 days without the visitor's reply;
    a visitor's reply reopens it within 30 days of that closing."""

    has_conversation = True
    records_walk_ins = True
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
        from .models import Consultation

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


class RecommendationBehaviour(ServiceBehaviour):
    # The recommendation letter is approved by the office head (design.md).
    needs_head_approval = True

    def filing_refusal(self, visitor):
        if visitor.segment != "government":
            return _("Rekomendasi kegiatan statistik hanya untuk instansi pemerintah penyelenggara kegiatan "
                     "statistik sektoral. Jika Anda mewakili instansi pemerintah, pilih segmen “Instansi "
                     "pemerintah” di profil Anda.")
        return None


_registry = {"konsultasi": ConsultationBehaviour(), "rekomendasi": RecommendationBehaviour()}
_default = ServiceBehaviour()


def register(slug, behaviour):
    _registry[slug] = behaviour


def behaviour_for(request):
    return behaviour_for_service(request.service_kind.slug)


def behaviour_for_service(slug):
    return _registry.get(slug, _default)
