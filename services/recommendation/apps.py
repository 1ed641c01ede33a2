from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationConfig(AppConfig):
    name = "services.recommendation"
    label = "recommendation"
    verbose_name = _("Rekomendasi kegiatan statistik")

    def ready(self):
        from requests_app.registry import register

        from .service import RecommendationService

        register(RecommendationService())

        from django.db.models.signals import post_save

        from pst_portal.page_cache import forget_public_pages

        from .models import Letter

        # The public register lists issued letters.
        post_save.connect(forget_public_pages, sender=Letter, dispatch_uid="public-pages-letter")
