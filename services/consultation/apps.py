from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "services.consultation"
    label = "consultation"
    verbose_name = _("Konsultasi statistik")

    def ready(self):
        from requests_app.registry import register

        from .service import ConsultationService

        register(ConsultationService())
