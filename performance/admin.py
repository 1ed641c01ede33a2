from django.contrib import admin

from .models import DailyFigure


@admin.register(DailyFigure)
class DailyFigureAdmin(admin.ModelAdmin):
    """Read only: the rows are rebuilt from the requests and tickets (``manage.py rebuild_figures``)."""

    list_display = ("day", "office", "service_slug", "channel", "officer", "filed", "closed", "completed",
                    "on_time", "late", "tickets_called")
    list_filter = ("office", "channel", "service_slug")
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
