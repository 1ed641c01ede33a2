from django.contrib import admin

from .models import JobRun, OutgoingEmail


class RecordAdmin(admin.ModelAdmin):
    """Records the portal writes itself (by its workflow or jobs): shown with every field read-only,
    never added here."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(RecordAdmin):
    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    """When each periodic job last ran and what it did."""

    list_display = ("name", "started_at", "finished_at", "counts", "error")
    list_filter = ("name",)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """The outbox: every email, and whether it has left."""

    list_display = ("subject", "recipients", "created_at", "sent_at", "attempts")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("subject", "recipients")
    exclude = ("payload",)
