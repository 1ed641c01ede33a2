"""Product sales' own steps: an order filed at the desk, confirmed with its price, the SPPD, billing and
payment, then delivery by private links or pickup (``workflow.Rule``s, registered by
``services.product_sales.service``)."""
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from requests_app import workflow
from requests_app.models import Status
from requests_app.workflow import NONE, OFFICER, OPTIONAL, REQUIRED, SYSTEM, VISITOR, WORKING, Rule

SERVICE_SLUG = "penjualan-produk"  # the catalogue's ServiceKind
# The order's own status: billed, its clock paused until the buyer sends the payment proof.
AWAITING_PAYMENT = "awaiting_payment"
STATUSES = ((AWAITING_PAYMENT, _("Menunggu pembayaran")),)


class Action(workflow.Action):
    """The core's actions and this service's own."""

    FILE_AT_DESK = "file_at_desk"
    CONFIRM_ORDER = "confirm_order"
    RECORD_SPPD = "record_sppd"
    ISSUE_BILLING = "issue_billing"
    SUBMIT_PAYMENT = "submit_payment"
    VERIFY_PAYMENT = "verify_payment"
    REFUSE_PAYMENT = "refuse_payment"
    PREPARE_FILE = "prepare_file"
    DELIVER = "deliver"
    READY_FOR_PICKUP = "ready_for_pickup"
    HAND_OVER = "hand_over"
    RENEW_LINKS = "renew_links"
    LINK_EXPIRY_WARNING = "link_expiry_warning"  # the system, before the buyer's links expire


RULES = (
    Rule(Action.FILE_AT_DESK, _("Catat pesanan di meja layanan"), (Status.DRAFT,), frozenset({OFFICER}),
         Status.SUBMITTED, note=NONE, notify=True, files=True, walk_in_only=True),
    Rule(Action.CONFIRM_ORDER, _("Konfirmasi pesanan dan harga"), WORKING, frozenset({OFFICER}),
         Status.IN_PROCESS, clock="start", notify=True, style="success", takes_request=True),
    Rule(Action.RECORD_SPPD, _("Catat SPPD bertanda tangan"), WORKING, frozenset({OFFICER}),
         note=OPTIONAL, versioned=True),
    Rule(Action.ISSUE_BILLING, _("Terbitkan kode billing"), (Status.IN_PROCESS, AWAITING_PAYMENT),
         frozenset({OFFICER}), AWAITING_PAYMENT, clock="pause", notify=True, style="primary"),
    Rule(Action.SUBMIT_PAYMENT, _("Kirim bukti pembayaran"), (AWAITING_PAYMENT,),
         frozenset({VISITOR, OFFICER}), Status.IN_PROCESS, clock="resume", notify=True, style="primary"),
    Rule(Action.VERIFY_PAYMENT, _("Pembayaran sah"), (Status.IN_PROCESS,), frozenset({OFFICER}),
         notify=True, style="success", versioned=True),
    Rule(Action.REFUSE_PAYMENT, _("Bukti pembayaran tidak sah"), (Status.IN_PROCESS,),
         frozenset({OFFICER}), AWAITING_PAYMENT, note=REQUIRED, clock="pause", notify=True,
         style="warning"),
    Rule(Action.PREPARE_FILE, _("Lampirkan berkas pesanan"), (Status.IN_PROCESS,), frozenset({OFFICER}),
         internal=True, versioned=True),
    Rule(Action.DELIVER, _("Kirim tautan unduhan"), (Status.IN_PROCESS,), frozenset({OFFICER}),
         Status.COMPLETED, clock="stop", notify=True, style="success"),
    Rule(Action.READY_FOR_PICKUP, _("Media siap diambil"), (Status.IN_PROCESS,), frozenset({OFFICER}),
         clock="pause", notify=True, style="primary"),
    Rule(Action.HAND_OVER, _("Media telah diserahkan"), (Status.IN_PROCESS,), frozenset({OFFICER}),
         Status.COMPLETED, clock="stop", notify=True, style="success", closing=True),
    Rule(Action.RENEW_LINKS, _("Buat tautan unduhan baru"), (Status.COMPLETED,), frozenset({OFFICER}),
         notify=True, versioned=True),
    Rule(Action.LINK_EXPIRY_WARNING, _("Pengingat tautan unduhan segera kedaluwarsa"),
         (Status.COMPLETED,), frozenset({SYSTEM}), notify=True),
)
# Each with its own form in the order panel (the system's reminder is no step of the officer's).
STEP_ACTIONS = tuple(sorted(rule.action for rule in RULES if SYSTEM not in rule.actors))

EVENT_LABELS = {
    Action.FILE_AT_DESK: _("Dicatat di meja layanan"),
    Action.CONFIRM_ORDER: _("Pesanan dan harga dikonfirmasi petugas"),
    Action.RECORD_SPPD: _("SPPD bertanda tangan dicatat"),
    Action.ISSUE_BILLING: _("Kode billing diterbitkan; menunggu pembayaran"),
    Action.SUBMIT_PAYMENT: _("Bukti pembayaran dikirim"),
    Action.VERIFY_PAYMENT: _("Pembayaran diverifikasi"),
    Action.REFUSE_PAYMENT: _("Bukti pembayaran tidak diterima"),
    Action.PREPARE_FILE: _("Berkas pesanan dilampirkan"),
    Action.DELIVER: _("Tautan unduhan dikirim; pesanan selesai"),
    Action.READY_FOR_PICKUP: _("Media siap diambil di kantor"),
    Action.HAND_OVER: _("Media diserahkan; pesanan selesai"),
    Action.RENEW_LINKS: _("Tautan unduhan baru dibuat"),
    Action.LINK_EXPIRY_WARNING: _("Pengingat kepada pengguna layanan"),
}

VISITOR_MESSAGES = {
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

STAFF_MESSAGES = {
    Action.SUBMIT_PAYMENT: ((Role.OFFICER,), _("Pembeli mengirim bukti pembayaran untuk diverifikasi.")),
}
