from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan dan penilaian")

    def ready(self):
        from requests_app.registry import register_request_panel
        from requests_app.signals import request_event_recorded

        from .ratings import PANEL_TEMPLATE, on_request_event, request_panel

        request_event_recorded.connect(on_request_event, dispatch_uid="complaints.ratings.ask")
        register_request_panel(PANEL_TEMPLATE, request_panel)
