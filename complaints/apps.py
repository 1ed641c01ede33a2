from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan dan penilaian")

    def ready(self):
        from requests_app.registry import DeskLink, register_workspace_link, register_workspace_panel

        from .panel import PANEL_TEMPLATE, workspace_complaints

        register_workspace_link(DeskLink(_("Pengaduan"), "complaints:queue"))
        register_workspace_panel(PANEL_TEMPLATE, workspace_complaints)
