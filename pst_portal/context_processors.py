from django.conf import settings
from django.urls import reverse


def second_factor(user):
    """Where a staff member manages their one-time code, and whether they still have to set one up;
    ``None`` for visitors (not offered)."""
    if not (user.is_authenticated and user.second_factor_offered):
        return None
    return {"url": reverse("mfa_index"), "setup_url": reverse("mfa_activate_totp"),
            "missing": not user.has_second_factor()}


def portal(request):
    user = getattr(request, "user", None)
    return {"PORTAL_NAME": settings.PORTAL_NAME,
            "SECOND_FACTOR": second_factor(user) if user is not None else None}
