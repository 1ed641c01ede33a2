from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import PhoneFieldMixin
from .models import User
from .validators import identity_number_for, normalize_npwp


class PortalUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "office")


class PortalUserChangeForm(PhoneFieldMixin, UserChangeForm):
    """An administrator's edit of an account: phone, NPWP and identity number pass the checks the
    visitor's profile form makes (accounts.validators) and are stored the same way."""

    # The written form 99.999.999.9-999.999 is accepted as in the profile; stored as digits.
    npwp = forms.CharField(label=_("NPWP"), max_length=24, required=False)

    class Meta:
        model = User
        fields = "__all__"

    def clean_npwp(self):
        npwp = self.cleaned_data["npwp"]
        return normalize_npwp(npwp) if npwp else npwp

    def clean(self):
        cleaned = super().clean()
        kind, number = cleaned.get("identity_type"), cleaned.get("identity_number")
        if kind and number:
            try:
                cleaned["identity_number"] = identity_number_for(kind, number)
            except ValidationError as error:
                self.add_error("identity_number", error)
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Administrators create staff accounts here (officers and heads belong to one office)."""

    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "office", "is_active", "last_login")
    list_filter = ("role", "office", "is_active", "segment")
    search_fields = ("email", "full_name", "institution")
    list_select_related = ("office",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Peran"), {"fields": ("full_name", "role", "office")}),
        (
            _("Profil pengguna layanan"),
            {
                "fields": (
                    "phone",
                    "identity_type",
                    "identity_number",
                    "segment",
                    "institution",
                    "npwp",
                    "agency_unit",
                )
            },
        ),
        (
            _("Hak akses admin"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Waktu"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "office", "password1", "password2"),
            },
        ),
    )
