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
