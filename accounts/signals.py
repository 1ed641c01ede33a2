"""Failed sign-ins are logged with the address they came from (never the password)."""
import logging

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from pst_portal.clients import client_ip

from . import session_lifetime

security_log = logging.getLogger("pst_portal.security")


def _address(request):
    return client_ip(request) or "-"


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    who = credentials.get("email") or credentials.get("username") or "-"
    security_log.warning("sign-in failed for %s from %s", who, _address(request))


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    security_log.info("sign-in of user %s (%s) from %s", user.pk, user.role, _address(request))
    if request is not None and hasattr(request, "session"):
        session_lifetime.start(request.session)


@receiver(password_reset)
def verify_address_on_password_reset(sender, request, user, **kwargs):
    """A reset link goes only to the account's address, so using it proves the address works.
    A buyer whose account an officer made at the desk sets a password this way and can sign in."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
