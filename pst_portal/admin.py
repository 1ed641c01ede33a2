from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from requests_app.storage import PrivateStorage

from .models import JobRun, OutgoingEmail
from .resend import resend_given_up


def admin_sign_in(request, extra_context=None):
    """``/admin/login/`` is no sign-in of its own: it sends to the portal's (allauth's), with its rate
    limits (and whatever second factor it asks), and back to the page asked for. A signed-in account
    that may not use the administration is refused, not sent round in a loop."""
    index = reverse("admin:index")
    target = request.GET.get(REDIRECT_FIELD_NAME) or index
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = index
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect(target)
        raise PermissionDenied("This account may not use the administration.")
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")



class PrivateFile:
    """How admin shows a file in private storage: by its name, read-only and without a link (the
    storage has no URL; the portal's pages serve the file after their access check)."""

    def __init__(self, field):
        self.field_name = self.__name__ = field.name
        self.short_description = field.verbose_name

    def __call__(self, obj):
        return getattr(obj, self.field_name).name or "-"


class PrivateFilesAdmin(admin.ModelAdmin):
    """An admin whose model keeps files in private storage: those fields are never a form field nor
    a link (Django's admin would ask the storage for a URL and fail), only their file's name."""

    def private_files(self):
        if not hasattr(self, "_private_files"):
            self._private_files = {
                field.name: PrivateFile(field) for field in self.model._meta.fields
                if isinstance(field, models.FileField) and isinstance(field.storage, PrivateStorage)
            }
        return self._private_files

    def _shown(self, names):
        return [self.private_files().get(name, name) if isinstance(name, str) else name for name in names]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self.private_files()]

    def get_readonly_fields(self, request, obj=None):
        shown = self._shown(super().get_readonly_fields(request, obj))
        return [*shown, *(display for display in self.private_files().values() if display not in shown)]

    def get_fields(self, request, obj=None):
        return list(dict.fromkeys(self._shown(super().get_fields(request, obj))))

    def get_fieldsets(self, request, obj=None):
        if not self.fieldsets:
            return super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": self._shown(options["fields"])})
                for name, options in super().get_fieldsets(request, obj)]

    def get_list_display(self, request):
        return self._shown(super().get_list_display(request))


class RecordAdmin(PrivateFilesAdmin):
    """Records the portal writes itself (by its workflow or jobs): shown with every field read-only,
    never added here."""

    def get_readonly_fields(self, request, obj=None):
        return self._shown(field.name for field in self.model._meta.fields)

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(RecordAdmin):
    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows the workflow writes (events, documents, clock pauses, order lines, review rounds), listed on
    their parent's page to read: nothing added, changed or deleted here. A subclass names ``model`` and
    the ``fields`` to show, all read-only."""

    extra = 0
    max_num = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    """When each periodic job last ran and what it did; a run whose process was killed is "terhenti"."""

    list_display = ("name", "status", "started_at", "finished_at", "counts", "error", "host", "pid")
    list_filter = ("name",)

    @admin.display(description=_("status"))
    def status(self, run):
        return run.state().label


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """The outbox: every email, and whether it has left. An administrator may send again one the
    outbox gave up on."""

    list_display = ("subject", "recipients", "created_at", "sent_at", "attempts", "failed_at")
    list_filter = (("sent_at", admin.EmptyFieldListFilter), ("failed_at", admin.EmptyFieldListFilter))
    search_fields = ("subject", "recipients")
    exclude = ("payload",)
    actions = ["resend"]

    def has_resend_permission(self, request):
        return request.user.is_superuser or request.user.has_perm("pst_portal.resend_outgoingemail")

    @admin.action(description=_("Kirim ulang email yang gagal"), permissions=["resend"])
    def resend(self, request, queryset):
        if not self.has_resend_permission(request):  # the action is not offered; a forged post too
            raise PermissionDenied
        resent, left = resend_given_up(queryset.values_list("pk", flat=True), by=request.user.email)
        if resent:
            self.message_user(request, ngettext("%(count)d email dikirim ulang.",
                                                "%(count)d email dikirim ulang.", resent) % {"count": resent},
                              messages.SUCCESS)
        if left:
            self.message_user(request, ngettext(
                "%(count)d email dilewati: sudah terkirim atau masih dalam antrean.",
                "%(count)d email dilewati: sudah terkirim atau masih dalam antrean.", left) % {"count": left},
                messages.WARNING)
