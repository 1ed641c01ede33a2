"""Where a service plugs its own rules into the one workflow.

A service registers a ``ServiceBehaviour`` for its slug. The workflow asks it
whether the service needs the head's approval, lets it refuse an action (with
a message), and tells it after every transition, inside the transaction.
"""
from django.utils.translation import gettext_lazy as _


class ServiceBehaviour:
    needs_head_approval = False

    def filing_refusal(self, visitor):
        """A message when this visitor may not file this service at all, else None."""
        return None

    def refusal(self, request, rule, actor):
        """A message when this service forbids ``rule`` now, else None."""
        if rule.action == "submit" and request.visitor_id:
            return self.filing_refusal(request.visitor)
        return None

    def after(self, request, event):
        """Called inside the transaction after ``event`` was written."""


class RecommendationBehaviour(ServiceBehaviour):
    # The recommendation letter is approved by the office head (design.md).
    needs_head_approval = True

    def filing_refusal(self, visitor):
        if visitor.segment != "government":
            return _("Rekomendasi kegiatan statistik hanya untuk instansi pemerintah penyelenggara kegiatan "
                     "statistik sektoral. Jika Anda mewakili instansi pemerintah, pilih segmen “Instansi "
                     "pemerintah” di profil Anda.")
        return None


_registry = {"rekomendasi": RecommendationBehaviour()}
_default = ServiceBehaviour()


def register(slug, behaviour):
    _registry[slug] = behaviour


def behaviour_for(request):
    return behaviour_for_service(request.service_kind.slug)


def behaviour_for_service(slug):
    return _registry.get(slug, _default)
