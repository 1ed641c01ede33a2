"""The portal's own address, for links that leave the browser: emails, the letter's QR code.

``PORTAL_BASE_URL`` names it. Under ``make run`` without that variable (``local`` settings), it
follows the port the portal was started on and, while a page is being answered, the host the person
used (so a letter approved at ``http://127.0.0.1:8811`` prints that address). A letter's address is
printed for good: with ``LETTER_REQUIRES_PUBLIC_URL`` (production) only a public https address is
accepted (``is_public``).
"""

import ipaddress
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings

_request_origin = ContextVar("portal_request_origin", default=None)
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def base_url():
    """Scheme and host links point to, without a trailing slash."""
    origin = _request_origin.get() if settings.PORTAL_BASE_URL_FOLLOWS_REQUEST else None
    return (origin or settings.PORTAL_BASE_URL).rstrip("/")


def absolute(path):
    return base_url() + path


def host():
    """The host (and port) of ``base_url()``, e.g. ``pst.bps.go.id``."""
    return urlsplit(base_url()).netloc


def is_loopback(hostname):
    hostname = (hostname or "").strip("[]").lower()
    if hostname in LOOPBACK_NAMES or hostname.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def is_public(url):
    """An https address another computer can open: not this machine's loopback."""
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and not is_loopback(parts.hostname)


class RequestOriginMiddleware:
    """Remembers the scheme and host of the page being answered (used only when
    ``PORTAL_BASE_URL_FOLLOWS_REQUEST``); the host is one ``ALLOWED_HOSTS`` accepts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = None
        if settings.PORTAL_BASE_URL_FOLLOWS_REQUEST:
            origin = f"{request.scheme}://{request.get_host()}"
        token = _request_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
