from django.contrib import admin

from pst_portal.admin import ReadOnlyInline, RecordAdmin
from services.product_sales.models import (
    Download,
    Order,
    OrderLine,
    Product,
    ProductVariable,
    TariffRate,
    TariffRegulation,
    ZeroTariffRule,
)


class TariffRateInline(admin.TabularInline):
    model = TariffRate
    extra = 0


class ZeroTariffRuleInline(admin.TabularInline):
    model = ZeroTariffRule
    extra = 0


@admin.register(TariffRegulation)
class TariffRegulationAdmin(admin.ModelAdmin):
    list_display = ("name", "effective_from")
    inlines = [TariffRateInline, ZeroTariffRuleInline]


class ProductVariableInline(admin.TabularInline):
    model = ProductVariable
    extra = 0
    ordering = ("order",)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("title", "office", "kind", "year", "is_active")
    list_filter = ("kind", "office", "is_active")
    search_fields = ("title", "survey", "area", "variables__name", "variables__label")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ProductVariableInline]


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("product", "format", "quantity", "unit", "amount", "rate_label", "file_name", "prepared_at")


@admin.register(Order)
class OrderAdmin(RecordAdmin):
    """Orders are read here; their steps are taken on the request's page."""

    list_display = ("request", "medium", "total", "confirmed_at", "payment_verified_at", "delivered_at")
    list_filter = ("medium", "zero_tariff_applied")
    search_fields = ("request__code", "request__visitor__email", "billing_code")
    inlines = [OrderLineInline]


@admin.register(Download)
class DownloadAdmin(admin.ModelAdmin):
    list_display = ("link", "downloaded_at", "ip_address")
    search_fields = ("link__line__order__request__code",)
    readonly_fields = ("link", "downloaded_at", "ip_address", "user_agent")

    def has_add_permission(self, request):
        return False


