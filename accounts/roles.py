"""Where each role works, and the guard every role-restricted view uses."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .models import Role


def workspace_url(user):
    """The page a user lands on after signing in: a visitor whose profile is complete follows their
    requests; one who still has to complete it, their profile."""
    if user.role == Role.ADMIN or user.is_superuser:
        return reverse("admin:index")
    if user.role == Role.OFFICER:
        return reverse("requests_app:officer_workspace")
    if user.role == Role.HEAD:
        return reverse("requests_app:head_workspace")
    if user.missing_profile_fields():
        return reverse("accounts:profile")
    return reverse("requests_app:mine")


def role_required(*roles):
    """Sign-in required; a signed-in user of another role gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in roles or (user.role in (Role.OFFICER, Role.HEAD) and not user.office_id):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
