"""The FS3 and FP-KPA forms as sections (domain.md lists their blocks), and the forms around them.

Every section is a form whose answers are stored as the text typed (``to_stored``), so a section can
be saved as a draft while invalid and shown again exactly as it was left. A section counts as done
only when its form validates. ``SECTIONS`` gives each form's sections in order.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from requests_app.forms import CheckedFileField
from services.recommendation.section_forms import (
    FREQUENCIES,
    LONG_TEXT,
    METHOD_CENSUS,
    METHOD_SURVEY,
    SHORT_TEXT,
    MonthField,
    SectionForm,
)


class DesignForm(SectionForm):
    key = "design"
    title = _("IV. Rancangan kegiatan")
    multiple = ("collection_modes",)
    frequency = forms.ChoiceField(label=_("Frekuensi"), choices=[("", "—"), *FREQUENCIES])
    survey_type = forms.ChoiceField(
        label=_("Tipe pengumpulan"),
        choices=[
            ("", "—"),
            ("cross_section", _("Cross-section")),
            ("panel", _("Panel")),
            ("longitudinal", _("Longitudinal")),
        ],
    )
    coverage = forms.CharField(
        label=_("Cakupan wilayah"),
        max_length=300,
        help_text=_("Mis. seluruh kecamatan di Kabupaten Kotabaru."),
    )
    method = forms.ChoiceField(
        label=_("Cara pengumpulan data"),
        choices=[("", "—"), (METHOD_CENSUS, _("1. Sensus")), (METHOD_SURVEY, _("2. Survei"))],
    )
    collection_modes = forms.MultipleChoiceField(
        label=_("Moda pengumpulan"),
        widget=forms.CheckboxSelectMultiple,
        choices=(
            ("papi", "PAPI (kertas)"),
            ("capi", "CAPI (wawancara dengan gawai)"),
            ("cati", "CATI (telepon)"),
            ("cawi", "CAWI (daring)"),
            ("mail", _("Surat/pos")),
        ),
    )
    unit_of_observation = forms.CharField(
        label=_("Unit observasi"), max_length=200, help_text=_("Mis. rumah tangga, puskesmas, pelaku usaha.")
    )


PROBABILITY_METHODS = (
    ("simple_random", _("Acak sederhana")),
    ("systematic", _("Sistematik")),
    ("stratified", _("Berstrata")),
    ("cluster", _("Klaster")),
    ("pps", "PPS"),
    ("non_probability", _("Non-probabilitas")),
)


class SampleForm(SectionForm):
    key = "sample"
    title = _("V. Rancangan sampel")
    multiple = ("methods",)
    stages = forms.IntegerField(label=_("Jumlah tahap penarikan sampel"), min_value=1, max_value=5)
    methods = forms.MultipleChoiceField(
        label=_("Metode pemilihan sampel (semua tahap)"),
        widget=forms.CheckboxSelectMultiple,
        choices=PROBABILITY_METHODS,
    )
    stage_units = forms.CharField(
        label=_("Unit sampel dan metode per tahap"),
        widget=SHORT_TEXT,
        max_length=1000,
        help_text=_("Mis. tahap 1: desa, PPS; tahap 2: rumah tangga, sistematik."),
    )
    frame = forms.CharField(label=_("Kerangka sampel"), max_length=300)
    sample_size = forms.IntegerField(label=_("Jumlah sampel"), min_value=1)
    fraction = forms.CharField(label=_("Fraksi sampling"), max_length=50, help_text=_("Mis. 10% atau 1/10."))
    sampling_error = forms.CharField(label=_("Perkiraan sampling error (RSE/MoE)"), max_length=50)


# ----------------------------------------------------------------- VI to VIII


class CollectionForm(SectionForm):
    key = "collection"
    title = _("VI. Pengumpulan data")
    pilot = forms.ChoiceField(
        label=_("Uji coba (pilot)"), choices=[("", "—"), ("yes", _("Ada")), ("no", _("Tidak ada"))]
    )
    pilot_note = forms.CharField(
        label=_("Keterangan uji coba"), required=False, widget=SHORT_TEXT, max_length=1000
    )
    quality_control = forms.CharField(
        label=_("Pengendalian kualitas (pengawasan, pemeriksaan)"), widget=SHORT_TEXT, max_length=2000
    )
    non_response = forms.CharField(label=_("Penanganan non-respons"), widget=SHORT_TEXT, max_length=2000)
    staff_training = forms.CharField(
        label=_("Petugas dan pelatihannya"),
        widget=SHORT_TEXT,
        max_length=2000,
        help_text=_("Jumlah petugas pencacah dan pengawas, lama pelatihan."),
    )


class ProcessingForm(SectionForm):
    key = "processing"
    title = _("VII. Pengolahan dan analisis")
    processing = forms.CharField(
        label=_("Pengolahan (entri, validasi, perangkat lunak)"), widget=LONG_TEXT, max_length=3000
    )
    analysis = forms.CharField(label=_("Metode analisis"), widget=LONG_TEXT, max_length=3000)


class DisseminationForm(SectionForm):
    key = "dissemination"
    title = _("VIII. Diseminasi hasil")
    multiple = ("media",)
    products = forms.CharField(
        label=_("Produk yang dihasilkan"),
        widget=SHORT_TEXT,
        max_length=1000,
        help_text=_("Mis. publikasi, tabel, basis data."),
    )
    media = forms.MultipleChoiceField(
        label=_("Media diseminasi"),
        widget=forms.CheckboxSelectMultiple,
        choices=(
            ("print", _("Publikasi cetak")),
            ("website", _("Situs web instansi")),
            ("satu_data", _("Portal Satu Data")),
            ("release", _("Rilis/konferensi pers")),
            ("other", _("Lainnya")),
        ),
    )
    schedule = MonthField(label=_("Jadwal rilis (bulan)"))
    access = forms.ChoiceField(
        label=_("Akses hasil"),
        choices=[
            ("", "—"),
            ("public", _("Terbuka untuk umum")),
            ("restricted", _("Terbatas, atas permintaan")),
            ("internal", _("Internal instansi")),
        ],
    )


class AttachmentsForm(SectionForm):
    """The cover letter and the questionnaire (or, for a compilation, the recording form)."""

    key = "attachments"
    title = _("Lampiran")
    cover_letter = CheckedFileField(label=_("Surat pengantar dari pimpinan instansi"))
    questionnaire = CheckedFileField(label=_("Kuesioner/instrumen pengumpulan data"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recommendation = self.recommendation
        if recommendation is not None and not recommendation.is_survey:
            self.fields["questionnaire"].label = _("Formulir pencatatan administrasi (bila ada)")

    def required_slots(self):
        recommendation = self.recommendation
        return (
            ("cover_letter", "questionnaire")
            if recommendation is None or recommendation.is_survey
            else ("cover_letter",)
        )

    def clean(self):
        data = super().clean()
        for slot in self.required_slots():
            if (
                not data.get(slot)
                and getattr(self.recommendation, f"{slot}_id", None) is None
                and slot not in self.errors
            ):
                self.add_error(slot, _("Unggah %(what)s.") % {"what": str(self.fields[slot].label).lower()})
        return data

    def to_stored(self):
        return {}

    @classmethod
    def display(cls, stored):
        return []


