"""The officer's page for a request that arrived by another channel, and the page where the owner of
the email given takes the request on (requests_app.remote)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import role_required
from requests_app import remote
from requests_app.remote_forms import RemoteRequestForm, remote_standards


@role_required(Role.OFFICER)
def record_remote(request):
    """Record a request told by WhatsApp (SISUKA), LiveChat, email or phone, for the officer's office."""
    office = request.user.office
    if not remote_standards(office).exists():
        raise Http404("No service of this office takes requests recorded by staff.")
    form = RemoteRequestForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded = remote.record_remote_request(
            request, data["standard"], channel=data["channel"], full_name=data["full_name"],
            phone=data["phone"], email=data["email"], institution=data["institution"],
            purpose=data["purpose"])
        code = recorded.request.code
        if recorded.outcome == remote.Outcome.NEEDS_CONFIRMING:
            messages.info(request, _(
                "Permintaan tercatat dengan kode %(code)s, tanpa akun: alamat email itu perlu "
                "dikonfirmasi pemiliknya. Kami mengirim tautan konfirmasi ke alamat itu.") % {"code": code})
        elif recorded.outcome == remote.Outcome.NO_EMAIL:
            messages.success(request, _("Permintaan tercatat dengan kode %(code)s, tanpa akun (tamu).")
                             % {"code": code})
        return redirect(recorded.request.get_staff_url())
    return render(request, "requests_app/record_remote.html", {"form": form, "office": office})


@login_required
def claim_remote(request, token):
    """The owner of the address the officer typed confirms the request is theirs; anyone else, or a
    used or expired link, gets a 404."""
    contact = remote.claimable(token, request.user)
    if contact is None:
        raise Http404("No open confirmation link for this account.")
    if request.method == "POST":
        service_request = remote.claim(contact, request.user)
        messages.success(request, _("Permintaan %(code)s kini tampil di akun Anda.")
                         % {"code": service_request.code})
        return redirect(service_request.get_absolute_url())
    return render(request, "requests_app/claim_remote.html",
                  {"contact": contact, "service_request": contact.request})
