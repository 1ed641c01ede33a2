"""Where a service plugs its own rules into the one workflow.

A service registers a ``ServiceBehaviour`` for its slug. The workflow asks it
whether the service needs the head's approval or has a conversation, lets it
refuse an action (with a message), and tells it after every transition, inside
the transaction.
"""
from django.utils.translation import gettext_lazy as _

from requests_app.behaviours import ORDER_ACTIONS, ServiceBehaviour


class ProductSalesService(ServiceBehaviour):
    """Penjualan Produk Statistik: an order with lines, a checklist, the SPPD, a price fixed on
    confirmation, payment for a paid order, then delivery by private links or pickup."""

    slug = "penjualan-produk"

    sells_products = True
    files_at_desk = True
    hints = {
        "return": _("Abstraksi tidak sesuai dengan data yang diminta: minta pembeli memperbaikinya (tulis "
                    "catatannya); tenggat dijeda."),
    }

    def filing_refusal(self, visitor):
        from services.product_sales.orders import valid_npwp

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
            from services.product_sales.orders import unmet

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
            from services.product_sales.orders import unmet

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
        from services.product_sales.orders import record_step

        record_step(request, event)


