from django.contrib import admin

from complaints.complaint_models import Complaint, ComplaintEvent, ComplaintSettings


@admin.register(ComplaintSettings)
class ComplaintSettingsAdmin(admin.ModelAdmin):
    list_display = ("office", "response_days")


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_status", "to_status", "actor", "by_complainant", "is_internal", "note",
                       "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: a complaint moves only through its pages (complaints.machine)."""

    list_display = ("code", "office", "subject", "channel", "status", "received_at", "due_at")
    list_filter = ("status", "channel", "subject", "office")
    search_fields = ("code", "lapor_reference")
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

from . import rating_admin  # noqa: E402,F401  (the ratings' admin)
