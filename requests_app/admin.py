"""Requests in admin: to look up and correct data, never to change a state (the workflow does that)."""
from django.contrib import admin

from pst_portal.admin import ReadOnlyInline, RecordAdmin

from .models import (
    ClockPause,
    Consultation,
    Document,
    Download,
    Letter,
    Meeting,
    Order,
    OrderLine,
    Recommendation,
    Request,
    RequestEvent,
    ReviewRound,
)


class RequestEventInline(ReadOnlyInline):
    model = RequestEvent
    fields = ("created_at", "action", "from_status", "to_status", "actor", "note", "is_internal")


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ("original_name", "requirement", "content_type", "size", "uploaded_at", "is_current")


class ClockPauseInline(ReadOnlyInline):
    model = ClockPause
    fields = ("paused_at", "resumed_at", "working_days_left")


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ("code", "office", "service_kind", "channel", "status", "visitor", "assigned_to",
                    "submitted_at", "due_at")
    list_filter = ("status", "service_kind", "channel", "office")
    search_fields = ("code", "visitor__email", "visitor__full_name", "visitor__institution")
    list_select_related = ("office", "service_kind", "visitor", "assigned_to")
    date_hierarchy = "created_at"
    readonly_fields = (
        "code", "office", "service_kind", "standard", "channel", "visitor", "status", "version",
        "submitted_at", "closed_at", "working_days_allowed", "clock_started_at", "due_at", "at_risk_from",
        "clock_paused_at", "working_days_left_at_pause", "assigned_to", "language",
    )
    fields = readonly_fields + ("purpose", "closing_note")
    inlines = [RequestEventInline, DocumentInline, ClockPauseInline]


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


class ReviewRoundInline(ReadOnlyInline):
    model = ReviewRound
    fields = ("number", "submitted_at", "outcome", "reviewed_by", "reviewed_at", "note")


@admin.register(Recommendation)
class RecommendationAdmin(RecordAdmin):
    """Forms are read here; the agency fills them and the officer reviews them on the request's page."""

    list_display = ("request", "form", "title", "updated_at")
    list_filter = ("form",)
    search_fields = ("request__code", "title", "request__visitor__institution")
    inlines = [ReviewRoundInline]


@admin.register(Letter)
class LetterAdmin(RecordAdmin):
    """An issued letter is stored unchanged: nothing here edits it."""

    list_display = ("number", "office", "state", "letter_date", "agency", "activity_title")
    list_filter = ("state", "office", "form")
    search_fields = ("number", "code", "agency", "activity_title", "request__code")

    def has_delete_permission(self, request, obj=None):
        return False
