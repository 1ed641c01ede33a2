from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, get_resolver
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.defaults import page_not_found


class ChosenLanguageMiddleware:
    """Indonesian unless the visitor chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    Indonesian phones are set to English; the portal speaks Indonesian first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Every answer carries ``Permissions-Policy`` (settings.PERMISSIONS_POLICY): the portal uses no
    camera, microphone, location, payment or other device features, so no page, nor anything
    injected into one, may ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivatePagesMiddleware:
    """Nothing answered to a signed-in person is kept by a browser's or a proxy's cache
    (``Cache-Control: private, no-store``): their requests, documents, letters and profile carry
    personal data, and a shared computer or a proxy must not keep them. Pages answered to anonymous
    callers are left as they are and may be cached. After AuthenticationMiddleware; the answer to
    a sign-in already counts (the person is signed in when the response leaves)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers.pop("Expires", None)
            patch_cache_control(response, private=True, no_store=True)
        return response


class PortalNotFoundMiddleware:
    """With ``DEBUG`` on (``make run``), a missing page is still the portal's own 404 page, not
    Django's debug page listing every URL pattern; ``DEBUG_404=true`` asks for the debug page.
    (With ``DEBUG`` off Django shows the portal's page anyway.) Innermost, so that CommonMiddleware
    still adds a missing slash."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _portal_page(self):
        return settings.DEBUG and not settings.DEBUG_404

    def __call__(self, request):
        if self._portal_page():
            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404 as missing:
                return page_not_found(request, missing)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and self._portal_page():
            return page_not_found(request, exception)
        return None


def accepts_large_body(setting_name, *roles):
    """Marks a view that takes a body up to ``settings.<setting_name>`` from a user of ``roles``
    (the officer's prepared product file); everyone else stays within ``REQUEST_MAX_BYTES``."""

    def decorator(view):
        view.large_body = (setting_name, roles)
        return view

    return decorator


def declared_length(request):
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django reads no body then either


def body_limit(request):
    """The largest body this request may send: ``REQUEST_MAX_BYTES`` unless its view accepts more
    from the signed-in user's role."""
    try:
        view = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info).func
    except Resolver404:
        return settings.REQUEST_MAX_BYTES
    setting_name, roles = getattr(view, "large_body", (None, ()))
    user = getattr(request, "user", None)
    if setting_name and user is not None and user.is_authenticated and user.role in roles:
        return max(getattr(settings, setting_name), settings.REQUEST_MAX_BYTES)
    return settings.REQUEST_MAX_BYTES


class RequestBodyLimitMiddleware:
    """Refuses a body larger than the limit from its ``Content-Length``, before anything reads it,
    with a 413 page that says both sizes. After AuthenticationMiddleware (the officer's larger
    limit) and before any view or ``request.POST`` (CsrfViewMiddleware reads it in process_view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length > settings.REQUEST_MAX_BYTES:
            limit = body_limit(request)
            if length > limit:
                return self.too_large(request, length, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request, length, limit):
        from django.shortcuts import render

        from requests_app.file_safety import describe_sizes

        size, limit_text = describe_sizes(length, limit)
        response = render(request, "413.html", {"size": size, "limit": limit_text}, status=413)
        response["Connection"] = "close"  # the unread body is not taken as the next request
        return response
