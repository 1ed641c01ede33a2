"""A signed-in visitor checks in at the office's desk: they type the 6-digit code the desk page shows
(a new one each of the office's days, derived from the portal's secret, so the public internet cannot
take a ticket without standing at the desk) and choose the service; the ticket is on their account.

Wrong codes are counted per visitor and day: after ``MAX_WRONG_CODES`` the check-in is refused for the
day's rest, so the code cannot be guessed. A visitor already waiting in the office's line today gets that
ticket back, never a second one.
"""
import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Ticket
from .numbering import issue_ticket, office_day

CODE_DIGITS = 6
MAX_WRONG_CODES = 5
WRONG_CODES_KEPT_SECONDS = 24 * 3600


class CheckInRefused(Exception):
    """The check-in is not possible; the message says why, for the visitor."""


def day_code(office, day):
    """The office's check-in code for ``day`` (its own local date): 6 digits, a new one every day."""
    message = f"desk-check-in:{office.pk}:{day.isoformat()}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return str(int(digest, 16) % 10**CODE_DIGITS).zfill(CODE_DIGITS)


def todays_code(office, now=None):
    return day_code(office, office_day(office, now or timezone.now()))


def _wrong_codes_key(visitor, office, day):
    return f"desk-check-in-wrong:{visitor.pk}:{office.pk}:{day.isoformat()}"


def check_in(visitor, office, code, service_slug, now=None):
    """The visitor's waiting ticket of ``office`` for today: issued now in ``service_slug``'s line when
    ``code`` is the office's code of the day, or the one they already wait with."""
    now = now or timezone.now()
    day = office_day(office, now)
    wrong_key = _wrong_codes_key(visitor, office, day)
    if cache.get(wrong_key, 0) >= MAX_WRONG_CODES:
        raise CheckInRefused(_("Terlalu banyak kode yang salah hari ini. Silakan ambil tiket di loket."))
    if not hmac.compare_digest(str(code), day_code(office, day)):
        cache.add(wrong_key, 0, WRONG_CODES_KEPT_SECONDS)
        cache.incr(wrong_key)
        raise CheckInRefused(_("Kode tidak sesuai. Lihat kode yang tampil di loket hari ini."))
    waiting = Ticket.objects.filter(office=office, day=day, visitor=visitor,
                                    status=Ticket.Status.WAITING).first()
    if waiting is not None:
        return waiting
    ticket = issue_ticket(office, service_slug, visitor.get_full_name() or visitor.email, visitor.email,
                          now=now)
    Ticket.objects.filter(pk=ticket.pk).update(visitor=visitor)
    ticket.visitor = visitor
    return ticket
