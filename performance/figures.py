"""The dashboard's numbers for a period: summed from ``DailyFigure`` rows (one query), with open and
overdue now counted live (one aggregate query over the open requests, which the queue's index serves).
The walk-in 10-minute compliance comes from the rows the desk's measure filled (``aggregates``).

Places left for the lead to wire after the merge (issue 18's other branches): ``ikm_place`` (IKM with its
category, ``complaints.ikm.ikm``) and ``complaints_place`` (complaints and their response times,
``complaints.figures.complaint_figures``). Until then they give None and the page shows no such table."""
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.models import OPEN_STATUSES, Request
from services.catalogue.models import Channel, ServiceKind
from services.catalogue.templatetags.portal import localized

from .models import DailyFigure

SUMMED = ("filed", "closed", "completed", "on_time", "late", "no_deadline", "tickets_called",
          "tickets_within_standard")


def median_of(histogram):
    """The exact median of a {value: count} histogram (the mean of the two middle values when the count
    is even), or None when it is empty."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted((int(value), count) for value, count in histogram.items())

    def nth(index):
        seen = 0
        for value, count in ordered:
            seen += count
            if index < seen:
                return value
        return ordered[-1][0]

    middle = total // 2
    if total % 2:
        return nth(middle)
    value = (nth(middle - 1) + nth(middle)) / 2
    return int(value) if value == int(value) else value


@dataclass
class Line:
    """One line of a table: a service's or a channel's (or the total's) figures."""

    key: str
    label: str
    filed: int = 0
    closed: int = 0
    completed: int = 0
    on_time: int = 0
    late: int = 0
    no_deadline: int = 0
    tickets_called: int = 0
    tickets_within_standard: int = 0
    open_now: int = 0
    overdue_now: int = 0
    durations: Counter = field(default_factory=Counter)

    def add(self, figure):
        for name in SUMMED:
            setattr(self, name, getattr(self, name) + getattr(figure, name))
        self.durations.update({int(days): count for days, count in figure.durations.items()})

    @property
    def on_time_percent(self):
        measured = self.on_time + self.late
        return round(self.on_time * 100 / measured, 1) if measured else None

    @property
    def median_days(self):
        return median_of(self.durations)

    @property
    def compliance_percent(self):
        if not self.tickets_called:
            return None
        return round(self.tickets_within_standard * 100 / self.tickets_called, 1)

    @property
    def has_requests(self):
        return any((self.filed, self.closed, self.open_now))


def service_labels():
    return {kind.slug: localized(kind, "name") for kind in ServiceKind.objects.order_by("order")}


def _open_counts(office, officer, now):
    requests = Request.objects.filter(office=office, status__in=list(OPEN_STATUSES))
    if officer is not None:
        requests = requests.filter(assigned_to=officer)
    overdue = Q(clock_paused_at__isnull=True, due_at__lt=now)
    return list(requests.order_by().values("service_kind__slug", "channel").annotate(
        open_now=Count("pk"), overdue_now=Count("pk", filter=overdue)))


@dataclass
class Tables:
    by_service: list
    by_channel: list
    total: Line
    walk_in: list  # the services with tickets called, and their compliance


def _ordered(lines, order):
    return [lines[key] for key in order if key in lines]


def period_tables(office, period, officer=None, now=None):
    """The ``Tables`` of ``office`` (or of ``officer``'s own work there) over ``period``."""
    now = now or timezone.now()
    labels = service_labels()
    channels = dict(Channel.choices)
    by_service, by_channel, total = {}, {}, Line("", _("Jumlah"))
    figures = DailyFigure.objects.filter(office=office, day__range=(period.first_day, period.last_day))
    if officer is not None:
        figures = figures.filter(officer=officer)
    for figure in figures:
        by_service.setdefault(figure.service_slug, Line(figure.service_slug, labels.get(
            figure.service_slug, figure.service_slug))).add(figure)
        if figure.filed or figure.closed:
            by_channel.setdefault(figure.channel, Line(figure.channel, channels.get(
                figure.channel, figure.channel))).add(figure)
        total.add(figure)
    for row in _open_counts(office, officer, now):
        slug, channel = row["service_kind__slug"], row["channel"]
        for lines, key, label in ((by_service, slug, labels.get(slug, slug)),
                                  (by_channel, channel, channels.get(channel, channel))):
            line = lines.setdefault(key, Line(key, label))
            line.open_now += row["open_now"]
            line.overdue_now += row["overdue_now"]
        total.open_now += row["open_now"]
        total.overdue_now += row["overdue_now"]
    services = _ordered(by_service, labels)
    return Tables(by_service=[line for line in services if line.has_requests],
                  by_channel=[line for line in _ordered(by_channel, channels) if line.has_requests],
                  total=total, walk_in=[line for line in services if line.tickets_called])


def ikm_place(office, period, officer=None):
    """The office's IKM for the period, in total, per service and per channel (``complaints.ikm``); None
    on an officer's own page (the survey rates the office's service, not one officer) or without a
    respondent. One aggregate query per row."""
    from complaints.ikm import ikm
    from requests_app.registry import service_types
    from services.catalogue.models import Channel

    if officer is not None:
        return None
    total = ikm(office, period.first_day, period.last_day)
    if not total.respondents:
        return None
    rows = [(name, ikm(office, period.first_day, period.last_day, service_slug=slug))
            for slug, name in _service_names([service.slug for service in service_types()])]
    channels = [(label, ikm(office, period.first_day, period.last_day, channel=value))
                for value, label in Channel.choices]
    return {"total": total, "by_service": [(name, row) for name, row in rows if row.respondents],
            "by_channel": [(label, row) for label, row in channels if row.respondents]}


def _service_names(slugs):
    from services.catalogue.models import ServiceKind

    return list(ServiceKind.objects.filter(slug__in=slugs).values_list("slug", "name"))


def complaints_place(office, period, officer=None):
    """The complaints the office received in the period and their response times, in total and per
    channel they came by (``complaints.figures``); None on an officer's own page or without one."""
    from complaints.complaint_models import ComplaintChannel
    from complaints.figures import complaint_figures

    if officer is not None:
        return None
    total = complaint_figures(office, period.first_day, period.last_day)
    if not (total.received or total.open):
        return None
    channels = [(label, complaint_figures(office, period.first_day, period.last_day, channel=value))
                for value, label in ComplaintChannel.choices]
    return {"total": total, "by_channel": [(label, row) for label, row in channels if row.received]}
