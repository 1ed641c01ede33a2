from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied

from pst_portal import links
from pst_portal.clients import client_ip

from .roles import workspace_url


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


class PortalAccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's rate limits count per client behind the trusted proxies, as every portal limit."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def get_login_redirect_url(self, request):
        return workspace_url(request.user)

    def send_mail(self, template_prefix, email, context):
        site = PortalSite(Site.objects.get_current().name, links.host())
        super().send_mail(template_prefix, email, {"current_site": site, **context})
