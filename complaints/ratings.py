"""Asking for and storing ratings.

A request is asked for a rating when it reaches a final status in which the service was delivered or
decided: completed, or rejected (the visitor went through the requirements, the procedure, the time and
the staff, so they can rate them; the seeds say every visitor rates the service). A cancelled request
(the visitor withdrew) and one closed for lack of a reply (the visitor left) are not asked.

The visitor of such a request gets one email (in the request's language) with a link that works once
without signing in (``RatingInvite``: a random token, only its SHA-256 stored), and the request page
shows them the same form. A finished walk-in visit is rated from its ticket's page. One rating per
request or ticket: the database refuses a second, so a double submit stores one; and a walk-in visit
recorded as a request (the ticket linked to it) is one visit, rated once, on either page.
"""
import hashlib
import logging
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pst_portal import links
from requests_app.emails import render_email
from requests_app.models import Status

from .rating_models import ELEMENT_NAMES, Rating, RatingInvite

logger = logging.getLogger(__name__)
ASKED_STATUSES = (Status.COMPLETED, Status.REJECTED)
WALK_IN = "walk_in"  # services.catalogue.models.Channel.WALK_IN
TICKET_DONE = "done"  # desk.models.Ticket.Status.DONE


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def is_rated(service_request):
    """Whether the request, or the walk-in visit (queue ticket) it was recorded from, is rated: one visit,
    one rating, from whichever page the visitor answered first."""
    return Rating.objects.filter(Q(request=service_request) | Q(ticket__request=service_request)).exists()


def may_rate_request(service_request):
    return service_request.status in ASKED_STATUSES and not is_rated(service_request)


def may_rate_ticket(ticket):
    if ticket.status != TICKET_DONE:
        return False
    same_visit = Q(ticket=ticket) | (Q(request_id=ticket.request_id) if ticket.request_id else Q(pk__in=[]))
    return not Rating.objects.filter(same_visit).exists()


def invite(service_request):
    """A new invite for ``service_request`` and its raw token, or None when it was invited before."""
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            RatingInvite.objects.create(request=service_request, token_hash=token_hash(token))
    except IntegrityError:
        return None
    return token


def invite_for_token(token):
    """The invite of ``token`` (used or not, its request ready), or None for a token never sent."""
    if not token or len(token) > 100:
        return None
    return RatingInvite.objects.select_related("request__office", "request__service_kind").filter(
        token_hash=token_hash(token)).first()


def ask_for_rating(service_request):
    """Email the visitor of a finished request the once-link to rate it (once per request). False when
    the request is not asked (its status, no visitor with an email, rated or asked before)."""
    visitor = service_request.visitor
    if service_request.status not in ASKED_STATUSES or visitor is None or not visitor.email:
        return False
    if not may_rate_request(service_request):
        return False
    token = invite(service_request)
    if token is None:
        return False
    url = links.absolute(reverse("ratings:invite", kwargs={"token": token}))
    context = {"request": service_request, "visitor": visitor, "url": url}
    language = service_request.language or settings.LANGUAGE_CODE
    render_email("complaints/email/rating_invite", context, language, to=[visitor.email],
                 reply_to=service_request.office.email_list[:1]).send()
    return True


def on_request_event(sender, event, **kwargs):
    """``request_event_recorded``: a step that ends a request in an asked status asks for a rating."""
    if event.to_status in ASKED_STATUSES and event.from_status != event.to_status:
        ask_for_rating(event.request)


def _record(answers, comment, now, **about):
    values = {name: answers.get(name) for name in ELEMENT_NAMES}
    try:
        with transaction.atomic():
            return Rating.objects.create(comment=(comment or "").strip(), created_at=now, **values, **about)
    except IntegrityError:
        return None


def rate_request(service_request, answers, comment="", *, now=None):
    """Store the rating of ``service_request`` (``answers``: {element: 1–4 or None}); its emailed link
    is used up. None when refused: not finished, or rated before."""
    now = now or timezone.now()
    if not may_rate_request(service_request):
        return None
    office = service_request.office
    with transaction.atomic():
        rating = _record(answers, comment, now, request=service_request, office=office,
                         service_slug=service_request.service_kind.slug, channel=service_request.channel,
                         local_date=timezone.localtime(now, office.zone).date())
        RatingInvite.objects.filter(request=service_request, used_at__isnull=True).update(used_at=now)
    return rating


def rate_ticket(ticket, answers, comment="", *, now=None):
    """Store the rating of a finished walk-in visit (its queue ticket). None when refused."""
    now = now or timezone.now()
    if not may_rate_ticket(ticket):
        return None
    office = ticket.office
    return _record(answers, comment, now, ticket=ticket, office=office, service_slug=ticket.service,
                   channel=WALK_IN, local_date=timezone.localtime(now, office.zone).date())


PANEL_TEMPLATE = "complaints/rating/_request_panel.html"


def request_panel(user, service_request):
    """The request page's "Rate this service" panel, for the request's own visitor once it is finished
    in an asked status (None: not shown)."""
    if service_request.visitor_id != user.pk or service_request.status not in ASKED_STATUSES:
        return None
    return {"rated": is_rated(service_request),
            "url": reverse("ratings:request", kwargs={"code": service_request.code})}
