from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductSalesConfig(AppConfig):
    name = "services.product_sales"
    label = "product_sales"
    verbose_name = _("Penjualan produk statistik")

    def ready(self):
        from requests_app.registry import register

        from .service import ProductSalesService

        register(ProductSalesService())
