"""Public pages that change rarely (the catalogue, a standard, the public figures, the complaint
channels, the register's first page), served from the cache to visitors who are not signed in.

A page is kept per address and language for ``PUBLIC_PAGE_CACHE_SECONDS`` (0 turns the cache off), and
every kept page is dropped at once when an app says its public data changed (``forget_public_pages``,
connected by each app to its own models' saves): the catalogue when a standard is loaded or edited, the
register when a letter is issued. The clock alone moves a standard into force or a day's figures: those
show at most the timeout late.

The pages carry forms (the language switch) and so a CSRF token, which is the visitor's own: the kept
copy holds a marker in its place, and each visitor's copy gets a fresh token of theirs (and the cookie
that goes with it, which Django's CSRF middleware sets). Signed-in visitors, a visitor with a session
(messages to show, a form half-done) or any address with a query string get the page rendered for them.
"""
import functools
import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
TOKEN_MARKER = "__PST_CSRF_TOKEN__"
TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _timeout():
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)


def forget_public_pages(**_signal_kwargs):
    """Drop every kept public page (connect it to a model's post_save/post_delete)."""
    try:
        cache.set(VERSION_KEY, cache.get(VERSION_KEY, 0) + 1, None)
    except Exception:  # the cache down: the pages it kept are gone with it, or expire on their own
        logger.warning("public page cache: could not drop the kept pages", exc_info=True)


def _may_use_cache(request):
    if request.method not in ("GET", "HEAD") or request.GET:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not request.user.is_authenticated


def _key(request):
    path = hashlib.sha256(request.path.encode()).hexdigest()[:32]
    return f"public-page:{cache.get(VERSION_KEY, 0)}:{translation.get_language()}:{path}"


def _may_keep(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )


def _from_kept(request, kept):
    content = kept.replace(TOKEN_MARKER, get_token(request))  # the visitor's own token, and its cookie
    return HttpResponse(content, content_type="text/html; charset=utf-8")


def cached_public_page(view):
    """Serve ``view``'s page from the cache to a visitor who is not signed in (see the module)."""

    @functools.wraps(view)
    def serve(request, *args, **kwargs):
        if not _timeout() or not _may_use_cache(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            return _from_kept(request, kept)
        response = view(request, *args, **kwargs)
        if _may_keep(response):
            page = TOKEN_FIELD.sub(rf"\g<1>{TOKEN_MARKER}\g<2>", response.content.decode("utf-8"))
            cache.set(key, page, _timeout())
        return response

    return serve
