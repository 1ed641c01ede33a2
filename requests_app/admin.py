"""Requests in admin: to look up and correct data, never to change a state (the workflow does that)."""
from django.contrib import admin

from pst_portal.admin import ReadOnlyInline
from requests_app.models import ClockPause, Document, Request, RequestEvent


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


