"""Ratings in Django admin, for the system administrator: read-only (a visitor's answers are never edited),
the invite's token hash never shown."""
from django.contrib import admin

from .rating_models import ELEMENT_NAMES, Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("office", "local_date", "service_slug", "channel", "request", "ticket", *ELEMENT_NAMES)
    list_filter = ("office", "service_slug", "channel")
    list_select_related = ("office", "request", "ticket")
    date_hierarchy = "local_date"
    search_fields = ("request__code", "ticket__code", "comment")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
