"""Where a service plugs its own rules into the one workflow.

A service registers a ``ServiceBehaviour`` for its slug. The workflow asks it
whether the service needs the head's approval, lets it refuse an action (with
a message), and tells it after every transition, inside the transaction.
"""


class ServiceBehaviour:
    needs_head_approval = False

    def refusal(self, request, rule, actor):
        """A message when this service forbids ``rule`` now, else None."""
        return None

    def after(self, request, event):
        """Called inside the transaction after ``event`` was written."""


class RecommendationBehaviour(ServiceBehaviour):
    # The recommendation letter is approved by the office head (design.md).
    needs_head_approval = True


_registry = {"rekomendasi": RecommendationBehaviour()}
_default = ServiceBehaviour()


def register(slug, behaviour):
    _registry[slug] = behaviour


def behaviour_for(request):
    return _registry.get(request.service_kind.slug, _default)
