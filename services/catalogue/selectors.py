"""Reads of the catalogue, for views, PDFs and later the request workflow."""
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from services.catalogue.models import (
    Channel,
    ComplaintChannel,
    Office,
    ProcedureStep,
    Requirement,
    ServiceKind,
    Standard,
    StandardSection,
)


def offices_by_province():
    """[(province office, [offices of that province, the province office first])], with the
    standards in force of each office prefetched as ``current_standards`` and the office's own
    complaint channels as ``office_complaint_channels``."""
    in_force = Standard.objects.in_force().select_related("service_kind").order_by("service_kind__order")
    offices = list(
        Office.objects.filter(is_active=True)
        .select_related("parent")
        .prefetch_related(
            Prefetch("standards", queryset=in_force, to_attr="current_standards"),
            Prefetch(
                "complaint_channels",
                queryset=ComplaintChannel.objects.office_level().order_by("order"),
                to_attr="office_complaint_channels",
            ),
        )
        .order_by("code")
    )
    groups = {}
    for office in offices:
        province = office if office.parent_id is None else office.parent
        groups.setdefault(province.code, (province, []))[1].append(office)
    return [groups[code] for code in sorted(groups)]


def service_kinds():
    return list(ServiceKind.objects.all())


def standard_in_force(office_code, service_slug, on=None):
    """The standard of an office for a service in force today (404 when there is none),
    with everything a standard page shows loaded in a fixed number of queries."""
    sections = StandardSection.objects.order_by("-channel").prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("order")),
        Prefetch("steps", queryset=ProcedureStep.objects.order_by("order")),
    )
    standard = (
        Standard.objects.in_force(on)
        .filter(office__code=office_code, office__is_active=True, service_kind__slug=service_slug)
        .select_related("office", "office__parent", "service_kind")
        .prefetch_related(
            Prefetch("sections", queryset=sections),
            "outputs",
            Prefetch("complaint_channels", queryset=ComplaintChannel.objects.order_by("order")),
        )
        .first()
    )
    if standard is None:
        raise Http404("No standard in force for this office and service.")
    return standard


def earlier_versions(standard):
    return list(
        Standard.objects.filter(
            office=standard.office,
            service_kind=standard.service_kind,
            effective_from__lt=standard.effective_from,
        ).order_by("-effective_from")
    )


def office_complaint_channels(office):
    return list(office.complaint_channels.office_level().order_by("order"))


@dataclass(frozen=True)
class ProductSales:
    """How an office's products are obtained, by the product-sales standard in force: ordered online
    (``online``), at the office's PST desk (``walk_in``, with its opening hours), or neither when the
    office has no such standard (``standard`` is None). ``online_offices`` are the offices that do sell
    online, for a product that cannot be ordered online here."""

    office: Office
    standard: Standard | None
    online: bool
    walk_in: bool
    hours: list = field(default_factory=list)
    online_offices: list = field(default_factory=list)


def online_sales_offices(on=None):
    """The active offices whose product-sales standard in force has an online channel."""
    return list(
        Office.objects.filter(
            is_active=True,
            standards__in=Standard.objects.in_force(on).filter(
                service_kind__slug=ServiceKind.Slug.PRODUCT_SALES, sections__channel=Channel.ONLINE
            ),
        )
        .distinct()
        .order_by("code")
    )


def product_sales(office, on=None):
    """The ``ProductSales`` of ``office``: the one rule for offering a product's "Pesan" button."""
    standard = (
        Standard.objects.in_force(on)
        .filter(office=office, service_kind__slug=ServiceKind.Slug.PRODUCT_SALES)
        .prefetch_related("sections")
        .first()
    )
    channels = {section.channel for section in standard.sections.all()} if standard else set()
    online = Channel.ONLINE in channels
    return ProductSales(
        office=office,
        standard=standard,
        online=online,
        walk_in=Channel.WALK_IN in channels,
        hours=list(office.hours.order_by("weekday")),
        online_offices=[] if online else [o for o in online_sales_offices(on) if o.pk != office.pk],
    )
