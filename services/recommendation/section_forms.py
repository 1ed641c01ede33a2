"""The FS3 and FP-KPA forms as sections (domain.md lists their blocks), and the forms around them.

Every section is a form whose answers are stored as the text typed (``to_stored``), so a section can
be saved as a draft while invalid and shown again exactly as it was left. A section counts as done
only when its form validates. ``SECTIONS`` gives each form's sections in order.
"""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from accounts.validators import normalize_phone
from services.catalogue.formatting import month_name

METHOD_CENSUS, METHOD_SURVEY = "1", "2"  # the FS3's answer codes
FREQUENCIES = (
    ("once", _("Sekali (ad hoc)")),
    ("monthly", _("Bulanan")),
    ("quarterly", _("Triwulanan")),
    ("semester", _("Semesteran")),
    ("yearly", _("Tahunan")),
    ("other", _("Lainnya")),
)
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
LONG_TEXT = forms.Textarea(attrs={"rows": 4})
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2027-01"})

    def clean(self, value):
        value = super().clean(value)
        if value and not MONTH.match(value):
            raise ValidationError(_("Tulis bulan sebagai TTTT-BB, mis. 2027-03."), code="month")
        if value and not 2000 <= int(value[:4]) <= 2100:
            raise ValidationError(_("Tahun di luar rentang yang wajar."), code="month_year")
        return value


class SectionForm(forms.Form):
    """One section of a form. ``stored`` is what ``to_stored`` returned for it last time."""

    key = ""
    title = ""
    multiple = ()  # fields whose raw value is a list

    def __init__(self, *args, recommendation=None, **kwargs):
        self.recommendation = recommendation
        super().__init__(*args, **kwargs)

    @classmethod
    def bind(cls, stored, **kwargs):
        """The form bound to what was stored, to check it or to show it again."""
        return cls(data=_as_data(stored or {}), **kwargs)

    def to_stored(self):
        stored = {}
        for name in self.fields:
            if name in self.multiple:
                # In the order of the choices, so the same ticks never read as a change between rounds.
                order = [str(value) for value, _label in self.fields[name].choices]
                ticked = {v for v in self.data.getlist(self.add_prefix(name)) if v}
                stored[name] = sorted(ticked, key=lambda v: order.index(v) if v in order else len(order))
            else:
                value = self.data.get(self.add_prefix(name), "")
                stored[name] = value.strip() if isinstance(value, str) else value
        return stored

    @classmethod
    def display(cls, stored):
        """[(label, text)] of the stored answers, choices written out."""
        form = cls()
        rows = []
        for name, field in form.fields.items():
            value = (stored or {}).get(name, [] if name in cls.multiple else "")
            rows.append((field.label, _written(field, value)))
        return rows


def _as_data(values):
    """Stored answers as form data: lists stay lists (multiple choices), the rest single values."""
    return MultiValueDict({name: value if isinstance(value, list) else [value]
                           for name, value in values.items()})


def _written(field, value):
    choices = dict(getattr(field, "choices", ()) or ())
    if isinstance(field, MonthField):
        return month_name(value)
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if isinstance(field, forms.BooleanField):
        return _("Ya") if value in (True, "on", "true", "True", "1") else _("Tidak")
    return str(choices.get(value, value)) if value not in (None, "") else ""


def _phone(value):
    return normalize_phone(value) if value else value


# ----------------------------------------------------------------- I and II: who organises it


class OrganiserForm(SectionForm):
    key = "organiser"
    title = _("I. Identitas penyelenggara")
    agency = forms.CharField(label=_("Nama instansi"), max_length=200)
    unit = forms.CharField(label=_("Unit kerja penyelenggara"), max_length=200)
    address = forms.CharField(label=_("Alamat kantor"), max_length=300, widget=SHORT_TEXT)
    phone = forms.CharField(label=_("Telepon kantor"), max_length=30)
    email = forms.EmailField(label=_("Email kantor"))
    website = forms.URLField(label=_("Situs web (bila ada)"), required=False, assume_scheme="https")

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])


class PersonsForm(SectionForm):
    key = "persons"
    title = _("II. Penanggung jawab")
    admin_name = forms.CharField(label=_("Penanggung jawab administrasi: nama"), max_length=150)
    admin_position = forms.CharField(label=_("Penanggung jawab administrasi: jabatan"), max_length=150)
    admin_phone = forms.CharField(label=_("Penanggung jawab administrasi: telepon/WhatsApp"), max_length=30)
    admin_email = forms.EmailField(label=_("Penanggung jawab administrasi: email"))
    technical_name = forms.CharField(label=_("Penanggung jawab teknis: nama"), max_length=150)
    technical_position = forms.CharField(label=_("Penanggung jawab teknis: jabatan"), max_length=150)
    technical_phone = forms.CharField(label=_("Penanggung jawab teknis: telepon/WhatsApp"), max_length=30)
    technical_email = forms.EmailField(label=_("Penanggung jawab teknis: email"))
    technical_is_consultant = forms.BooleanField(
        label=_("Penanggung jawab teknis adalah konsultan"), required=False
    )
    consultant_firm = forms.CharField(label=_("Nama perusahaan konsultan"), max_length=200, required=False)

    def clean_admin_phone(self):
        return _phone(self.cleaned_data["admin_phone"])

    def clean_technical_phone(self):
        return _phone(self.cleaned_data["technical_phone"])

    def clean(self):
        data = super().clean()
        if data.get("technical_is_consultant") and not data.get("consultant_firm"):
            self.add_error("consultant_firm", _("Tulis nama perusahaan konsultan."))
        return data


# ----------------------------------------------------------------- III: the activity in general

PHASES = (
    ("planning", _("Perencanaan"), True),
    ("design", _("Desain"), False),
    ("collection", _("Pengumpulan data"), True),
    ("processing", _("Pengolahan"), True),
    ("analysis", _("Analisis"), False),
    ("dissemination", _("Diseminasi"), True),
    ("evaluation", _("Evaluasi"), False),
)
FUNDING = (("apbn", "APBN"), ("apbd", "APBD"), ("grant", _("Hibah/kerja sama")), ("other", _("Lainnya")))


class GeneralSurveyForm(SectionForm):
    key = "general"
    title = _("III. Keterangan umum dan jadwal")
    activity_title = forms.CharField(label=_("Judul kegiatan"), max_length=300)
    background = forms.CharField(label=_("Latar belakang"), widget=LONG_TEXT, min_length=50)
    objectives = forms.CharField(label=_("Tujuan"), widget=LONG_TEXT, min_length=20)
    funding_source = forms.ChoiceField(label=_("Sumber pendanaan"), choices=[("", "—"), *FUNDING])
    funding_note = forms.CharField(
        label=_("Keterangan pendanaan (mis. DPA, nilai anggaran)"), max_length=300, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for phase, label, required in PHASES:
            self.fields[f"{phase}_start"] = MonthField(
                label=_("%(phase)s: mulai") % {"phase": label}, required=required
            )
            self.fields[f"{phase}_end"] = MonthField(
                label=_("%(phase)s: selesai") % {"phase": label}, required=required
            )

    def clean(self):
        data = super().clean()
        for phase, label, _required in PHASES:
            start, end = data.get(f"{phase}_start"), data.get(f"{phase}_end")
            if bool(start) != bool(end) and f"{phase}_end" not in self.errors:
                self.add_error(
                    f"{phase}_end" if start else f"{phase}_start",
                    _("Isi bulan mulai dan selesai tahap %(phase)s.") % {"phase": label},
                )
            elif start and end and end < start:
                self.add_error(f"{phase}_end", _("Bulan selesai tidak boleh sebelum bulan mulai."))
        planning, collection = data.get("planning_start"), data.get("collection_start")
        if planning and collection and collection < planning:
            self.add_error("collection_start", _("Pengumpulan data tidak boleh dimulai sebelum perencanaan."))
        return data


class GeneralCompilationForm(SectionForm):
    key = "general"
    title = _("Keterangan umum dan jadwal")
    activity_title = forms.CharField(label=_("Judul kegiatan"), max_length=300)
    objectives = forms.CharField(label=_("Tujuan"), widget=LONG_TEXT, min_length=20)
    benefits = forms.CharField(label=_("Manfaat"), widget=LONG_TEXT, min_length=20)
    start = MonthField(label=_("Kompilasi dimulai (bulan)"))
    end = MonthField(label=_("Kompilasi selesai (bulan)"))
    frequency = forms.ChoiceField(label=_("Frekuensi kompilasi"), choices=[("", "—")])
    funding_source = forms.ChoiceField(label=_("Sumber pendanaan"), choices=[("", "—"), *FUNDING])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = [("", "—"), *FREQUENCIES]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Bulan selesai tidak boleh sebelum bulan mulai."))
        return data


class SourceForm(SectionForm):
    key = "source"
    title = _("Sumber data administrasi")
    record_name = forms.CharField(label=_("Nama catatan/dokumen administrasi"), max_length=300)
    holder = forms.CharField(label=_("Unit pengelola catatan"), max_length=200)
    legal_basis = forms.CharField(label=_("Dasar hukum pencatatan"), widget=SHORT_TEXT, max_length=500)
    recording = forms.CharField(label=_("Cara dan frekuensi pencatatan"), widget=SHORT_TEXT, max_length=500)
    coverage = forms.CharField(label=_("Cakupan wilayah"), max_length=300)
    unit_of_record = forms.CharField(label=_("Unit yang dicatat (mis. pasien, izin usaha)"), max_length=200)


VARIABLE_COLUMNS = (
    ("name", _("Nama variabel"), True),
    ("concept", _("Konsep"), True),
    ("definition", _("Definisi"), True),
    ("reference", _("Rujukan (bila ada)"), False),
)


class VariableRowForm(forms.Form):
    """One variable: a blank row is ignored, a row begun needs its name, concept and definition."""

    name = forms.CharField(required=False, max_length=1000)
    concept = forms.CharField(required=False, max_length=1000, widget=SHORT_TEXT)
    definition = forms.CharField(required=False, max_length=1000, widget=SHORT_TEXT)
    reference = forms.CharField(required=False, max_length=1000)

    def __init__(self, *args, number=None, **kwargs):
        super().__init__(*args, **kwargs)
        for column, label, _required in VARIABLE_COLUMNS:
            self.fields[column].label = f"{label} {number}" if number else label

    def typed(self):
        """The row as typed (valid or not), to keep in a draft."""
        return {c: (self.data.get(self.add_prefix(c)) or "").strip() for c, _l, _r in VARIABLE_COLUMNS}

    def clean(self):
        data = super().clean()
        if any(data.get(c) for c, _l, _r in VARIABLE_COLUMNS):
            for column, label, required in VARIABLE_COLUMNS:
                if required and not data.get(column) and column not in self.errors:
                    what = str(label).lower()
                    self.add_error(column, _("Isi %(what)s untuk variabel ini.") % {"what": what})
        return data


class BaseVariableFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {"number": None if index is None else index + 1}

    def clean(self):
        if not any(any(form.typed().values()) for form in self.forms):
            raise ValidationError(_("Tuliskan paling sedikit satu variabel dengan konsep dan definisinya."))


VARIABLE_ROWS_MAX = 300  # far beyond any real form; a crafted row count cannot make thousands of fields
VariableFormSet = forms.formset_factory(
    VariableRowForm, formset=BaseVariableFormSet, extra=0,
    max_num=VARIABLE_ROWS_MAX, absolute_max=VARIABLE_ROWS_MAX,
)


class VariablesForm(SectionForm):
    """Variables with concept and definition: as many rows as needed (blank rows are ignored), a Django
    formset (``self.formset``, prefix ``variables``). Its errors are this section's errors."""

    key = "variables"
    title = _("Variabel: konsep dan definisi")
    COLUMNS = VARIABLE_COLUMNS
    PREFIX = "variables"
    BLANK_ROWS = 3
    MAX_ROWS = VARIABLE_ROWS_MAX

    def __init__(self, *args, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.formset = VariableFormSet(self.data, prefix=self.PREFIX)
        else:
            self.formset = VariableFormSet(initial=list(rows or []), prefix=self.PREFIX)
            self.formset.extra = self.BLANK_ROWS

    @property
    def row_count(self):
        return len(self.formset.forms)

    @classmethod
    def bind(cls, stored, **kwargs):
        rows = (stored or {}).get("rows", [])
        data = {f"{cls.PREFIX}-TOTAL_FORMS": str(max(len(rows), 1)), f"{cls.PREFIX}-INITIAL_FORMS": "0"}
        for index, row in enumerate(rows):
            for column, _label, _required in cls.COLUMNS:
                data[f"{cls.PREFIX}-{index}-{column}"] = row.get(column, "")
        return cls(data=_as_data(data), **kwargs)

    def __iter__(self):
        """Every row's fields (for the error summary, which links each error to its field)."""
        for row in self.formset:
            yield from row

    def rows(self):
        """The rows as typed, blank rows left out."""
        return [row for row in (form.typed() for form in self.formset.forms) if any(row.values())]

    def to_stored(self):
        return {"rows": self.rows()}

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.formset.is_valid():
            for error in self.formset.non_form_errors():
                self.add_error(None, error)
            for form in self.formset.forms:
                for name, errors in form.errors.items():
                    self._errors[form.add_prefix(name)] = errors

    @classmethod
    def display(cls, stored):
        return [
            (
                row.get("name", ""),
                " — ".join(
                    v
                    for v in (row.get("concept", ""), row.get("definition", ""), row.get("reference", ""))
                    if v
                ),
            )
            for row in (stored or {}).get("rows", [])
        ]


# ----------------------------------------------------------------- IV and V: design and sample (FS3)

