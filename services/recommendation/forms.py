"""The FS3 and FP-KPA forms as sections (domain.md lists their blocks), and the forms around them.

Every section is a form whose answers are stored as the text typed (``to_stored``), so a section can
be saved as a draft while invalid and shown again exactly as it was left. A section counts as done
only when its form validates. ``SECTIONS`` gives each form's sections in order.
"""
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import DeskCodeForm
from accounts.validators import normalize_phone
from services.recommendation.design_forms import (
    AttachmentsForm,
    CollectionForm,
    DesignForm,
    DisseminationForm,
    ProcessingForm,
    SampleForm,
)
from services.recommendation.models import Recommendation
from services.recommendation.section_forms import (
    MONTH,
    SHORT_TEXT,
    GeneralCompilationForm,
    GeneralSurveyForm,
    OrganiserForm,
    PersonsForm,
    SourceForm,
    VariablesForm,
)


@dataclass(frozen=True)
class Section:
    form_class: type

    @property
    def key(self):
        return self.form_class.key

    @property
    def title(self):
        return self.form_class.title


SECTIONS = {
    Recommendation.Form.FS3: tuple(
        Section(f)
        for f in (
            OrganiserForm,
            PersonsForm,
            GeneralSurveyForm,
            VariablesForm,
            DesignForm,
            SampleForm,
            CollectionForm,
            ProcessingForm,
            DisseminationForm,
            AttachmentsForm,
        )
    ),
    Recommendation.Form.FP_KPA: tuple(
        Section(f)
        for f in (
            OrganiserForm,
            PersonsForm,
            GeneralCompilationForm,
            SourceForm,
            VariablesForm,
            DisseminationForm,
            AttachmentsForm,
        )
    ),
}


# ----------------------------------------------------------------- the forms around the sections


class StartForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Jenis kegiatan"), choices=Recommendation.Form.choices, widget=forms.RadioSelect
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)


class SubmitRecommendationForm(forms.Form):
    """The check page: the standard's statements, each ticked."""

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        for requirement in self.requirements:
            self.fields[f"confirm_{requirement.pk}"] = forms.BooleanField(
                label=requirement.text,
                required=True,
                error_messages={"required": _("Centang pernyataan ini untuk mengajukan.")},
            )

    def confirmed_ids(self):
        return [r.pk for r in self.requirements if self.cleaned_data.get(f"confirm_{r.pk}")]


class ReviewForm(forms.Form):
    """The officer's verdict on one round: a tick or a note per section, and the outcome."""

    FEASIBLE, REVISE = "feasible", "revise"
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Hasil pemeriksaan"),
        widget=forms.RadioSelect,
        choices=(
            (FEASIBLE, _("Layak: susun surat rekomendasi")),
            (REVISE, _("Perlu diperbaiki: kembalikan kepada instansi dengan catatan")),
        ),
    )
    note = forms.CharField(
        label=_("Catatan umum untuk instansi"), required=False, widget=SHORT_TEXT, max_length=3000
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            self.fields[f"ok_{section.key}"] = forms.BooleanField(label=_("Sesuai"), required=False)
            self.fields[f"note_{section.key}"] = forms.CharField(
                label=_("Catatan perbaikan: %(section)s") % {"section": section.title},
                required=False,
                widget=SHORT_TEXT,
                max_length=2000,
            )

    def section_rows(self):
        return [(s, self[f"ok_{s.key}"], self[f"note_{s.key}"]) for s in self.sections]

    def checklist(self):
        return {s.key: bool(self.cleaned_data.get(f"ok_{s.key}")) for s in self.sections}

    def section_notes(self):
        return {
            s.key: self.cleaned_data[f"note_{s.key}"].strip()
            for s in self.sections
            if self.cleaned_data.get(f"note_{s.key}", "").strip()
        }

    def clean(self):
        data = super().clean()
        if not self.sections:
            return data
        if data.get("outcome") == self.FEASIBLE:
            unticked = [s for s in self.sections if not data.get(f"ok_{s.key}")]
            for section in unticked:
                self.add_error(
                    f"ok_{section.key}",
                    _("Centang bila bagian ini sesuai, atau kembalikan formulir dengan catatan."),
                )
        elif data.get("outcome") == self.REVISE:
            notes = [s for s in self.sections if (data.get(f"note_{s.key}") or "").strip()]
            if not notes:
                raise ValidationError(_("Tuliskan catatan pada bagian yang perlu diperbaiki."))
            for section in notes:
                if data.get(f"ok_{section.key}"):
                    self.add_error(
                        f"ok_{section.key}", _("Bagian yang diberi catatan perbaikan belum sesuai.")
                    )
        return data


class LetterForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Perihal"), max_length=200)
    addressee = forms.CharField(
        label=_("Tujuan surat"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    body = forms.CharField(label=_("Isi surat"), widget=forms.Textarea(attrs={"rows": 10}), max_length=6000)


class WalkInAgencyForm(DeskCodeForm):
    """The agency at the desk: their account is reached with the code sent to its email, or made, as
    the standard says."""

    field_order = ["email", "code"]

    email = forms.EmailField(label=_("Email instansi/penanggung jawab"))
    full_name = forms.CharField(label=_("Nama penanggung jawab"), max_length=150)
    phone = forms.CharField(label=_("Telepon/WhatsApp"), max_length=30)
    institution = forms.CharField(label=_("Instansi"), max_length=200)
    agency_unit = forms.CharField(label=_("Unit kerja"), max_length=200)
    form = forms.ChoiceField(
        label=_("Jenis kegiatan"), choices=Recommendation.Form.choices, widget=forms.RadioSelect
    )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])


class CompareLetterForm(forms.Form):
    pdf = forms.FileField(label=_("Berkas PDF surat yang Anda terima"))

    MAX_BYTES = 10 * 1024 * 1024

    def clean_pdf(self):
        uploaded = self.cleaned_data["pdf"]
        if uploaded.size > self.MAX_BYTES:
            raise ValidationError(_("Berkas lebih dari 10 MB; surat rekomendasi jauh lebih kecil."))
        head = uploaded.read(5)
        uploaded.seek(0)
        if head != b"%PDF-":
            raise ValidationError(_("Berkas ini bukan PDF."))
        return uploaded


def month_year(value):
    """The year of a stored YYYY-MM, or None."""
    match = MONTH.match(value or "")
    return int(match.group(1)) if match else None
