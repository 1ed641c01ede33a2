"""The address of the client a request came from, behind the portal's trusted proxies.

In production the portal sits behind a TLS-terminating proxy (or a load balancer and a proxy): the
connecting address (``REMOTE_ADDR``) is the proxy's, the same for everyone. Each trusted proxy appends
the address it saw to ``X-Forwarded-For``; with ``TRUSTED_PROXY_COUNT`` proxies in front of the portal
the client is the ``TRUSTED_PROXY_COUNT``-th address from the right. Addresses further left were
written by the client itself and are never believed. With ``TRUSTED_PROXY_COUNT = 0`` (the default,
the portal answering clients directly) the header is ignored.

Every rate limit (sign-in, sign-up, password reset via allauth's adapter; ``/lacak/``) and every
recorded address (sign-in log, SPPD acceptance, downloads) uses :func:`client_ip`.
"""
import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address as a string, or ``None`` when the request has none that is valid."""
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    # Fewer hops than proxies: the request skipped an outer proxy; the leftmost hop is still one a
    # trusted proxy wrote (the outermost one the request passed).
    candidate = hops[-trusted] if len(hops) >= trusted else hops[0]
    return _valid(candidate) or remote
