from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .models import JobRun, OutgoingEmail


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
