"""The survey's pages, /penilaian/: the emailed once-link (no sign-in), the owner's own from the request
page, and a finished walk-in visit's from its ticket page (the ticket's random token is its key)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.models import Role
from accounts.roles import role_required
from desk.models import Ticket
from requests_app.access import get_request_for

from . import ratings
from .rating_forms import RatingForm

FORM_TEMPLATE = "complaints/rating/form.html"
REFUSED_STATUS = 410


def _survey(request, subject, save, done):
    """The form for ``subject`` (a request or a ticket): ``save(answers, comment)`` stores it (None when
    refused), ``done()`` is the response after it."""
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save(form.answers(), form.cleaned_data["comment"]) is None:
            return _already(request, subject)
        messages.success(request, _("Terima kasih atas penilaian Anda."))
        return done()
    return render(request, FORM_TEMPLATE, {"form": form, "subject": subject},
                  status=400 if form.errors else 200)


def _already(request, subject):
    return render(request, "complaints/rating/closed.html", {"subject": subject}, status=REFUSED_STATUS)


@never_cache
def invite_rating(request, token):
    """The emailed link: works once, for its own request only, without signing in."""
    invite = ratings.invite_for_token(token)
    if invite is None:
        return render(request, "complaints/rating/closed.html", {"unknown": True}, status=404)
    service_request = invite.request
    if invite.used_at is not None or not ratings.may_rate_request(service_request):
        return _already(request, service_request)

    def done():
        return render(request, "complaints/rating/thanks.html", {"subject": service_request})

    return _survey(request, service_request,
                   lambda answers, comment: ratings.rate_request(service_request, answers, comment), done)


@never_cache
@role_required(Role.VISITOR)
def request_rating(request, code):
    """The owner rates their finished request from its page (signed in)."""
    service_request = get_request_for(request.user, code)
    if not ratings.may_rate_request(service_request):
        return _already(request, service_request)
    return _survey(request, service_request,
                   lambda answers, comment: ratings.rate_request(service_request, answers, comment),
                   lambda: redirect(service_request.get_absolute_url()))


@never_cache
def ticket_rating(request, token):
    """A finished walk-in visit, rated from its ticket's page."""
    ticket = get_object_or_404(Ticket.objects.select_related("office"), token=token)
    if not ratings.may_rate_ticket(ticket):
        return _already(request, ticket)
    return _survey(request, ticket, lambda answers, comment: ratings.rate_ticket(ticket, answers, comment),
                   lambda: redirect("desk:ticket", token=ticket.token))
