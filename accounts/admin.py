from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User


class PortalUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "office")


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


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
