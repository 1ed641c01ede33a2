from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Permintaan layanan")

    def ready(self):
        from pst_portal.outbox import drain_requested
        from requests_app.notify_tasks import hand_over_pending_events

        drain_requested.connect(hand_over_pending_events, dispatch_uid="requests_app.pending_events")
