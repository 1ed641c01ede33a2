from django.contrib import admin

from services.consultation.models import Article, Consultation, Meeting


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "topic", "office", "status", "published_at", "updated_at")
    list_filter = ("status", "topic", "office")
    search_fields = ("title", "summary", "tags", "body")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("source_request", "published_at", "created_at", "updated_at")
    fields = ("title", "slug", "summary", "topic", "tags", "office", "status", "body", "author",
              "source_request", "published_at", "created_at", "updated_at")


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("request", "topic", "guest_name", "awaiting_visitor_since", "silence_warning_sent_at")
    list_filter = ("topic",)
    search_fields = ("request__code", "guest_name", "searched_for")
    readonly_fields = ("request", "awaiting_visitor_since", "silence_warning_sent_at")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("request", "kind", "starts_at", "answer")
    list_filter = ("kind", "answer")
    readonly_fields = ("request", "proposed_by", "event", "answer_event", "answered_at")

    def has_add_permission(self, request):
        return False


