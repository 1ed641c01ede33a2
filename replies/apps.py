from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepliesConfig(AppConfig):
    """Reply templates: short reusable answers an office's staff keep, per office and optionally per
    service, inserted into a return note, a consultation message or a complaint answer. The core shows
    them through its generic hooks and never imports this app."""

    name = "replies"
    verbose_name = _("Templat balasan")

    def ready(self):
        from requests_app.registry import DeskLink, register_text_helper, register_workspace_link

        from .picker import PICKER_TEMPLATE, picker_context

        register_workspace_link(DeskLink(_("Templat balasan"), "replies:list", style="outline-secondary"))
        register_text_helper(PICKER_TEMPLATE, picker_context)
