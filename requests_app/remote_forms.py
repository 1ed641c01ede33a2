"""The officer's form for a request that arrived by WhatsApp, LiveChat, email or phone."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import ContactFieldsMixin
from requests_app.registry import remote_service_slugs
from services.catalogue.models import REMOTE_CHANNELS, Standard

PURPOSE_MAX_LENGTH = 5000


class StandardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, standard):
        return standard.service_kind.name


def remote_standards(office):
    """The office's standards in force of every service that takes requests recorded by staff."""
    return (Standard.objects.in_force().filter(office=office, service_kind__slug__in=remote_service_slugs())
            .select_related("office", "service_kind").order_by("service_kind__order"))


class RemoteRequestForm(ContactFieldsMixin, forms.Form):
    standard = StandardChoiceField(label=_("Layanan"), queryset=Standard.objects.none(), empty_label=None)
    channel = forms.ChoiceField(label=_("Diterima melalui"),
                                choices=[(c.value, c.label) for c in REMOTE_CHANNELS])
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        help_text=_("Contoh: 0812 3456 7890. Isi nomor telepon, email, atau keduanya."))
    email = forms.EmailField(
        label=_("Email"), required=False,
        help_text=_("Bila diisi: alamat tanpa akun dibuatkan akun dan diundang lewat email; pemilik "
                    "alamat yang sudah punya akun diminta mengonfirmasi lebih dulu."))
    institution = forms.CharField(label=_("Instansi/lembaga"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Permintaan atau pertanyaan"), max_length=PURPOSE_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = remote_standards(office)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("phone") and not data.get("email"):
            raise ValidationError(_("Isi nomor telepon atau email pengguna layanan."))
        return data
