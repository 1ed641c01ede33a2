"""The kiosk's pages: the officer enrols and revokes the office's kiosks (/petugas/loket/kiosk/); the
tablet opens its one-time link; the kiosk page (/antrian/<office code>/kiosk/) takes the guest book and
issues tickets, only on an enrolled kiosk of the office, never with anyone signed in."""
import datetime

from django import forms
from django.contrib.auth import logout
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.roles import role_required
from services.catalogue.models import Office

from . import kiosk as kiosks
from . import printing
from .guest_book import GuestBookForm, returning_name, sign_in_guest_book
from .kiosk_models import GuestBookEntry, Kiosk
from .numbering import office_day

ISSUED_PAGE_MINUTES = 10  # the kiosk shows a ticket it issued for this long
CLEAR_AFTER_SECONDS = 60
BACK_AFTER_TICKET_SECONDS = 20
TOO_FAST = gettext_lazy("Kiosk ini sedang menerima terlalu banyak permintaan. Tunggu sebentar, lalu coba "
                        "lagi, atau minta bantuan petugas.")


class KioskNameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama kiosk"), max_length=60,
                           help_text=gettext_lazy("Misalnya: Tablet pintu masuk."))


def _kiosks_page(request, form=None, link=None, created=None, status=200):
    office = request.user.office
    context = {"office": office, "form": form or KioskNameForm(), "link": link, "created": created,
               "kiosks": Kiosk.objects.filter(office=office).select_related("created_by")}
    return render(request, "desk/kiosk_list.html", context, status=status)


@role_required(Role.OFFICER)
@never_cache
def kiosk_list(request):
    if request.method != "POST":
        return _kiosks_page(request)
    form = KioskNameForm(request.POST)
    if not form.is_valid():
        return _kiosks_page(request, form=form, status=400)
    kiosk, link = kiosks.create_kiosk(request.user.office, request.user, form.cleaned_data["name"])
    url = request.build_absolute_uri(reverse("desk:kiosk_enrol", kwargs={"link": link}))
    return _kiosks_page(request, link=url, created=kiosk)


@role_required(Role.OFFICER)
@require_POST
def kiosk_revoke(request, kiosk):
    kiosk = get_object_or_404(Kiosk, pk=kiosk, office_id=request.user.office_id)
    kiosks.revoke(kiosk)
    return redirect("desk:kiosks")


@never_cache
def kiosk_enrol(request, link):
    """The tablet opens the officer's one-time link and, with one press, becomes the kiosk."""
    kiosk = kiosks.kiosk_for_link(link)
    if kiosk is None:
        return render(request, "desk/kiosk_link_void.html", status=404)
    if request.method != "POST":
        return render(request, "desk/kiosk_enrol.html", {"kiosk": kiosk})
    token = kiosks.enrol(kiosk)
    if request.user.is_authenticated:
        logout(request)  # the kiosk is a shared device: nobody stays signed in on it
    response = redirect("desk:kiosk", office_code=kiosk.office.code)
    kiosks.set_kiosk_cookie(response, token)
    return response


def _kiosk_or_refusal(request, office_code):
    office = get_object_or_404(Office, code=office_code, is_active=True)
    if request.user.is_authenticated:
        logout(request)
    kiosk = kiosks.kiosk_of(request, office)
    if kiosk is None:
        return office, None, render(request, "desk/kiosk_not_enrolled.html", {"office": office}, status=403)
    return office, kiosk, None


def _kiosk_page(request, office, form, status=200, welcome=""):
    context = {"office": office, "form": form, "welcome": welcome, "clear_after": CLEAR_AFTER_SECONDS,
               "empty_url": reverse("desk:kiosk", kwargs={"office_code": office.code})}
    return render(request, "desk/kiosk_form.html", context, status=status)


@never_cache
def kiosk(request, office_code):
    office, kiosk, refusal = _kiosk_or_refusal(request, office_code)
    if refusal:
        return refusal
    if request.method != "POST":
        return _kiosk_page(request, office, GuestBookForm(office=office))
    if kiosks.rate_limited(kiosk):
        form = GuestBookForm(request.POST, office=office)
        form.is_valid()
        form.add_error(None, TOO_FAST)
        return _kiosk_page(request, office, form, status=429)
    if "lookup" in request.POST:
        return _lookup(request, office)
    form = GuestBookForm(request.POST, office=office)
    if not form.is_valid():
        return _kiosk_page(request, office, form, status=400)
    entry = sign_in_guest_book(form, kiosk=kiosk)
    return redirect("desk:kiosk_ticket", office_code=office.code, ticket=entry.ticket.token)


def _lookup(request, office):
    """A returning visitor typed their phone or email again: give back their name, nothing else."""
    typed = {name: request.POST.get(name, "")[:150] for name in ("phone", "email")}
    name = returning_name(office, typed["phone"]) or returning_name(office, typed["email"])
    welcome = (_("Selamat datang kembali, %(name)s. Nomor identitas Anda sudah tercatat; lengkapi "
                 "keperluan dan layanan.") % {"name": name} if name
               else _("Belum ada catatan dengan nomor telepon atau email ini. Silakan isi buku tamu."))
    form = GuestBookForm(initial={**typed, "full_name": name}, office=office)
    return _kiosk_page(request, office, form, welcome=welcome)


@never_cache
def kiosk_ticket(request, office_code, ticket):
    """The ticket just issued, big, with its QR code, on the kiosk that issued it, for a few minutes."""
    office, kiosk, refusal = _kiosk_or_refusal(request, office_code)
    if refusal:
        return refusal
    since = timezone.now() - datetime.timedelta(minutes=ISSUED_PAGE_MINUTES)
    entry = get_object_or_404(GuestBookEntry.objects.select_related("ticket", "ticket__office"),
                              ticket__token=ticket, kiosk=kiosk, created_at__gte=since)
    context = {"office": office, "entry": entry, "ticket": entry.ticket,
               "clear_after": BACK_AFTER_TICKET_SECONDS,
               "empty_url": reverse("desk:kiosk", kwargs={"office_code": office.code}),
               **printing.printable_ticket(request, entry.ticket)}
    return render(request, "desk/kiosk_ticket.html", context)


@role_required(Role.OFFICER)
@never_cache
def guest_book(request):
    """Today's guest book of the office, identity numbers in full: for its officers, as the desk pages."""
    office = request.user.office
    entries = GuestBookEntry.objects.filter(office=office, ticket__day=office_day(office, timezone.now())) \
        .select_related("guest", "ticket")
    return render(request, "desk/guest_book.html", {"office": office, "entries": entries})
