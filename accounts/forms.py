from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Segment, User
from .validators import identity_number_for, normalize_npwp, normalize_phone

NPWP_REQUIRED = _("NPWP wajib diisi untuk segmen swasta.")


def clean_npwp_for_segment(form, cleaned, missing=NPWP_REQUIRED):
    """A form's ``npwp`` for its ``segment`` (the profile's and the desk's): asked of the private
    segment only, where it is required and stored as digits. The pages show the field only while
    the private segment is chosen (``.segment-form`` in portal.css): an NPWP left in the hidden
    field by another segment is neither checked nor kept."""
    if cleaned.get("segment") != Segment.PRIVATE:
        cleaned["npwp"] = ""
    elif "npwp" in form.errors:
        return
    elif not cleaned.get("npwp", "").strip():
        form.add_error("npwp", missing)
    else:
        try:
            cleaned["npwp"] = normalize_npwp(cleaned["npwp"])
        except ValidationError as error:
            form.add_error("npwp", error)


class PhoneFieldMixin:
    """A form's ``phone`` stored as the profile stores it: +62… (empty stays empty)."""

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return normalize_phone(phone) if phone else phone

class ContactFieldsMixin(PhoneFieldMixin):
    """A person's contact as told to an officer or a kiosk: the phone as the profile stores it, the
    email in lower case."""

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class SignupDetailsForm(forms.Form):
    """Extra field on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])


class ContactDetailsForm(PhoneFieldMixin, forms.ModelForm):
    """Name and phone. All that staff edit here: their role and office are set by an administrator."""

    class Meta:
        model = User
        fields = ["full_name", "phone"]
        labels = {"full_name": _("Nama lengkap"), "phone": _("Nomor telepon/WhatsApp")}
        help_texts = {"phone": _("Contoh: 0812 3456 7890. Kami menyimpannya dalam format +62.")}
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class ProfileForm(ContactDetailsForm):
    """A visitor's profile. NPWP is asked of (and required for) the private segment only, agency and unit
    for government agencies; identity numbers are checked by their type."""

    # Accepts the written form 99.999.999.9-999.999; stored as digits.
    npwp = forms.CharField(
        label=_("NPWP"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Wajib bagi segmen swasta: 15 angka (99.999.999.9-999.999) atau 16 angka."),
    )

    class Meta(ContactDetailsForm.Meta):
        fields = [
            *ContactDetailsForm.Meta.fields,
            "identity_type",
            "identity_number",
            "segment",
            "institution",
            "npwp",
            "agency_unit",
        ]
        labels = {
            **ContactDetailsForm.Meta.labels,
            "identity_type": _("Jenis kartu identitas"),
            "identity_number": _("Nomor kartu identitas"),
            "segment": _("Segmen pengguna"),
            "institution": _("Instansi/lembaga"),
            "agency_unit": _("Unit kerja"),
        }
        help_texts = {
            **ContactDetailsForm.Meta.help_texts,
            "identity_number": _("KTP: 16 angka NIK. SIM: 12–16 angka. Paspor: 6–9 huruf dan angka."),
            "institution": _("Wajib bagi instansi pemerintah: nama kementerian, lembaga atau pemda."),
            "agency_unit": _("Wajib bagi instansi pemerintah: dinas/badan/unit penyelenggara."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("phone", "identity_type", "identity_number", "segment"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        self._clean_identity(cleaned)
        clean_npwp_for_segment(self, cleaned)
        if cleaned.get("segment") == Segment.GOVERNMENT:
            if not cleaned.get("institution"):
                self.add_error("institution", _("Nama instansi wajib diisi untuk instansi pemerintah."))
            if not cleaned.get("agency_unit"):
                self.add_error("agency_unit", _("Unit kerja wajib diisi untuk instansi pemerintah."))
        return cleaned

    def _clean_identity(self, cleaned):
        kind, number = cleaned.get("identity_type"), cleaned.get("identity_number")
        if not kind or not number:
            return
        try:
            cleaned["identity_number"] = identity_number_for(kind, number)
        except ValidationError as error:
            self.add_error("identity_number", error)


class DeskCodeForm(forms.Form):
    """The code the visitor reads out at the desk (accounts.desk): left empty, the desk sends one."""

    code_sent = False

    code = forms.CharField(
        label=_("Kode konfirmasi"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=_(
            "Kode 6 angka yang dikirim ke email pengunjung. Kosongkan untuk mengirim kode; pengunjung "
            "membacakan kode dari emailnya."
        ),
    )
