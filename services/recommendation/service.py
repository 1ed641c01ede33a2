"""Where a service plugs its own rules into the one workflow.

A service registers a ``ServiceBehaviour`` for its slug. The workflow asks it
whether the service needs the head's approval or has a conversation, lets it
refuse an action (with a message), and tells it after every transition, inside
the transaction.
"""
from django.utils.translation import gettext_lazy as _

from requests_app.behaviours import ServiceBehaviour


class RecommendationService(ServiceBehaviour):
    """Rekomendasi Kegiatan Statistik: an FS3/FP-KPA form reviewed in rounds, then a letter the office
    head approves (design.md). The clock runs from the form recorded complete."""

    slug = "rekomendasi"

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
        from services.recommendation.recommendations import refusal

        return refusal(request, rule.action)

    def after(self, request, event):
        from services.recommendation.recommendations import record_step

        record_step(request, event)


