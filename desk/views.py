"""The officer's desk pages under /petugas/loket/: every view is for an officer, scoped to their office
(another office's desk or ticket is a 404), and changes only by POST."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.roles import role_required

from . import desk as desk_work
from . import printing
from .checkin import todays_code
from .forms import IssueTicketForm, OpenDeskForm, TransferForm
from .measure import daily_compliance
from .models import Desk, Ticket
from .numbering import issue_ticket as issue
from .numbering import office_day, office_lines, service_names
from .request_link import walk_in_form_url


def _office_desk(user, pk):
    desks = Desk.objects.select_related("office", "officer")
    return get_object_or_404(desks, pk=pk, office_id=user.office_id)


def _lines(office):
    names = dict(office_lines(office))
    waiting = Ticket.objects.filter(office=office, day=office_day(office, timezone.now()),
                                    status=Ticket.Status.WAITING).select_related("office") \
        .order_by("issued_at", "pk")
    lines = {slug: {"name": name, "tickets": []} for slug, name in names.items()}
    for ticket in waiting:  # a line no longer offered keeps showing while a ticket still waits in it
        if ticket.service not in lines:
            name = service_names().get(ticket.service, ticket.service)
            lines[ticket.service] = {"name": name, "tickets": []}
        lines[ticket.service]["tickets"].append(ticket)
    return lines


def _workspace_context(user, open_form=None, ticket_form=None):
    office = user.office
    names = service_names()
    per_desk, per_service = daily_compliance(office, office_day(office, timezone.now()), names)
    desks = Desk.objects.filter(office=office).order_by("name")
    return {"office": office, "desks": desks, "lines": _lines(office), "names": names,
            "offers_walk_in": bool(office_lines(office)),
            "open_form": open_form or OpenDeskForm(office=office),
            "ticket_form": ticket_form or IssueTicketForm(office=office),
            "per_desk": per_desk, "per_service": per_service}


@role_required(Role.OFFICER)
def home(request):
    return render(request, "desk/home.html", _workspace_context(request.user))


@role_required(Role.OFFICER)
@require_POST
def open_desk(request):
    form = OpenDeskForm(request.POST, office=request.user.office)
    if form.is_valid():
        try:
            desk = desk_work.open_desk(request.user.office, request.user, form.cleaned_data["name"],
                                       form.cleaned_data["services"])
        except desk_work.DeskRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("%(desk)s dibuka.") % {"desk": desk.name})
            return redirect("desk:desk", desk=desk.pk)
    return render(request, "desk/home.html", _workspace_context(request.user, open_form=form), status=400)


@role_required(Role.OFFICER)
@require_POST
def issue_ticket(request):
    form = IssueTicketForm(request.POST, office=request.user.office)
    if not form.is_valid():
        context = _workspace_context(request.user, ticket_form=form)
        return render(request, "desk/home.html", context, status=400)
    data = form.cleaned_data
    ticket = issue(request.user.office, data["service"], data["guest_name"], data["guest_contact"],
                   issued_by=request.user)
    desk = _back_desk(request.user, request.POST.get("desk", ""))
    issued = _("Tiket %(code)s diberikan kepada %(name)s.") % {"code": ticket.code, "name": ticket.guest_name}
    messages.success(request, format_html('{} <a class="alert-link" href="{}">{}</a>', issued,
                                          _print_url(ticket, desk), _("Cetak tiket")))
    return redirect("desk:desk", desk=desk.pk) if desk else redirect("desk:home")


def _back_desk(user, value):
    """The officer's own desk named by ``value`` (a form's or link's "back to my desk"), or None."""
    return (value.isdigit() and Desk.objects.filter(pk=value, office_id=user.office_id).first()) or None


def _print_url(ticket, desk=None):
    url = reverse("desk:ticket_print", kwargs={"ticket": ticket.token})
    return f"{url}?loket={desk.pk}" if desk else url


@role_required(Role.OFFICER)
@never_cache
def print_ticket(request, ticket):
    """The ticket of a visitor at the desk, to print for them: the kiosk's printable ticket, for the
    office's officers only (another office's ticket is a 404)."""
    ticket = get_object_or_404(Ticket.objects.select_related("office"), token=ticket,
                               office_id=request.user.office_id)
    desk = _back_desk(request.user, request.GET.get("loket", ""))
    back_url = reverse("desk:desk", kwargs={"desk": desk.pk}) if desk else reverse("desk:home")
    context = {"ticket": ticket, "office": ticket.office, "back_url": back_url,
               **printing.printable_ticket(request, ticket)}
    return render(request, "desk/ticket_print.html", context)


@role_required(Role.OFFICER)
def desk_page(request, desk):
    desk = _office_desk(request.user, desk)
    current = desk_work.current_ticket(desk)
    if current is not None:
        current.walk_in_form_url = walk_in_form_url(current)
    context = _workspace_context(request.user)
    context.update({"desk": desk, "current": current,
                    "desk_services": [context["names"].get(slug, slug) for slug in desk.services],
                    "waiting": list(desk_work.waiting_tickets(desk.office, desk.services)),
                    "check_in_code": todays_code(desk.office),
                    "transfer_form": TransferForm(office=desk.office,
                                                 exclude=current.service if current else None)})
    return render(request, "desk/desk.html", context)


@role_required(Role.OFFICER)
@require_POST
def call_next(request, desk):
    desk = _office_desk(request.user, desk)
    try:
        ticket = desk_work.call_next(desk, request.user, version=_version(request))
    except desk_work.DeskRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("%(code)s dipanggil ke %(desk)s.")
                         % {"code": ticket.code, "desk": desk.name})
    return redirect("desk:desk", desk=desk.pk)


@role_required(Role.OFFICER)
@require_POST
def close_desk(request, desk):
    desk = _office_desk(request.user, desk)
    try:
        desk_work.close_desk(desk, version=_version(request))
    except desk_work.DeskRefused as refused:
        messages.error(request, str(refused))
        return redirect("desk:desk", desk=desk.pk)
    messages.success(request, _("%(desk)s ditutup.") % {"desk": desk.name})
    return redirect("desk:home")


STEPS = {"panggil-ulang": desk_work.recall, "lewati": desk_work.skip, "layani": desk_work.start_serving,
         "selesai": desk_work.finish}


@role_required(Role.OFFICER)
@require_POST
def ticket_step(request, desk, ticket, step):
    desk = _office_desk(request.user, desk)
    ticket = get_object_or_404(Ticket, token=ticket, office_id=request.user.office_id)
    if step not in STEPS and step != "alihkan":
        raise Http404("No such step.")
    try:
        if step == "alihkan":
            form = TransferForm(request.POST, office=desk.office, exclude=ticket.service)
            if not form.is_valid():
                raise desk_work.DeskRefused(_("Pilih layanan tujuan."))
            desk_work.transfer(desk, ticket, form.cleaned_data["service"], version=_version(request))
        else:
            STEPS[step](desk, ticket, version=_version(request))
    except desk_work.DeskRefused as refused:
        messages.error(request, str(refused))
    return redirect("desk:desk", desk=desk.pk)


def _version(request):
    value = request.POST.get("version", "")
    if not value.isdigit():
        raise Http404("No version.")  # every desk button carries the version it was shown with
    return int(value)
