from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project's own plumbing: the email outbox and the record of periodic jobs."""

    name = "pst_portal"
    verbose_name = "Portal PST"
    default_auto_field = "django.db.models.BigAutoField"
