"""How long a sign-in lasts (ASVS 7.3.1, 7.3.2): it ends after ``SESSION_IDLE_MINUTES`` without a
request (inactivity) and, however active, ``SESSION_COOKIE_AGE`` seconds after signing in (absolute).

The session keeps when the person signed in and when they were last seen (Unix seconds, written at
sign-in by ``accounts.signals``). The last-seen time is written at most once a minute, so most
requests leave the session untouched; the idle limit is therefore exact to a minute. A page's own
background refresh (a view marked ``@background_refresh``, polled by htmx) is no activity: an open
tab does not keep a sign-in alive.
"""
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from pst_portal.security_log import identity, security_log

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
LAST_SEEN_EVERY = 60  # seconds


def background_refresh(view):
    """Marks a view the page polls by itself: its requests do not count as the person's activity."""
    view.background_refresh = True
    return view


def start(session, now=None):
    """Called at sign-in: the session's lifetime and idle time count from now."""
    now = time.time() if now is None else now
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now


def ending(session, now):
    """Why the session is over (a message for the person), or ``None`` while it may go on."""
    idle_minutes = settings.SESSION_IDLE_MINUTES
    if now - session[LAST_SEEN_AT] > idle_minutes * 60:
        return _("Sesi Anda berakhir karena tidak aktif selama %(minutes)s menit. "
                 "Silakan masuk lagi.") % {"minutes": idle_minutes}
    if now - session[SIGNED_IN_AT] > settings.SESSION_COOKIE_AGE:
        return _("Sesi Anda berakhir karena sudah %(hours)s jam sejak Anda masuk. "
                 "Silakan masuk lagi.") % {"hours": round(settings.SESSION_COOKIE_AGE / 3600)}
    return None


class SessionLifetimeMiddleware:
    """Signs out a person idle too long or signed in too long, and sends them to sign in again with
    ``?next=`` the page they asked for. After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            if SIGNED_IN_AT not in session or LAST_SEEN_AT not in session:
                start(session, now)  # a session from before this check: it counts from now
            reason = ending(session, now)
            if reason:
                return self.sign_out(request, reason)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """The person was seen (once the view is known: a background refresh does not count)."""
        if not request.user.is_authenticated or getattr(view_func, "background_refresh", False):
            return None
        now = time.time()
        if now - request.session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_EVERY:
            request.session[LAST_SEEN_AT] = now
        return None

    @staticmethod
    def sign_out(request, reason):
        security_log.info("session ended: %s", identity(request))
        logout(request)
        messages.info(request, reason)
        if request.headers.get("HX-Request") == "true":
            # A fragment's request (htmx, before HtmxMiddleware): the whole page goes to the
            # sign-in, and back to that page afterwards.
            page = urlsplit(request.headers.get("HX-Current-URL") or "/")
            return HttpResponseClientRedirect(
                redirect_to_login(page.path + (f"?{page.query}" if page.query else ""),
                                  reverse("account_login"))["Location"])
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
