"""The guest book at the kiosk: who came, how to reach them, their identity document, their purpose and
the service they came for; a returning visitor is found by the phone or email they type again.

On the public kiosk nothing of someone else is revealed: a lookup by phone or email gives back at most
the name, and the identity number on file is kept (not shown) when the visitor leaves it empty.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.forms import ContactFieldsMixin
from accounts.validators import identity_number_for, normalize_phone

from .kiosk_models import Guest, GuestBookEntry, IdentityType
from .numbering import issue_ticket, office_lines

NEEDS_CONTACT = _("Isi nomor telepon atau alamat email.")
NEEDS_IDENTITY = _("Isi nomor kartu identitas.")


def returning_guest(office, phone="", email=""):
    """The office's guest with this phone or email, or None (an empty value finds no one)."""
    match = Q()
    if phone:
        match |= Q(phone=phone)
    if email:
        match |= Q(email=email.lower())
    if not match:
        return None
    return Guest.objects.filter(match, office=office).order_by("-updated_at").first()


class GuestBookForm(ContactFieldsMixin, forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=120, required=False)
    phone = forms.CharField(label=_("Nomor telepon"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=_("Email"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    institution = forms.CharField(label=_("Instansi (opsional)"), max_length=150, required=False)
    identity_type = forms.ChoiceField(label=_("Jenis kartu identitas"), choices=IdentityType.choices,
                                      initial=IdentityType.KTP)
    identity_number = forms.CharField(
        label=_("Nomor kartu identitas"), max_length=30, required=False,
        help_text=_("KTP: 16 angka NIK. SIM: 12–16 angka. Paspor: 6–9 huruf dan angka. "
                    "Tamu yang pernah datang boleh mengosongkannya."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    purpose = forms.CharField(label=_("Keperluan"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    service = forms.ChoiceField(label=_("Layanan"), widget=forms.RadioSelect)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["service"].choices = office_lines(office)
        self.guest = None

    def clean(self):
        cleaned = super().clean()
        for name in ("full_name", "purpose"):
            if not cleaned.get(name, "").strip() and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
        if not self.errors.keys() & {"phone", "email"} and not (cleaned.get("phone") or cleaned.get("email")):
            self.add_error("phone", NEEDS_CONTACT)
        self.guest = returning_guest(self.office, cleaned.get("phone", ""), cleaned.get("email", ""))
        self._clean_identity(cleaned)
        return cleaned

    def _clean_identity(self, cleaned):
        number = cleaned.get("identity_number", "").strip()
        if not number:
            if self.guest is None:
                self.add_error("identity_number", NEEDS_IDENTITY)
            return
        try:
            cleaned["identity_number"] = identity_number_for(cleaned.get("identity_type"), number)
        except ValidationError as error:
            self.add_error("identity_number", error)


def returning_name(office, phone_or_email):
    """The name on file for the guest who typed this phone or email again, or "" (the lookup at the kiosk:
    nothing else of the guest is given back)."""
    value = (phone_or_email or "").strip()
    if "@" in value:
        guest = returning_guest(office, email=value)
    else:
        try:
            guest = returning_guest(office, phone=normalize_phone(value)) if value else None
        except ValidationError:
            guest = None
    return guest.full_name if guest else ""


def _save_guest(office, guest, data):
    """The guest as typed now; a returning guest who left the identity empty keeps the one on file."""
    if guest is None:
        guest = Guest(office=office)
    elif not data["identity_number"]:
        data = {**data, "identity_type": guest.identity_type, "identity_number": guest.identity_number}
    for name in ("full_name", "institution", "identity_type", "identity_number"):
        setattr(guest, name, data[name].strip() if isinstance(data[name], str) else data[name])
    guest.phone = data["phone"] or guest.phone
    guest.email = data["email"] or guest.email
    guest.save()
    return guest


@transaction.atomic
def sign_in_guest_book(form, kiosk=None, issued_by=None):
    """Record the visit of a valid ``GuestBookForm`` and issue its ticket in the chosen service's line."""
    data = form.cleaned_data
    guest = _save_guest(form.office, form.guest, data)
    ticket = issue_ticket(form.office, data["service"], guest.full_name, guest.phone or guest.email,
                          issued_by=issued_by)
    return GuestBookEntry.objects.create(
        office=form.office, guest=guest, ticket=ticket, kiosk=kiosk, identity_type=guest.identity_type,
        identity_number=guest.identity_number, institution=guest.institution,
        purpose=data["purpose"].strip())
