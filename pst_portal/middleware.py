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
