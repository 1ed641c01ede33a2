"""Heads and administrators set up their one-time code (TOTP) before they use the portal."""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Pages a head or administrator without a second factor may still open: setting it up (and the
# re-entry of the password allauth asks for first), signing out, language, static files.
OPEN_URL_NAMES = ("mfa_activate_totp", "mfa_index", "mfa_reauthenticate", "account_reauthenticate",
                  "account_logout", "set_language", "mfa_view_recovery_codes",
                  "mfa_generate_recovery_codes", "mfa_download_recovery_codes")


def _open_paths():
    return {reverse(name) for name in OPEN_URL_NAMES}


def must_set_up_second_factor(user):
    return user.is_authenticated and user.second_factor_required and not user.has_second_factor()


class SecondFactorRequiredMiddleware:
    """Every page of a head or administrator without TOTP sends them to set it up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (must_set_up_second_factor(request.user) and path not in _open_paths()
                and not path.startswith(("/static/", "/healthz", "/favicon.ico"))):
            messages.info(request, _("Akun Anda wajib memakai verifikasi dua langkah. "
                                     "Silakan aktifkan kode dari aplikasi autentikator terlebih dahulu."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)
