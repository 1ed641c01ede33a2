from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """Offices, hours, versioned service standards with their sections, requirements and steps,
    complaint channels and the working-day calendar: what every service is filed against."""

    name = "services.catalogue"
    label = "catalogue"
    verbose_name = _("Katalog layanan")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from pst_portal.page_cache import forget_public_pages

        # Every public page shows the catalogue (offices, standards, hours): a change drops them all.
        for model in self.get_models():
            uid = f"public-pages-{model.__name__}"
            post_save.connect(forget_public_pages, sender=model, dispatch_uid=uid)
            post_delete.connect(forget_public_pages, sender=model, dispatch_uid=uid)
