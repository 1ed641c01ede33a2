"""Where a service plugs its own rules into the one workflow.

A service registers a ``ServiceBehaviour`` for its slug. The workflow asks it
whether the service needs the head's approval or has a conversation, lets it
refuse an action (with a message), and tells it after every transition, inside
the transaction.
"""

from django.utils.translation import gettext_lazy as _

CONVERSATION_ACTIONS = frozenset(
    {"message", "propose_meeting", "accept_meeting", "decline_meeting", "reopen"}
)
ORDER_ACTIONS = frozenset({
    "confirm_order", "record_sppd", "issue_billing", "submit_payment", "verify_payment",
    "refuse_payment", "prepare_file", "deliver", "ready_for_pickup", "hand_over", "renew_links",
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


_registry = {}  # service slug -> its behaviour, filled by each service app's ready()
_default = ServiceBehaviour()


def register(behaviour):
    _registry[behaviour.slug] = behaviour


def behaviour_for(request):
    return behaviour_for_service(request.service_kind.slug)


def behaviour_for_service(slug):
    return _registry.get(slug, _default)
