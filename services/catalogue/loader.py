"""Loads the published service standards from ``services/catalogue/data/catalogue.json``.

Idempotent: offices, service kinds and standard versions that already exist are
left as an administrator may have edited them; only what is missing is created.
``update=True`` rewrites offices and service kinds from the file, and
``replace_standards=True`` rebuilds the standards loaded from the file.
"""
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from services.catalogue.models import (
    ComplaintChannel,
    Office,
    OfficeHours,
    ProcedureStep,
    Requirement,
    ServiceKind,
    ServiceOutput,
    Standard,
    StandardSection,
)
from services.consultation.models import Article
from services.product_sales.models import (
    Product,
    ProductVariable,
    TariffRate,
    TariffRegulation,
    ZeroTariffRule,
)

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"
DEFAULT_HOURS = (datetime.time(8, 0), datetime.time(15, 30))
OFFICE_FIELDS = ("name", "level", "province_name", "address", "phone", "website")


@dataclass
class LoadReport:
    created: dict = field(default_factory=lambda: {"offices": 0, "service_kinds": 0, "standards": 0})
    updated: dict = field(default_factory=lambda: {"offices": 0, "service_kinds": 0, "standards": 0})

    def __str__(self):
        parts = [f"{n} {k} created" for k, n in self.created.items()]
        parts += [f"{n} {k} updated" for k, n in self.updated.items() if n]
        return ", ".join(parts)


def read_catalogue(path=CATALOGUE_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_catalogue(data=None, *, update=False, replace_standards=False):
    data = data if data is not None else read_catalogue()
    report = LoadReport()
    kinds = {item["slug"]: _load_service_kind(item, update, report) for item in data["service_kinds"]}
    offices = {}
    # Provinces first so that regencies and cities can point at them.
    for item in sorted(data["offices"], key=lambda o: o["parent"] is not None):
        offices[item["code"]] = _load_office(item, offices, update, report)
    for item in data["standards"]:
        _load_standard(item, offices[item["office"]], kinds[item["service"]], replace_standards, report)
    return report


def _load_service_kind(item, update, report):
    values = {k: item[k] for k in ("name", "name_en", "summary", "summary_en", "order")}
    kind, created = ServiceKind.objects.get_or_create(slug=item["slug"], defaults=values)
    if created:
        report.created["service_kinds"] += 1
    elif update:
        ServiceKind.objects.filter(pk=kind.pk).update(**values)
        report.updated["service_kinds"] += 1
    return kind


def _load_office(item, offices, update, report):
    values = {k: item[k] for k in OFFICE_FIELDS}
    values["time_zone"] = item["timezone"]
    values["emails"] = ", ".join(item["emails"])
    values["parent"] = offices[item["parent"]] if item["parent"] else None
    office, created = Office.objects.get_or_create(code=item["code"], defaults=values)
    if created:
        report.created["offices"] += 1
    elif update:
        for key, value in values.items():
            setattr(office, key, value)
        office.save()
        report.updated["offices"] += 1
    if not office.hours.exists():
        OfficeHours.objects.bulk_create(
            OfficeHours(office=office, weekday=day, opens_at=DEFAULT_HOURS[0], closes_at=DEFAULT_HOURS[1])
            for day in range(5)
        )
    if created or update:
        office.complaint_channels.office_level().delete()
        ComplaintChannel.objects.bulk_create(
            ComplaintChannel(
                office=office,
                order=position,
                kind=channel["kind"],
                label=channel["label"],
                value=channel["value"],
                link=channel["link"],
            )
            for position, channel in enumerate(item["complaint_channels"], start=1)
        )
    return office


def source_notes(item):
    """The standard's loading notes, ending with each obvious extraction error that was corrected
    (where, what the extraction reads, what the catalogue says, and why); the rest is verbatim."""
    lines = [item.get("source_notes", "")]
    for fix in item.get("corrections", []):
        lines.append(f"Corrected in the {fix['where']}: '{fix['published']}' -> '{fix['corrected']}' "
                     f"({fix['why']}).")
    return "\n".join(line for line in lines if line)


def _load_standard(item, office, kind, replace, report):
    effective_from = datetime.date.fromisoformat(item["effective_from"])
    existing = Standard.objects.filter(office=office, service_kind=kind, effective_from=effective_from)
    if existing.exists():
        if not replace:
            return existing.get()
        existing.delete()
        report.updated["standards"] += 1
    else:
        report.created["standards"] += 1
    standard = Standard.objects.create(
        office=office,
        service_kind=kind,
        title=item["title"],
        sk_number=item["sk_number"],
        effective_from=effective_from,
        completion_headline=item["completion_headline"],
        fee_kind=item["fee"]["kind"],
        fee_wording="\n".join(item["fee"]["wording"]),
        source=item["source"],
        source_notes=source_notes(item),
    )
    ServiceOutput.objects.bulk_create(
        ServiceOutput(standard=standard, order=n, text=text)
        for n, text in enumerate(item["products"], start=1)
    )
    ComplaintChannel.objects.bulk_create(
        ComplaintChannel(
            office=office,
            standard=standard,
            order=n,
            kind=channel["kind"],
            wording=channel["wording"],
            link=channel["link"],
        )
        for n, channel in enumerate(item["complaint_channels"], start=1)
    )
    for section_item in item["sections"]:
        completion = section_item["completion"]
        section = StandardSection.objects.create(
            standard=standard,
            channel=section_item["channel"],
            completion_kind=completion["kind"],
            completion_value=completion["value"],
            completion_wording=completion["wording"],
        )
        Requirement.objects.bulk_create(
            Requirement(
                section=section, order=n, text=r["text"], applies_to=r["applies_to"],
                evidence=r.get("evidence", Requirement.Evidence.CONFIRM),
            )
            for n, r in enumerate(section_item["requirements"], start=1)
        )
        ProcedureStep.objects.bulk_create(
            ProcedureStep(section=section, order=n, text=s["text"], actor=s["actor"])
            for n, s in enumerate(section_item["steps"], start=1)
        )
    return standard


ARTICLES_FILE = Path(__file__).resolve().parent / "data" / "knowledge_articles.json"
ARTICLE_FIELDS = ("title", "summary", "topic", "body")


@transaction.atomic
def load_articles(path=ARTICLES_FILE, *, update=False):
    """The seed knowledge base, published for all offices. Returns (created, updated)."""
    with open(path, encoding="utf-8") as handle:
        items = json.load(handle)
    created = updated = 0
    for item in items:
        values = {name: item[name] for name in ARTICLE_FIELDS}
        values["tags"] = ", ".join(item.get("tags", []))
        article = Article.objects.filter(slug=item["slug"]).first()
        if article is None:
            Article.objects.create(slug=item["slug"], status=Article.Status.PUBLISHED, **values)
            created += 1
        elif update:
            for name, value in values.items():
                setattr(article, name, value)
            article.save()
            updated += 1
    return created, updated


PRODUCTS_FILE = Path(__file__).resolve().parent / "data" / "products.json"
PRODUCT_FIELDS = ("kind", "title", "year", "formats", "description", "pages", "survey", "presentation_level",
                  "records", "map_level", "area")


@transaction.atomic
def load_products(path=PRODUCTS_FILE):
    """Tariff regulations with their rates and Rp0 rules, and the demo products, created once
    (an administrator's edits are kept). Returns (regulations created, products created)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    regulations = products = 0
    for item in data["regulations"]:
        regulation, created = TariffRegulation.objects.get_or_create(
            name=item["name"], effective_from=item["effective_from"], defaults={"notes": item["notes"]}
        )
        if created:
            regulations += 1
            TariffRate.objects.bulk_create(
                TariffRate(regulation=regulation, **rate) for rate in item["rates"]
            )
            ZeroTariffRule.objects.bulk_create(
                ZeroTariffRule(regulation=regulation, **rule) for rule in item["zero_rules"]
            )
    offices = {office.code: office for office in Office.objects.all()}
    for item in data["products"]:
        office = offices.get(item["office"])
        if office is None or Product.objects.filter(office=office, slug=item["slug"]).exists():
            continue
        product = Product.objects.create(
            office=office, slug=item["slug"], **{name: item.get(name) for name in PRODUCT_FIELDS
                                                 if item.get(name) is not None}
        )
        ProductVariable.objects.bulk_create(
            ProductVariable(product=product, order=n, **variable)
            for n, variable in enumerate(item.get("variables", []), start=1)
        )
        products += 1
    return regulations, products
