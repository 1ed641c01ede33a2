from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pst_portal.admin import ReadOnlyInline, RecordAdmin
from services.recommendation.models import Letter, LetterTemplate, Recommendation, ReviewRound


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Each office's recommendation letter: letterhead, numbering, text, and who signs it."""

    list_display = ("office", "number_pattern", "head_name", "updated_at")
    fieldsets = (
        (_("Kop surat"),
         {"fields": ("office", "letterhead_agency", "letterhead_office", "letterhead_contact")}),
        (_("Nomor dan tanggal"), {"fields": ("number_pattern", "city")}),
        (_("Isi"), {"fields": ("subject", "addressee", "body", "closing")}),
        (_("Penanda tangan"), {"fields": ("signer_title", "head_name", "head_nip")}),
    )


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
