from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The walk-in desk: queue tickets, desks calling them, the display board, the 10-minute measure.
    It serves every registered service and names none of them."""

    name = "desk"
    verbose_name = _("Loket antrean")

    def ready(self):
        from requests_app.registry import DeskLink, register_workspace_link, register_workspace_panel
        from requests_app.signals import walk_in_form_opened, walk_in_recorded

        from .figures import PANEL_TEMPLATE, workspace_figures
        from .request_link import guest_of_ticket, link_ticket

        register_workspace_link(DeskLink(_("Loket antrean"), "desk:home"))
        register_workspace_panel(PANEL_TEMPLATE, workspace_figures)
        walk_in_recorded.connect(link_ticket, dispatch_uid="desk.link_ticket")
        walk_in_form_opened.connect(guest_of_ticket, dispatch_uid="desk.guest_of_ticket")
