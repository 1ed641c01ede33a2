from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan dan penilaian")

    def ready(self):
        from requests_app.registry import (
            DeskLink,
            register_request_panel,
            register_workspace_link,
            register_workspace_panel,
        )
        from requests_app.signals import request_event_recorded

        from .panel import PANEL_TEMPLATE, workspace_complaints
        from .ratings import PANEL_TEMPLATE as RATING_PANEL
        from .ratings import on_request_event, request_panel

        register_workspace_link(DeskLink(_("Pengaduan"), "complaints:queue"))
        register_workspace_panel(PANEL_TEMPLATE, workspace_complaints)
        request_event_recorded.connect(on_request_event, dispatch_uid="complaints.ratings.ask")
        register_request_panel(RATING_PANEL, request_panel)
