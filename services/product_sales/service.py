"""Penjualan Produk Statistik as a service type: an order with lines, a checklist, the SPPD, a price
fixed on confirmation, payment for a paid order, then delivery by private links or pickup."""
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from requests_app import workflow
from requests_app.registry import DeskLink, ServiceType
from services.product_sales import rules as own_rules
from services.product_sales.rules import AWAITING_PAYMENT, SERVICE_SLUG, STEP_ACTIONS, Action


class ProductSalesService(ServiceType):
    slug = SERVICE_SLUG
    rules = own_rules.RULES
    event_labels = own_rules.EVENT_LABELS
    visitor_messages = own_rules.VISITOR_MESSAGES
    staff_messages = own_rules.STAFF_MESSAGES
    hints = {
        "return": _("Abstraksi tidak sesuai dengan data yang diminta: minta pembeli memperbaikinya (tulis "
                    "catatannya); tenggat dijeda."),
    }
    visitor_panels = {"main": ("product_sales/_visitor_panel.html",),
                      "requirements": ("product_sales/_order_checklist.html",)}
    staff_panels = {"main": ("product_sales/_staff_panel.html",),
                    "requirements": ("product_sales/_order_checklist.html",)}
    ticket_prefix = "P"
    walk_in_url = "product_sales:walk_in_order"
    desk_links = (DeskLink(_("Pesanan produk di meja layanan"), "product_sales:walk_in_order"),)

    statuses = own_rules.STATUSES
    open_statuses = waiting_statuses = (AWAITING_PAYMENT,)
    reminder_kinds = (("link_expiry", _("Pengingat pembeli: tautan unduhan segera kedaluwarsa")),)
    step_related = ("order",)
    reminder_templates = {"link_expiry": "product_sales/email/link_expiry"}
    visitor_reminder_kinds = ("link_expiry",)

    @property
    def note_texts(self):
        from services.product_sales.notes import NOTE_TEXTS

        return NOTE_TEXTS

    @property
    def system_messages(self):
        from requests_app.notifications import reminder_message

        return {Action.LINK_EXPIRY_WARNING: reminder_message}

    def pause_reason(self, service_request):
        if service_request.status == AWAITING_PAYMENT:
            return _("menunggu pembayaran Anda")
        order = getattr(service_request, "order", None)
        if order is not None and order.ready_for_pickup_at:
            return _("menunggu Anda mengambil media pesanan di kantor")
        return None

    def waiting_for(self, service_request):
        if service_request.status == AWAITING_PAYMENT:
            return _("Pesanan Anda menunggu pembayaran: bayar dengan kode billing, lalu unggah buktinya.")
        return ""

    def filing_refusal(self, visitor):
        from services.product_sales.orders import valid_npwp

        if visitor.segment == "private" and not valid_npwp(visitor.npwp):
            return _("Pembeli dari segmen swasta memerlukan NPWP yang masih aktif untuk faktur. Isi NPWP di "
                     "profil Anda, lalu kembali ke pesanan.")
        return None

    def refusal(self, request, rule, actor, note=""):
        reason = super().refusal(request, rule, actor, note=note)
        if reason:
            return reason
        if rule.action in ("process", "mark_complete"):
            # One step starts an order: the officer checks it and fixes its price, and the clock starts.
            return _("Pesanan dimulai dengan “Konfirmasi pesanan dan harga”: langkah itu menetapkan harga "
                     "dan memulai tenggat.")
        order = getattr(request, "order", None)
        if order is None:
            if rule.action in STEP_ACTIONS or rule.action == "submit":
                return _("Pesanan ini tidak memiliki rincian produk.")
            return None
        return order_refusal(request, order, rule.action) or delivery_refusal(request, order, rule.action)

    def step(self, request, event, data):
        from services.product_sales.orders import record_step

        record_step(request, event, data)

    # Filing: an order is started from a product's page; its draft is edited on its own page.
    def filing_elsewhere(self, request, standard):
        from services.product_sales.orders import existing_draft

        draft = existing_draft(request.user, standard.office)
        if draft is not None:
            return redirect("product_sales:order_edit", draft.code)
        return redirect(f"{reverse('product_sales:products')}?{urlencode({'kantor': standard.office.code})}")

    def check_page(self, request, draft):
        from services.product_sales.views import order_check

        return order_check(request, draft)

    def edit_url(self, draft):
        return reverse("product_sales:order_edit", args=[draft.code])

    def answer_form_class(self, service_request):
        from services.product_sales.forms import OrderAnswerForm

        return OrderAnswerForm

    def answer_initial(self, service_request):
        order = getattr(service_request, "order", None)
        return {"abstract": order.abstract if order else ""}

    def answer_return(self, request, actor, data, language=None):
        from services.product_sales.orders import answer_return

        return answer_return(request, actor, data["note"], data["files"], data["version"],
                             abstract=data["abstract"], language=language)

    # Pages
    def page_context(self, user, service_request):
        from services.product_sales.pages import order_context

        if not hasattr(service_request, "order"):
            return {}
        return {**order_context(user, service_request), "show_npwp": True}

    def visitor_context(self, request, service_request, forms):
        from services.product_sales.forms import PaymentProofForm

        return {
            "payment_form": forms.get("payment_form") or PaymentProofForm(
                initial={"version": service_request.version}, auto_id="payment_%s"),
            "can_pay": workflow.may(service_request, Action.SUBMIT_PAYMENT, request.user),
        }

    def staff_context(self, request, service_request, forms):
        if not hasattr(service_request, "order"):
            return {}
        from requests_app.uploads import DELIVERY_ACCEPT_ATTRIBUTE
        from services.product_sales.views import staff_order_forms

        return {
            "order_forms": staff_order_forms(service_request, forms.get("order_forms")),
            "delivery_accept": DELIVERY_ACCEPT_ATTRIBUTE,
            "order_steps": {rule.action for rule in workflow.allowed_actions(
                service_request, request.user, STEP_ACTIONS)},
        }

    def visitor_task(self, service_request):
        from requests_app.pages import VisitorTask, latest_event

        order = getattr(service_request, "order", None)
        status = service_request.status
        if order is None:
            return None
        if status == AWAITING_PAYMENT:
            asked = latest_event(service_request, (Action.ISSUE_BILLING, Action.REFUSE_PAYMENT))
            return VisitorTask(_("Pesanan ini menunggu pembayaran Anda"), asked.display_note if asked else "",
                               asked.created_at if asked else None, order.billing_expires_at,
                               _("Bayar sebelum kode billing kedaluwarsa:"), _("Kirim bukti pembayaran"),
                               "#payment-heading")
        if order.ready_for_pickup_at and status in workflow.WORKING:
            told = latest_event(service_request, (Action.READY_FOR_PICKUP,))
            return VisitorTask(_("Media pesanan Anda siap diambil di kantor"),
                               told.display_note if told else "",
                               told.created_at if told else None, None, "", _("Lihat pesanan"), "#pesanan")
        return None


    def create_demo(self):
        from services.product_sales.demo import create_demo_orders

        return create_demo_orders()

def order_refusal(request, order, action):
    """An order's conditions on submitting, confirming, returning, cancelling and paying."""
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
    return None


def delivery_refusal(request, order, action):
    """An order's conditions on delivering (links or pickup)."""
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

