
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from requests_app.models import normalize_tracking_code
from requests_app.uploads import ACCEPT_ATTRIBUTE, check_upload
from services.catalogue.models import Requirement


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFileField(forms.FileField):
    """One uploaded file, checked by content and size; ``cleaned_data`` holds
    ``(file, content_type, extension)``."""

    widget = forms.ClearableFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = ACCEPT_ATTRIBUTE

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return None
        content_type, extension = check_upload(uploaded)
        return (uploaded, content_type, extension)


class CheckedFilesField(CheckedFileField):
    """Several files at once, each checked; ``cleaned_data`` is a list of triples."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        checked, errors = [], []
        for uploaded in files:
            try:
                checked.append(super().clean(uploaded, initial))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        if self.required and not checked:
            raise ValidationError(self.error_messages["required"], code="required")
        return [c for c in checked if c]


FILE_HELP = _("PDF, JPEG, PNG, DOCX atau XLSX, paling besar %(limit)s MB per berkas.")


class RequestForm(forms.Form):
    """Filing a request on the online channel: purpose, then each requirement of the standard."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    purpose = forms.CharField(
        label=_("Keperluan"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Jelaskan data atau layanan yang Anda perlukan dan untuk apa."),
        error_messages={"required": _("Tuliskan keperluan Anda."),
                        "min_length": _("Jelaskan keperluan Anda sedikit lebih lengkap (paling sedikit "
                                        "%(limit_value)d karakter).")},
    )
    supporting = CheckedFilesField(label=_("Dokumen pendukung lain (boleh dikosongkan)"))

    def __init__(self, *args, requirements=(), uploaded_requirement_ids=(), upload_limit_mb=10, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        help_text = FILE_HELP % {"limit": upload_limit_mb}
        self.fields["supporting"].help_text = help_text
        for requirement in self.requirements:
            if requirement.evidence == Requirement.Evidence.UPLOAD:
                field = CheckedFileField(label=requirement.text, help_text=help_text)
                if requirement.pk in uploaded_requirement_ids:
                    field.help_text = _("Sudah diunggah. Unggah lagi hanya untuk menggantinya.")
                self.fields[f"file_{requirement.pk}"] = field
            else:
                self.fields[f"confirm_{requirement.pk}"] = forms.BooleanField(
                    label=requirement.text,
                    required=True,
                    error_messages={"required": _("Centang untuk menyatakan bahwa Anda memenuhi "
                                                  "persyaratan ini.")},
                )
        self.order_fields(["submission_token", "purpose"])

    def requirement_fields(self):
        return [self[name] for name in self.fields if name.startswith(("confirm_", "file_"))]

    def confirmed_requirement_ids(self):
        return [r.pk for r in self.requirements if self.cleaned_data.get(f"confirm_{r.pk}")]

    def files_by_requirement(self):
        return {
            r: self.cleaned_data[f"file_{r.pk}"]
            for r in self.requirements
            if self.cleaned_data.get(f"file_{r.pk}")
        }


class NoteForm(forms.Form):
    """A state action with an optional or required note, guarded by the version the page showed."""

    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class VisitorAnswerForm(NoteForm):
    files = CheckedFilesField(label=_("Dokumen perbaikan (boleh lebih dari satu)"))


class DocumentsForm(forms.Form):
    files = CheckedFilesField(label=_("Dokumen"), required=True)
    note = forms.CharField(label=_("Keterangan (boleh dikosongkan)"), required=False, max_length=1000)


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    officer = forms.ModelChoiceField(label=_("Tugaskan kepada"), queryset=User.objects.none())

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(
            office=office, role=Role.OFFICER, is_active=True
        ).order_by("full_name")


class TrackForm(forms.Form):
    kode = forms.CharField(label=_("Kode pelacakan"), max_length=30,
                           help_text=_("Contoh: 6302-26-K7Q3XM. Huruf besar atau kecil sama saja."))

    def clean_kode(self):
        code = normalize_tracking_code(self.cleaned_data["kode"])
        if not code:
            raise ValidationError(_("Kode pelacakan terdiri atas 4 angka kode kantor, 2 angka tahun dan "
                                    "6 huruf/angka, misalnya 6302-26-K7Q3XM."))
        return code


