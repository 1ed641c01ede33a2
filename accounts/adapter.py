import hashlib
from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import truncate_ip
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from pst_portal import links
from pst_portal.clients import client_ip

from .roles import workspace_url
from .signals import security_log


@dataclass(frozen=True)
class PortalSite:
    """What allauth's emails say about the portal: its name (the site's, set by a migration) and the
    address its links point to (``pst_portal.links``), never the host the request happened to use."""

    name: str
    domain: str


def user_display(user):
    """How allauth names a person in its pages and emails (ACCOUNT_USER_DISPLAY): by their email
    address. The name is whatever was typed at sign-up, and the confirmation email goes to an
    address nobody has verified yet: a name there would carry a stranger's words to that inbox."""
    return user.email


def _generation_key(login):
    return "login-failures-generation:" + hashlib.sha256(login.encode()).hexdigest()


def login_generation(login):
    """How many times the account's failed sign-ins were wiped (by a password reset)."""
    return cache.get(_generation_key(login), 0)


class PortalAccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's rate limits count per client behind the trusted proxies, as every portal limit."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins count per account *from one address* (the ``key`` of ACCOUNT_RATE_LIMITS'
        ``login_failed``), beside allauth's count per address: wrong passwords typed from one address
        lock that address out of the account, never the account's owner signing in from another. A
        password reset starts the account's counts afresh at every address (``login_generation``)."""
        login = super()._get_login_attempts_cache_key(request, **credentials)
        address = truncate_ip(self.get_client_ip(request))
        return f"{login}:{login_generation(login)}:{address}"

    def pre_authenticate(self, request, **credentials):
        """A sign-in refused by the account's failure limit is logged (the form says why, with 200)."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            who = credentials.get("email") or credentials.get("username") or "-"
            security_log.warning("sign-in refused by the rate limit for %s from %s", who,
                                 client_ip(request) or "-")
            raise

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """After a password reset the account's failed sign-ins, from every address, no longer count."""
        login = super()._get_login_attempts_cache_key(request, **credentials)
        cache.set(_generation_key(login), login_generation(login) + 1, None)

    def get_login_redirect_url(self, request):
        return workspace_url(request.user)

    def send_mail(self, template_prefix, email, context):
        site = PortalSite(Site.objects.get_current().name, links.host())
        super().send_mail(template_prefix, email, {"current_site": site, **context})
