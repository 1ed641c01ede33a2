"""The desk's models in Django admin, for the system administrator (not the office's staff): identity
numbers only masked and never editable as text, kiosks' token and link hashes never shown, ticket
counters read-only (the numbering owns them)."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.forms import ContactFieldsMixin
from accounts.validators import normalize_phone

from . import kiosk as kiosks
from .kiosk_models import Guest, GuestBookEntry, Kiosk
from .models import Desk, Ticket, TicketCounter


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ("name", "office", "officer", "opened_at", "closed_at")
    list_filter = ("office",)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("code", "office", "day", "service", "status", "guest_name", "guest_contact", "issued_at",
                    "called_at", "desk")
    list_filter = ("office", "status", "service")
    list_select_related = ("office", "desk")
    search_fields = ("code", "guest_name", "guest_contact")
    readonly_fields = ("token",)


@admin.register(TicketCounter)
class TicketCounterAdmin(admin.ModelAdmin):
    """The last number of each line and day: read-only, the numbering alone moves it."""

    list_display = ("office", "day", "service", "last_number")
    list_filter = ("office", "service")
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Kiosk)
class KioskAdmin(admin.ModelAdmin):
    """Kiosks are enrolled by an officer of the office (with the one-time link only they see); here they
    are listed, renamed and revoked. The token and link hashes are never shown."""

    list_display = ("name", "office", "created_by", "created_at", "enrolled_at", "revoked_at", "active")
    list_filter = ("office", ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related = ("office", "created_by")
    search_fields = ("name",)
    fields = ("office", "name", "created_by", "created_at", "link_expires_at", "enrolled_at", "revoked_at")
    readonly_fields = ("office", "created_by", "created_at", "link_expires_at", "enrolled_at", "revoked_at")
    actions = ("revoke_kiosks",)

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description=_("aktif"))
    def active(self, kiosk):
        return kiosk.is_active

    @admin.action(description=_("Cabut kiosk yang dipilih"))
    def revoke_kiosks(self, request, queryset):
        chosen = list(queryset.filter(revoked_at__isnull=True))
        for kiosk in chosen:
            kiosks.revoke(kiosk)
        self.message_user(request, ngettext("%(count)d kiosk dicabut.", "%(count)d kiosk dicabut.",
                                            len(chosen)) % {"count": len(chosen)})


class PhoneSearchMixin:
    """The admin's search also finds a phone typed as people write it (0812 3456 7802), stored +62…."""

    phone_field = "phone"

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        try:
            phone = normalize_phone(search_term) if search_term.strip() else ""
        except ValidationError:
            phone = ""
        if phone:
            results = results | queryset.filter(**{self.phone_field: phone})
        return results, duplicates


@admin.display(description=_("nomor identitas (disamarkan)"))
def masked_identity_number(obj):
    return obj.masked_identity


class GuestAdminForm(ContactFieldsMixin, forms.ModelForm):
    class Meta:
        model = Guest
        fields = ("full_name", "phone", "email", "institution")


@admin.register(Guest)
class GuestAdmin(PhoneSearchMixin, admin.ModelAdmin):
    """The office's walk-in visitors. Their identity number is shown masked and is not editable: a
    visitor corrects it by typing it again at the kiosk."""

    form = GuestAdminForm
    list_display = ("full_name", "office", "phone", "email", "institution", "identity_type",
                    masked_identity_number, "updated_at")
    list_filter = ("office", "identity_type")
    list_select_related = ("office",)
    search_fields = ("full_name", "phone", "email")
    fields = ("office", "full_name", "phone", "email", "institution", "identity_type", masked_identity_number,
              "updated_at")
    readonly_fields = ("office", "identity_type", masked_identity_number, "updated_at")

    def has_add_permission(self, request):
        return False


@admin.register(GuestBookEntry)
class GuestBookEntryAdmin(PhoneSearchMixin, admin.ModelAdmin):
    """The guest book: one visit each, as written at the kiosk; read-only, deletable."""

    phone_field = "guest__phone"
    list_display = ("created_at", "office", "ticket", "guest_name", "guest_phone", "guest_email",
                    "identity_type", masked_identity_number, "institution")
    list_filter = ("office", "identity_type")
    list_select_related = ("office", "ticket", "ticket__office", "guest")
    search_fields = ("guest__full_name", "guest__phone", "guest__email", "ticket__code")
    date_hierarchy = "created_at"
    fields = ("office", "ticket", "kiosk", "guest", "guest_phone", "guest_email", "identity_type",
              masked_identity_number, "institution", "purpose", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("nama"), ordering="guest__full_name")
    def guest_name(self, entry):
        return entry.guest.full_name

    @admin.display(description=_("telepon"))
    def guest_phone(self, entry):
        return entry.guest.phone

    @admin.display(description=_("email"))
    def guest_email(self, entry):
        return entry.guest.email
