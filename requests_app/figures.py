"""The office's request figures split by channel (issue 17 item 6), for the officer's and head's
workspaces: filed and closed in a period on the office's clock, closed on time or late, open now and
overdue now. One aggregate query per table; issue 18's dashboard builds on ``channel_figures``.

"Closed" is a final status reached in the period (``Request.closed_at``, which the one state machine
writes when a request becomes final and clears when it opens again): completed, rejected, cancelled or
closed for no reply. On time: closed while its standard's deadline (``due_at``) had not passed. A
request closed without a deadline (served in the desk's queue, with no working days, or closed before
its clock started) is counted in its own column, neither on time nor late. Overdue now is what the
queue calls overdue: open, its clock running, past its deadline."""
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.access import REACHED_OFFICE
from requests_app.deadlines import Urgency
from requests_app.models import FINAL_STATUSES, OPEN_STATUSES, Request
from services.catalogue.models import Channel, ServiceKind
from services.catalogue.templatetags.portal import localized

PERIOD_CHOICES = (
    ("minggu-ini", _("Minggu ini")),
    ("bulan-ini", _("Bulan ini")),
    ("bulan-lalu", _("Bulan lalu")),
    ("tahun-ini", _("Tahun ini")),
)
DEFAULT_PERIOD = "bulan-ini"
# The GET parameters the figures' form owns (the queue's filters keep theirs, and each keeps the other's).
PARAMS = ("periode", "layanan")
COUNTS = ("filed", "closed", "on_time", "late", "no_due", "open", "overdue")


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized(obj, "name")


class FiguresForm(forms.Form):
    periode = forms.ChoiceField(label=_("Periode"), choices=PERIOD_CHOICES, required=False,
                                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    layanan = ServiceChoiceField(label=_("Layanan"), queryset=ServiceKind.objects.all(), to_field_name="slug",
                                 required=False, empty_label=_("Semua layanan"),
                                 widget=forms.Select(attrs={"class": "form-select form-select-sm"}))


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    first_day: datetime.date
    last_day: datetime.date  # shown: the period's last day, or today if the period is still running
    start: datetime.datetime  # from 00.00 of the first day on the office's clock
    end: datetime.datetime  # to 00.00 of the day after the period (excluded)


def _first_of_next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def period_bounds(office, key, now=None):
    """The ``Period`` ``key`` names (one of ``PERIOD_CHOICES``) around ``now`` on ``office``'s clock."""
    today = timezone.localtime(now or timezone.now(), office.zone).date()
    if key == "minggu-ini":
        first = today - datetime.timedelta(days=today.weekday())
        after = first + datetime.timedelta(days=7)
    elif key == "bulan-lalu":
        after = today.replace(day=1)
        first = (after - datetime.timedelta(days=1)).replace(day=1)
    elif key == "tahun-ini":
        first, after = today.replace(month=1, day=1), today.replace(year=today.year + 1, month=1, day=1)
    else:
        first, after = today.replace(day=1), _first_of_next_month(today)
    midnight = lambda day: datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=office.zone)  # noqa: E731
    return Period(key, dict(PERIOD_CHOICES)[key], first, min(after - datetime.timedelta(days=1), today),
                  midnight(first), midnight(after))


@dataclass
class Row:
    """One line of the table: a channel's (or the total's) counts, and where its numbers lead."""

    channel: str
    label: str
    filed: int = 0
    closed: int = 0
    on_time: int = 0
    late: int = 0
    no_due: int = 0
    open: int = 0
    overdue: int = 0
    links: dict = field(default_factory=dict)

    @property
    def on_time_percent(self):
        """On time of those closed with a deadline, in whole percent, or None when there were none."""
        measured = self.on_time + self.late
        return round(self.on_time * 100 / measured) if measured else None

    @property
    def is_empty(self):
        return not any(getattr(self, name) for name in COUNTS)


def _counts(period, now):
    """The conditional counts of the one aggregate, by name."""
    closed = Q(status__in=FINAL_STATUSES, closed_at__gte=period.start, closed_at__lt=period.end)
    still_open = Q(status__in=list(OPEN_STATUSES))
    return {
        "filed": Count("pk", filter=Q(submitted_at__gte=period.start, submitted_at__lt=period.end)),
        "closed": Count("pk", filter=closed),
        "on_time": Count("pk", filter=closed & Q(due_at__isnull=False, due_at__gte=F("closed_at"))),
        "late": Count("pk", filter=closed & Q(due_at__isnull=False, due_at__lt=F("closed_at"))),
        "no_due": Count("pk", filter=closed & Q(due_at__isnull=True)),
        "open": Count("pk", filter=still_open),
        # As ``deadlines.urgency_expression`` says overdue: running (not paused) and past its deadline.
        "overdue": Count("pk", filter=still_open & Q(clock_paused_at__isnull=True, due_at__lt=now)),
    }


def _link(keep, **filters):
    """The queue (on the same page) filtered by ``filters``, the figures' own choice kept."""
    query = {**keep, **{name: value for name, value in filters.items() if value not in (None, "")}}
    return f"?{urlencode(query)}#queue-heading"


def _with_links(row, keep, service_slug):
    channel = row.channel or None
    row.links = {
        "channel": _link(keep, channel=channel, service_kind=service_slug, view="all"),
        "open": _link(keep, channel=channel, service_kind=service_slug, view="open"),
        "overdue": _link(keep, channel=channel, service_kind=service_slug, view="open",
                         urgency=int(Urgency.OVERDUE)),
    }
    return row


def channel_figures(office, period, now=None, service_kind=None, keep=None):
    """(rows, total) for ``office`` in ``period``: a ``Row`` per channel that had any request to count
    (in the channels' order), and the total row, from one aggregate query."""
    now = now or timezone.now()
    requests = Request.objects.filter(office=office).filter(REACHED_OFFICE)
    if service_kind is not None:
        requests = requests.filter(service_kind=service_kind)
    requests = requests.filter(
        Q(submitted_at__gte=period.start, submitted_at__lt=period.end)
        | Q(closed_at__gte=period.start, closed_at__lt=period.end)
        | Q(status__in=list(OPEN_STATUSES))
    )
    grouped = requests.order_by().values("channel").annotate(**_counts(period, now))
    found = {row.pop("channel"): row for row in grouped}
    keep, slug = keep or {}, service_kind.slug if service_kind is not None else None
    rows = [_with_links(Row(value, label, **found[value]), keep, slug)
            for value, label in Channel.choices if value in found]
    rows = [row for row in rows if not row.is_empty]
    total = Row("", _("Jumlah"), **{name: sum(getattr(row, name) for row in rows) for name in COUNTS})
    return rows, _with_links(total, keep, slug)


def chosen(params):
    """(period key, service kind or None) from the page's GET parameters; what is not valid is left out
    (the period falls back to this month, the service to all)."""
    form = FiguresForm(params)
    form.is_valid()
    return form.cleaned_data.get("periode") or DEFAULT_PERIOD, form.cleaned_data.get("layanan")


def workspace_figures(user, params, now=None):
    """The context of the workspace's card "Permintaan menurut kanal" for ``user``'s office."""
    office = user.office
    key, service_kind = chosen(params)
    period = period_bounds(office, key, now)
    keep = {name: value for name, value in (("periode", key if key != DEFAULT_PERIOD else ""),
                                            ("layanan", service_kind.slug if service_kind else "")) if value}
    rows, total = channel_figures(office, period, now, service_kind, keep)
    others = [(name, value) for name, values in params.lists() if name not in (*PARAMS, "halaman")
              for value in values]
    return {"channel_figures": {
        "form": FiguresForm(initial={"periode": key, "layanan": service_kind}),
        "period": period, "service_kind": service_kind, "rows": rows, "total": total,
        "other_params": others, "kept_params": sorted(keep.items()),
    }}
