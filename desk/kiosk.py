"""Kiosks: enrolled to one office by an officer, recognised by a device token in a signed cookie, revoked
at once, and issuing tickets at a bounded rate.

The officer enrols a kiosk by name and is shown a one-time link (15 minutes) to open on the tablet; the
tablet's browser then holds a long random device token in a signed, HttpOnly cookie (Secure and
``__Host-`` in production). Only the sha256 of the link and of the token is stored. The kiosk never signs
anyone in.
"""
import base64
import datetime
import hashlib
import io
import secrets

import qrcode
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from .kiosk_models import Kiosk

LINK_LIFETIME = datetime.timedelta(minutes=15)
COOKIE_SALT = "desk.kiosk"
COOKIE_AGE = 60 * 60 * 24 * 400  # browsers keep a cookie at most 400 days
TICKETS_PER_MINUTE = 30


def cookie_name():
    return "__Host-pst-kiosk" if settings.SESSION_COOKIE_SECURE else "pst-kiosk"


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def create_kiosk(office, officer, name, now=None):
    """A kiosk of ``office`` waiting to be enrolled, and the one-time link's secret to show the officer."""
    kiosk = Kiosk(office=office, name=name, created_by=officer)
    return kiosk, new_link(kiosk, now=now)


def new_link(kiosk, now=None, lifetime=LINK_LIFETIME):
    """Give the (saved or new) not yet enrolled ``kiosk`` a fresh one-time link; its secret is returned."""
    link = secrets.token_urlsafe(24)
    kiosk.link_hash, kiosk.link_expires_at = _digest(link), (now or timezone.now()) + lifetime
    kiosk.save()
    return link


def kiosk_for_link(link, now=None):
    """The kiosk whose unused, unexpired enrolment link is ``link``, or None."""
    return Kiosk.objects.select_related("office").filter(
        link_hash=_digest(link), link_expires_at__gt=now or timezone.now(), revoked_at__isnull=True).first()


def enrol(kiosk, now=None):
    """Use the kiosk's link (once) and give it a device token: the cookie's value."""
    token = secrets.token_urlsafe(32)
    Kiosk.objects.filter(pk=kiosk.pk).update(token_hash=_digest(token), link_hash="", link_expires_at=None,
                                             enrolled_at=now or timezone.now())
    return token


def set_kiosk_cookie(response, token):
    response.set_signed_cookie(cookie_name(), token, salt=COOKIE_SALT, max_age=COOKIE_AGE, path="/",
                               secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")


def kiosk_of(request, office):
    """The enrolled, non-revoked kiosk of ``office`` this browser is, or None."""
    try:
        token = request.get_signed_cookie(cookie_name(), salt=COOKIE_SALT)
    except (KeyError, signing.BadSignature):
        return None
    return Kiosk.objects.filter(office=office, token_hash=_digest(token), enrolled_at__isnull=False,
                                revoked_at__isnull=True).first()


def revoke(kiosk, now=None):
    Kiosk.objects.filter(pk=kiosk.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now(),
                                                                      link_hash="")


def rate_limited(kiosk):
    """True once the kiosk asked more than TICKETS_PER_MINUTE times this minute (through the cache,
    which the project keeps working when Redis is away)."""
    key = f"kiosk:{kiosk.pk}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=120)
        count = 1
    return count > TICKETS_PER_MINUTE


def qr_data_url(text):
    """A QR code of ``text`` as a PNG data: URL (the CSP allows data: images)."""
    image = qrcode.make(text, box_size=8, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
