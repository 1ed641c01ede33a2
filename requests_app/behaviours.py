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
    {"message", "propose_meeting", "accept_meeting", "decline_meeting", "reopen", "silence_warning"}
)
ORDER_ACTIONS = frozenset({
    "confirm_order", "record_sppd", "issue_billing", "submit_payment", "verify_payment",
    "refuse_payment", "prepare_file", "deliver", "ready_for_pickup", "hand_over", "renew_links",
    "link_expiry_warning",
})
RECOMMENDATION_ACTIONS = frozenset({"declare_feasible", "draft_letter"})


class ServiceBehaviour:
    needs_head_approval = False
    has_conversation = False
    records_walk_ins = False
    sells_products = False
    files_at_desk = False  # a walk-in request recorded by the officer, then filed at the desk
    recommends = False
    # State actions this service takes through a panel of its own (they carry content the plain
    # buttons of the staff page cannot): the page does not offer them as buttons, nor accepts them.
    panel_actions = frozenset()
    # What an action does for this service, where it differs from the workflow's own hint.
    hints = {}

    def hint(self, rule):
        """One line beside the action's button on the staff page."""
        return self.hints.get(rule.action, rule.hint)

    def filing_refusal(self, visitor):
        """A message when this visitor may not file this service at all, else None."""
        return None

    def refusal(self, request, rule, actor, note=""):
        """A message when this service forbids ``rule`` now, else None."""
        if rule.action == "submit" and request.visitor_id:
            return self.filing_refusal(request.visitor)
        if rule.action in CONVERSATION_ACTIONS and not self.has_conversation:
            return _("Layanan ini tidak memakai percakapan.")
        if rule.action in ORDER_ACTIONS and not self.sells_products:
            return _("Tindakan ini hanya untuk pesanan produk statistik.")
        if rule.action in RECOMMENDATION_ACTIONS and not self.recommends:
            return _("Tindakan ini hanya untuk rekomendasi kegiatan statistik.")
        if rule.action == "file_at_desk" and (not self.files_at_desk or request.channel != "walk_in"):
            return _("Hanya permintaan kunjungan langsung yang dicatat di meja layanan.")
        if rule.action == "record_walk_in" and (not self.records_walk_ins or request.channel != "walk_in"):
            return _("Hanya konsultasi kunjungan langsung yang dicatat dari meja layanan.")
        if rule.action == "close_inactive" and request.status != "returned" and not self.has_conversation:
            return _("Hanya permintaan yang menunggu perbaikan yang ditutup karena tidak ada tanggapan.")
        return None

    def clock(self, rule):
        """What ``rule`` does to the clock for this service (the rule's own setting by default)."""
        return rule.clock

    def after(self, request, event):
        """Called inside the transaction after ``event`` was written."""


class ConsultationBehaviour(ServiceBehaviour):
    """Konsultasi Statistik: a conversation; closes itself after 7 days without the visitor's reply;
    a visitor's reply reopens it within 30 days of that closing."""

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
    """Rekomendasi Kegiatan Statistik: an FS3/FP-KPA form reviewed in rounds, then a letter the office
    head approves (design.md). The clock runs from the form recorded complete."""

    needs_head_approval = True
    files_at_desk = True
    recommends = True
    panel_actions = frozenset({"return", "request_approval"})  # notes per section; the letter's text

    def filing_refusal(self, visitor):
        if visitor.segment != "government":
            return _("Rekomendasi kegiatan statistik hanya untuk instansi pemerintah penyelenggara kegiatan "
                     "statistik sektoral. Jika Anda mewakili instansi pemerintah, pilih segmen “Instansi "
                     "pemerintah” di profil Anda.")
        if not (visitor.institution and visitor.agency_unit):
            return _("Isi nama instansi dan unit kerja Anda di profil: surat rekomendasi ditujukan kepada "
                     "instansi penyelenggara.")
        return None

    def clock(self, rule):
        # The walk-in agency's form is recorded complete at the desk: its 30 working days start then.
        return "start" if rule.action == "file_at_desk" else rule.clock

    def refusal(self, request, rule, actor, note=""):
        reason = super().refusal(request, rule, actor, note=note)
        if reason:
            return reason
        from .recommendations import refusal

        return refusal(request, rule.action)

    def after(self, request, event):
        from .recommendations import record_step

        record_step(request, event)


class ProductSalesBehaviour(ServiceBehaviour):
    """Penjualan Produk Statistik: an order with lines, a checklist, the SPPD, a price fixed on
    confirmation, payment for a paid order, then delivery by private links or pickup."""

    sells_products = True
    files_at_desk = True
    hints = {
        "return": _("Abstraksi tidak sesuai dengan data yang diminta: minta pembeli memperbaikinya (tulis "
                    "catatannya); tenggat dijeda."),
    }

    def filing_refusal(self, visitor):
        from .orders import valid_npwp

        if visitor.segment == "private" and not valid_npwp(visitor.npwp):
            return _("Pembeli dari segmen swasta memerlukan NPWP yang masih aktif untuk faktur. Isi NPWP di "
                     "profil Anda, lalu kembali ke pesanan.")
        return None

    def refusal(self, request, rule, actor, note=""):  # noqa: C901 - one rule per action, in order
        reason = super().refusal(request, rule, actor, note=note)
        if reason:
            return reason
        if rule.action in ("process", "mark_complete"):
            # One step starts an order: the officer checks it and fixes its price, and the clock starts.
            return _("Pesanan dimulai dengan “Konfirmasi pesanan dan harga”: langkah itu menetapkan harga "
                     "dan memulai tenggat.")
        order = getattr(request, "order", None)
        if order is None:
            if rule.action in ORDER_ACTIONS or rule.action in ("submit", "file_at_desk"):
                return _("Pesanan ini tidak memiliki rincian produk.")
            return None
        action = rule.action
        if action == "submit":
            from .orders import unmet

            missing = unmet(request)
            if missing:
                return _("Belum lengkap: %(items)s.") % {"items": "; ".join(str(i.label) for i in missing)}
            if order.zero_rule_id and order.zero_evidence_id is None:
                return _("Unggah bukti untuk tarif Rp0 yang Anda minta, atau batalkan permintaan tarif Rp0.")
        if action == "record_sppd" and request.channel != "walk_in":
            return _("Pembeli daring menyetujui SPPD di portal.")
        if action == "complete":
            return _("Pesanan selesai saat data dikirim atau media diserahkan.")
        if action == "return" and order.is_confirmed:
            return _("Pesanan yang sudah dikonfirmasi tidak dikembalikan; tolak dengan alasan bila perlu.")
        if action == "cancel" and order.payment_verified_at:
            return _("Pembayaran pesanan ini sudah diverifikasi. Hubungi petugas untuk membatalkannya.")
        if action == "confirm_order":
            from .orders import unmet

            if order.is_confirmed:
                return _("Pesanan ini sudah dikonfirmasi.")
            missing = unmet(request, ignore=("email",))
            if missing:
                return _("Belum lengkap: %(items)s.") % {"items": "; ".join(str(i.label) for i in missing)}
        if action in ("issue_billing", "submit_payment", "verify_payment", "refuse_payment") and \
                not order.is_confirmed:
            return _("Konfirmasi pesanan dan harganya lebih dulu.")
        if action == "issue_billing" and (order.total == 0 or order.payment_verified_at):
            return _("Pesanan ini tidak menunggu pembayaran.")
        if action == "issue_billing" and order.awaits_payment_check:
            return _("Periksa bukti pembayaran yang sudah dikirim lebih dulu.")
        if action in ("verify_payment", "refuse_payment") and not order.awaits_payment_check:
            return _("Belum ada bukti pembayaran yang menunggu pemeriksaan.")
        delivering = action in ("prepare_file", "deliver", "ready_for_pickup", "hand_over")
        if delivering and not order.is_paid_or_free:
            return _("Pesanan dikirim setelah dikonfirmasi dan, bila berbayar, pembayarannya diverifikasi.")
        if action in ("prepare_file", "deliver", "renew_links") and order.medium != order.Medium.DOWNLOAD:
            return _("Pesanan ini diambil di kantor dalam media fisik.")
        if action in ("ready_for_pickup", "hand_over") and order.medium != order.Medium.PHYSICAL:
            return _("Pesanan ini dikirim lewat tautan unduhan.")
        if action == "deliver" and order.lines.filter(file="").exists():
            return _("Lampirkan berkas untuk setiap produk sebelum mengirim tautan unduhan.")
        if action == "deliver" and request.visitor_id is None:
            return _("Pesanan ini tidak memiliki akun pembeli untuk menerima tautan.")
        if action == "ready_for_pickup" and order.ready_for_pickup_at:
            return _("Pembeli sudah diberi tahu bahwa media siap diambil.")
        if action == "hand_over" and not order.ready_for_pickup_at:
            return _("Beri tahu pembeli bahwa media siap diambil lebih dulu.")
        if action == "renew_links" and not order.delivered_at:
            return _("Pesanan ini belum dikirim.")
        return None

    def after(self, request, event):
        from .orders import record_step

        record_step(request, event)


_registry = {"konsultasi": ConsultationBehaviour(), "rekomendasi": RecommendationBehaviour(),
             "penjualan-produk": ProductSalesBehaviour()}
_default = ServiceBehaviour()


def register(slug, behaviour):
    _registry[slug] = behaviour


def behaviour_for(request):
    return behaviour_for_service(request.service_kind.slug)


def behaviour_for_service(slug):
    return _registry.get(slug, _default)
