from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """Offices, hours, versioned service standards with their sections, requirements and steps,
    complaint channels and the working-day calendar: what every service is filed against."""

    name = "services.catalogue"
    label = "catalogue"
    verbose_name = _("Katalog layanan")
