"""The visitor's page of their queue ticket, /antrian/tiket/<token>/, and the signed-in visitor's check-in
at the office (/antrian/<office code>/ambil-tiket/). The ticket page is public, the ticket's random token
is its key. It shows the code, the service, the place in the line, the estimated wait and the desk when
called, and never a name or contact; it is never cached."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.roles import role_required
from services.catalogue.models import Office

from . import checkin, ticket_line
from .forms import CheckInForm
from .models import Ticket
from .numbering import service_names

FINAL = (Ticket.Status.DONE, Ticket.Status.SKIPPED, Ticket.Status.LEFT)


def _ticket(token):
    return get_object_or_404(Ticket.objects.select_related("office", "desk"), token=token)


def ticket_context(ticket):
    """What the visitor's page shows: no personal data, only the ticket, its line and its desk."""
    waiting = ticket.status == Ticket.Status.WAITING
    ahead = ticket_line.people_ahead(ticket) if waiting else None
    return {"ticket": ticket, "office": ticket.office,
            "service_name": service_names().get(ticket.service, ticket.service),
            "waiting": waiting, "ahead": ahead, "position": ahead + 1 if waiting else None,
            "estimate": ticket_line.estimated_wait_minutes(ticket, ahead) if waiting else None,
            "at_desk": ticket.desk.name if ticket.status in Ticket.AT_A_DESK and ticket.desk else "",
            "polling": ticket.status not in FINAL, "finished": ticket.status == Ticket.Status.DONE}


@never_cache
def ticket_page(request, token):
    return render(request, "desk/ticket_page.html", ticket_context(_ticket(token)))


@never_cache
def ticket_partial(request, token):
    """The page's status alone, for htmx to swap in every 10 seconds."""
    return render(request, "desk/ticket_status.html", ticket_context(_ticket(token)))


@never_cache
@require_POST
def leave_line(request, token):
    ticket = _ticket(token)
    if ticket_line.leave_line(ticket):
        messages.success(request, _("Anda sudah keluar dari antrean. Tiket %(code)s tidak akan dipanggil.")
                         % {"code": ticket.code})
    else:
        messages.error(request, _("Tiket ini tidak lagi menunggu, jadi tidak dapat keluar dari antrean."))
    return redirect("desk:ticket", token=ticket.token)


@role_required(Role.VISITOR)
def check_in(request, office_code):
    """A signed-in visitor at the office takes a ticket with the desk's code of the day."""
    office = get_object_or_404(Office, code=office_code, is_active=True)
    form = CheckInForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = checkin.check_in(request.user, office, form.cleaned_data["code"],
                                      form.cleaned_data["service"])
        except checkin.CheckInRefused as refused:
            form.add_error("code", str(refused))
        else:
            messages.success(request, _("Tiket %(code)s sudah Anda ambil. Halaman ini menunjukkan giliran "
                                        "Anda.") % {"code": ticket.code})
            return redirect("desk:ticket", token=ticket.token)
    return render(request, "desk/ticket_check_in.html", {"form": form, "office": office},
                  status=400 if form.errors else 200)
