"""The complaint form (anyone, on the portal), the officer's form for another channel's complaint, the
answer and the office's deadline setting."""
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import ContactFieldsMixin
from complaints.complaint_models import OTHER_CHANNELS, ComplaintChannel, ComplaintSettings, Subject
from complaints.filing import linked_request
from requests_app.access import reached_office
from requests_app.forms import CheckedFilesField
from requests_app.models import Request, normalize_tracking_code
from services.catalogue.models import Office

TEXT_MAX_LENGTH = 5000
MAX_FILES = 3


class ComplaintFields(forms.Form):
    subject = forms.ChoiceField(label=_("Pengaduan tentang"), choices=Subject.choices,
                                widget=forms.RadioSelect)
    request_code = forms.CharField(
        label=_("Kode pelacakan permintaan"), max_length=30, required=False,
        help_text=_("Wajib bila pengaduan tentang permintaan layanan tertentu. Contoh: 6500-26-ACDEFG."))
    text = forms.CharField(label=_("Isi pengaduan"), max_length=TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Ceritakan apa yang terjadi, kapan, dan apa yang Anda harapkan."))
    files = CheckedFilesField(label=_("Lampiran (tidak wajib)"), help_text=_(
        "Paling banyak 3 berkas PDF, JPEG, PNG, DOCX atau XLSX."))
    full_name = forms.CharField(label=_("Nama"), max_length=150, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES:
            raise ValidationError(_("Lampirkan paling banyak 3 berkas."))
        return files

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def office_for_request(self):
        return self.cleaned_data.get("office")

    def check_request(self, user):
        data = self.cleaned_data
        data["request"] = None
        if data.get("subject") != Subject.REQUEST:
            return
        if not data.get("request_code"):
            self.add_error("request_code", _("Isi kode pelacakan permintaan yang diadukan."))
            return
        office = self.office_for_request()
        if office is None:
            return
        try:
            data["request"] = linked_request(office, data["request_code"], user, data.get("email"))
        except ValidationError as error:
            self.add_error("request_code", error)


class ComplaintForm(ContactFieldsMixin, ComplaintFields):
    """Anyone's complaint. Someone not signed in gives a name and an email or a phone number."""

    office = forms.ModelChoiceField(label=_("Kantor yang diadukan"), empty_label=_("Pilih kantor"),
                                    queryset=Office.objects.filter(is_active=True).order_by("code"))
    token = forms.UUIDField(widget=forms.HiddenInput)
    field_order = ["office", "subject", "request_code", "text", "files", "full_name", "email", "phone"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["token"].initial = uuid.uuid4()
        if user.is_authenticated:
            for name in ("full_name", "email", "phone"):
                del self.fields[name]
        else:
            self.fields["full_name"].required = True
            self.fields["email"].help_text = _("Isi email, nomor telepon, atau keduanya. Dengan email, "
                                               "Anda menerima tautan pribadi untuk mengikuti pengaduan.")

    def clean(self):
        data = super().clean()
        no_contact = not data.get("email") and not data.get("phone")
        if not self.user.is_authenticated and not self.errors and no_contact:
            raise ValidationError(_("Isi email atau nomor telepon agar kami dapat menjawab."))
        self.check_request(self.user)
        return data


class RecordComplaintForm(ContactFieldsMixin, ComplaintFields):
    """An officer records a complaint that came by another channel."""

    channel = forms.ChoiceField(label=_("Diterima melalui"),
                                choices=[(c.value, c.label) for c in OTHER_CHANNELS])
    lapor_reference = forms.CharField(label=_("Nomor pengaduan SP4N-LAPOR"), max_length=40, required=False,
                                      help_text=_("Wajib bila diterima melalui SP4N-LAPOR."))
    received_on = forms.DateField(label=_("Tanggal diterima"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("Kosongkan bila diterima hari ini."))
    field_order = ["channel", "lapor_reference", "received_on", "subject", "request_code", "text", "files",
                   "full_name", "email", "phone"]

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["full_name"].help_text = _("Kosongkan bila pengadu tidak menyebut nama.")

    def office_for_request(self):
        return self.office

    def clean(self):
        data = super().clean()
        if data.get("channel") == ComplaintChannel.LAPOR and not (data.get("lapor_reference") or "").strip():
            self.add_error("lapor_reference", _("Isi nomor pengaduan SP4N-LAPOR."))
        received_on = data.get("received_on")
        if received_on and received_on > timezone.localdate(timezone.now(), self.office.zone):
            self.add_error("received_on", _("Tanggal diterima tidak boleh di masa depan."))
        self.check_request_by_staff()
        return data

    def check_request_by_staff(self):
        """The officer links a request of their own office by its code (no email needed)."""
        data = self.cleaned_data
        data["request"] = None
        if data.get("subject") != Subject.REQUEST or not data.get("request_code"):
            return
        code = normalize_tracking_code(data["request_code"])
        data["request"] = reached_office(Request.objects.filter(office=self.office, code=code)).first()
        if data["request"] is None:
            self.add_error("request_code", _("Tidak ada permintaan dengan kode itu di kantor ini."))


class AnswerForm(forms.Form):
    note = forms.CharField(label=_("Jawaban untuk pengadu"), max_length=TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 6}))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ComplaintSettings
        fields = ["response_days"]
