"""The complainant's pages: the channels and the complaint form, the signed-in complainant's own
complaints, and the private link of a complaint made without an account. Attachments are served only
here and in the staff pages, after the same access check as their complaint."""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import access, filing, machine
from complaints.forms import ComplaintForm
from pst_portal.page_cache import cached_public_page
from services.catalogue import selectors
from services.catalogue.models import ComplaintChannel as OfficeChannel


@cached_public_page  # the catalogue's channels: dropped with the other public pages when it changes
def complaint_channels(request):
    """Where to complain: the form, each office's published channels, and SP4N-LAPOR nationally."""
    return render(request, "complaints/channels.html", {"groups": selectors.offices_by_province()})


def office_channels(office):
    return OfficeChannel.objects.filter(office=office).office_level()


def new_complaint(request):
    form = ComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaint, _created = filing.file_complaint(
            office=data["office"], user=request.user, token=data["token"], subject=data["subject"],
            text=data["text"], request=data.get("request"), full_name=data.get("full_name", ""),
            email=data.get("email", ""), phone=data.get("phone", ""), checked_files=data["files"],
            language=translation.get_language() or "id")
        messages.success(request, _("Pengaduan Anda diterima dengan kode %(code)s.")
                         % {"code": complaint.code})
        if complaint.complainant_id:
            return redirect("complaints:mine_detail", complaint.code)
        request.session["complaint_just_filed"] = complaint.code
        return redirect("complaints:private", complaint.private_token)
    return render(request, "complaints/new.html", {"form": form})


def attachment_response(attachment):
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachments_of(complaint, url_name, key):
    """The complaint's attachments, each with the access-checked link of the page that lists it."""
    found = list(complaint.attachments.all())
    for attachment in found:
        attachment.url = reverse(url_name, args=[key, attachment.token])
    return found


def _page(request, complaint, *, by_link, template="complaints/detail.html", **extra):
    files = attachments_of(complaint, "complaints:private_file", complaint.private_token) if by_link else \
        attachments_of(complaint, "complaints:mine_file", complaint.code)
    context = {"complaint": complaint, "office": complaint.office, "by_link": by_link, "attachments": files,
               "now": timezone.now(),
               "timeline": access.timeline_for(complaint, staff=False),
               "channels": office_channels(complaint.office),
               "actions": machine.allowed_actions(complaint, request.user, by_link), **extra}
    return render(request, template, context)


def _act(request, complaint, by_link, back):
    try:
        machine.perform(complaint, request.POST.get("action", ""), request.user,
                        note=request.POST.get("note", ""), by_link=by_link)
        messages.success(request, _("Pengaduan diperbarui."))
    except machine.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(back)


def private_link_page(view):
    """A page reached by its secret link: no cache keeps it, and no link on it tells another site the
    address (``Referrer-Policy: same-origin``: the portal's own forms keep their Origin header, which
    CSRF checks; ``no-referrer`` would send ``Origin: null`` and refuse the page's own POST)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers.pop("Expires", None)
        patch_cache_control(response, private=True, no_store=True)
        response["Referrer-Policy"] = "same-origin"
        return response
    return wrapped


@private_link_page
def private(request, private):
    complaint = access.get_by_private_link(private)
    just_filed = request.session.pop("complaint_just_filed", None) == complaint.code
    return _page(request, complaint, by_link=True, just_filed=just_filed)


@private_link_page
@require_POST
def private_act(request, private):
    complaint = access.get_by_private_link(private)
    return _act(request, complaint, True, reverse("complaints:private", args=[private]))


@private_link_page
def private_file(request, private, attachment):
    complaint = access.get_by_private_link(private)
    return attachment_response(access.attachment_of(complaint, attachment))


@login_required
def mine(request):
    complaints = access.visible_complaints(request.user).filter(complainant=request.user)
    complaints = complaints.select_related("office")
    return render(request, "complaints/mine.html", {"complaints": complaints})


@login_required
def mine_detail(request, complaint):
    found = access.get_complaint_for(request.user, complaint)
    if request.method == "POST":
        return _act(request, found, False, reverse("complaints:mine_detail", args=[found.code]))
    return _page(request, found, by_link=False)


@login_required
def mine_file(request, complaint, attachment):
    found = access.get_complaint_for(request.user, complaint)
    return attachment_response(access.attachment_of(found, attachment))
