"""The public register of recommended activities (``/rekomendasi/daftar/``): every issued letter,
searchable by title, agency or number, and filtered by year, kind of activity and office."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from services.catalogue.models import Office
from services.recommendation.models import Letter, Recommendation


def register_rows():
    return (
        Letter.objects.filter(state=Letter.State.ISSUED)
        .select_related("office")
        .order_by("-letter_date", "-sequence")
    )


class RegisterFilterForm(forms.Form):
    """The register's search and filters in one row (crispy-forms), the button in the template."""

    COLUMNS = (("q", "col-md-4"), ("activity_year", "col-md-2"), ("form", "col-md-3"), ("office", "col-md-2"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: no token in the address
        self.helper.layout = Layout(*(Div(name, css_class=width) for name, width in self.COLUMNS))


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari"),
        method="search",
        widget=forms.TextInput(
            attrs={"placeholder": _("judul kegiatan, instansi atau nomor surat"), "type": "search"}
        ),
    )
    activity_year = django_filters.ChoiceFilter(label=_("Tahun kegiatan"), empty_label=_("Semua tahun"))
    form = django_filters.ChoiceFilter(
        label=_("Jenis kegiatan"), choices=Recommendation.Form.choices, empty_label=_("Semua jenis")
    )
    office = django_filters.ModelChoiceFilter(
        label=_("Kantor BPS"),
        queryset=Office.objects.none(),
        to_field_name="code",
        empty_label=_("Semua kantor"),
    )

    class Meta:
        model = Letter
        fields = []
        form = RegisterFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        issued = Letter.objects.filter(state=Letter.State.ISSUED)
        # The distinct years off the (state, activity_year) index; the offices each by their first letter.
        years = (issued.exclude(activity_year=None).order_by("-activity_year")
                 .values_list("activity_year", flat=True).distinct())
        self.filters["activity_year"].extra["choices"] = [(str(y), str(y)) for y in years]
        self.filters["office"].queryset = Office.objects.filter(
            Exists(issued.filter(office=OuterRef("pk")))
        ).order_by("code")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(activity_title__icontains=value)
            | Q(agency__icontains=value)
            | Q(agency_unit__icontains=value)
            | Q(number__icontains=value)
        )
