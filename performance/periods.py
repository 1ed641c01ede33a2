"""The dashboard's period: this week, month (the default), quarter or year on the office's clock, or a
range from–to the person chooses (validated: both days, in order, at most ``MAX_RANGE_DAYS``)."""
import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERIOD_CHOICES = (
    ("minggu-ini", _("Minggu ini")),
    ("bulan-ini", _("Bulan ini")),
    ("kuartal-ini", _("Kuartal ini")),
    ("tahun-ini", _("Tahun ini")),
    ("rentang", _("Rentang tanggal")),
)
DEFAULT_PERIOD = "bulan-ini"
MAX_RANGE_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    first_day: datetime.date
    last_day: datetime.date  # the period's last day, or today while it is still running


class PeriodForm(forms.Form):
    periode = forms.ChoiceField(label=_("Periode"), choices=PERIOD_CHOICES, required=False,
                                widget=forms.Select(attrs={"class": "form-select"}))
    dari = forms.DateField(label=_("Dari tanggal"), required=False,
                           widget=forms.DateInput(attrs={"type": "date", "class": "form-control"},
                                                  format="%Y-%m-%d"))
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False,
                             widget=forms.DateInput(attrs={"type": "date", "class": "form-control"},
                                                    format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("periode") != "rentang":
            return data
        first, last = data.get("dari"), data.get("sampai")
        if first is None or last is None:
            raise forms.ValidationError(_("Isi tanggal awal dan tanggal akhir rentang."))
        if first > last:
            raise forms.ValidationError(_("Tanggal awal harus sebelum atau sama dengan tanggal akhir."))
        if (last - first).days >= MAX_RANGE_DAYS:
            raise forms.ValidationError(_("Rentang paling panjang tiga tahun."))
        return data


def named_period(key, today):
    """The ``Period`` of ``key`` (one of the named choices) around ``today``."""
    if key == "minggu-ini":
        first = today - datetime.timedelta(days=today.weekday())
        last = first + datetime.timedelta(days=6)
    elif key == "kuartal-ini":
        first = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        last = (first + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)
    elif key == "tahun-ini":
        first, last = today.replace(month=1, day=1), today.replace(month=12, day=31)
    else:
        key = DEFAULT_PERIOD
        first = today.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return Period(key, dict(PERIOD_CHOICES)[key], first, min(last, today))


def chosen_period(office, params, now=None):
    """(form, period) from the page's GET parameters; an invalid choice shows its errors on the form and
    the period falls back to this month."""
    today = timezone.localtime(now or timezone.now(), office.zone).date()
    form = PeriodForm(params or None, initial={"periode": DEFAULT_PERIOD})
    if not params or not form.is_valid():
        return form, named_period(DEFAULT_PERIOD, today)
    key = form.cleaned_data.get("periode") or DEFAULT_PERIOD
    if key == "rentang":
        return form, Period(key, dict(PERIOD_CHOICES)[key], form.cleaned_data["dari"],
                            form.cleaned_data["sampai"])
    return form, named_period(key, today)


def period_query(period):
    """The GET parameters that name ``period`` (for the export links)."""
    if period.key == "rentang":
        return {"periode": period.key, "dari": period.first_day.isoformat(),
                "sampai": period.last_day.isoformat()}
    return {"periode": period.key}
