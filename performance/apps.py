from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    """The office's performance: daily figures kept by the workflow's signal and a nightly job, the head's
    dashboard, the officer's own figures, their exports and the public figures. Serves every service and
    names none."""

    name = "performance"
    verbose_name = _("Kinerja layanan")

    def ready(self):
        from requests_app.registry import register_workspace_panel
        from requests_app.signals import request_event_recorded

        from .aggregates import on_request_event
        from .views import PANEL_TEMPLATE, workspace_panel

        register_workspace_panel(PANEL_TEMPLATE, workspace_panel)
        request_event_recorded.connect(on_request_event, dispatch_uid="performance.on_request_event")
