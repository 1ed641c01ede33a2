"""Refused requests written to the logger ``pst_portal.security`` (ASVS 16.3.2, 16.3.3).

A line names what was refused, the path (never the query string or the body), who asked and from
which client address (``pst_portal.clients.client_ip``): failed authorisation (403, or 404 on a URL
whose pattern has keys: another's request, document or link), rate limits (429) and CSRF failures.
Sign-ins are logged by ``accounts.signals``.
"""
import logging

from django.views.csrf import csrf_failure as django_csrf_failure

from .clients import client_ip

security_log = logging.getLogger("pst_portal.security")


def identity(request):
    """``user <id> (<role>) from <client>`` or ``anonymous from <client>``."""
    user = getattr(request, "user", None)
    who = f"user {user.pk} ({user.role})" if user is not None and user.is_authenticated else "anonymous"
    return f"{who} from {client_ip(request) or '-'}"


def is_refused_access(request, status):
    """A 403, or a 404 on a pattern with keys (an object one may not see answers 404). A 404 of a
    URL that matches no pattern, or of one without keys, is a mistyped address, not an attempt."""
    if status == 403:
        return True
    match = getattr(request, "resolver_match", None)
    return status == 404 and match is not None and bool(match.kwargs)


def log_refusal(request, status):
    if getattr(request, "_security_logged", False):
        return
    if is_refused_access(request, status):
        event = "access refused"
    elif status == 429:
        event = "refused by a rate limit"
    else:
        return
    security_log.warning("%s: %s %s %s %s", event, status, request.method, request.path,
                         identity(request))


class RefusedRequestLogMiddleware:
    """Logs refused requests (see the module). After AuthenticationMiddleware: names the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        log_refusal(request, response.status_code)
        return response


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: logs the failure (Django's reason, never the token or the body), then
    answers with Django's view (the portal's ``403_csrf.html``)."""
    security_log.warning("CSRF failure (%s): %s %s %s", reason, request.method, request.path,
                         identity(request))
    request._security_logged = True
    return django_csrf_failure(request, reason=reason)
