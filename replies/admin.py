from django.contrib import admin

from replies.models import ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "office", "service_kind", "updated_at")
    list_filter = ("office", "service_kind")
    search_fields = ("title", "body")
    raw_id_fields = ("created_by",)
