from django import forms
from django.utils.translation import gettext_lazy as _

from .numbering import office_lines


class OpenDeskForm(forms.Form):
    name = forms.CharField(label=_("Nama loket"), max_length=40, initial="Loket 1",
                           help_text=_("Misalnya: Loket 1. Nama yang sama membuka kembali loket itu."))
    services = forms.MultipleChoiceField(label=_("Layanan yang dilayani"),
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = office_lines(office)


class IssueTicketForm(forms.Form):
    """A ticket for a visitor standing at the desk (the kiosk comes later)."""

    guest_name = forms.CharField(label=_("Nama tamu"), max_length=120)
    guest_contact = forms.CharField(label=_("Telepon atau email (opsional)"), max_length=120, required=False)
    service = forms.ChoiceField(label=_("Layanan"))

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = office_lines(office)


class TransferForm(forms.Form):
    service = forms.ChoiceField(label=_("Alihkan ke antrean"))

    def __init__(self, *args, office, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [line for line in office_lines(office) if line[0] != exclude]


class CheckInForm(forms.Form):
    """A signed-in visitor at the office: the desk's code of the day and the service they came for."""

    code = forms.RegexField(label=_("Kode dari loket"), regex=r"^\d{6}$", max_length=6,
                            help_text=_("Enam angka yang tampil di loket hari ini."),
                            error_messages={"invalid": _("Kode terdiri dari enam angka.")},
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    service = forms.ChoiceField(label=_("Layanan"))

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = office_lines(office)
