"""Rekomendasi Kegiatan Statistik as a service type: an FS3/FP-KPA form reviewed in rounds, then a letter
the office head approves (design.md). The clock runs from the form recorded complete."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from requests_app.models import Status
from requests_app.registry import DeskLink, ServiceType
from services.recommendation import rules as own_rules
from services.recommendation.rules import SERVICE_SLUG, Action


class RecommendationService(ServiceType):
    slug = SERVICE_SLUG
    rules = own_rules.RULES
    event_labels = own_rules.EVENT_LABELS
    visitor_messages = own_rules.VISITOR_MESSAGES
    needs_head_approval = True
    panel_actions = frozenset({Action.RETURN, Action.REQUEST_APPROVAL})  # notes per section; the letter
    visitor_panels = {"main": ("recommendation/_visitor_panel.html",),
                      "answer_hint": ("recommendation/_answer_hint.html",)}
    staff_panels = {"main": ("recommendation/_staff_panel.html",)}
    approval_related = ("letter",)
    step_related = ("letter", "recommendation")
    ticket_prefix = "R"
    walk_in_url = "recommendation:walk_in_recommendation"
    desk_links = (DeskLink(_("Rekomendasi di meja layanan"), "recommendation:walk_in_recommendation"),)

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
        return "start" if rule.action == Action.FILE_AT_DESK else rule.clock

    def refusal(self, request, rule, actor, note=""):
        reason = super().refusal(request, rule, actor, note=note)
        if reason:
            return reason
        if rule.action == Action.EDIT_FORM:
            return edit_refusal(request, actor)
        from services.recommendation.recommendations import refusal

        return refusal(request, rule.action)

    def step(self, request, event, data):
        from services.recommendation.recommendations import record_step

        record_step(request, event, data)

    def approval_title(self, service_request):
        letter = getattr(service_request, "letter", None)
        return letter.subject if letter is not None else ""

    def visitor_message_values(self, event):
        if event.action != Action.APPROVE:
            return {}
        from pst_portal import links

        letter = event.request.letter
        return {"number": letter.number, "verify": links.absolute(letter.get_verification_url())}

    def start_filing(self, request, standard):
        from services.recommendation.views import start

        return start(request, standard)

    def check_page(self, request, draft):
        from services.recommendation.views import check

        return check(request, draft) if hasattr(draft, "recommendation") else None

    def answer_target(self, service_request):
        return _("Perbaiki formulir"), reverse("recommendation:recommendation_form",
                                               args=[service_request.code])

    def visitor_context(self, request, service_request, forms):
        if not hasattr(service_request, "recommendation"):
            return {}
        from services.recommendation.views import visitor_context

        return visitor_context(request, service_request)

    def staff_context(self, request, service_request, forms):
        if not hasattr(service_request, "recommendation"):
            return {}
        from services.recommendation.views import staff_context

        return staff_context(service_request, request.user, **(forms.get("recommendation_forms") or {}))


    def create_demo(self):
        from services.recommendation.demo import create_demo_recommendations

        return create_demo_recommendations()

def edit_refusal(request, actor):
    """The agency edits its online draft and its returned form; the officer only a walk-in draft."""
    if getattr(actor, "pk", None) == request.visitor_id:
        if request.status == Status.DRAFT and request.channel != "online":
            return _("Formulir ini sedang direkam petugas di meja layanan.")
        return None
    if request.status != Status.DRAFT or request.channel != "walk_in":
        return _("Petugas merekam formulir instansi hanya di meja layanan, sebelum dicatat.")
    return None
