"""Prices of statistical products under the PNBP tariff in force on a date.

Money is whole rupiah (int), written ``Rp1.250.000`` (domain.md). Each rate is a
price for a first block (pages, bytes, or one map) plus a price per further block,
so the same rule prices a publication by pages, microdata by size and a map by level:

    price = base_price + ceil(max(0, quantity - base_units) / extra_units) * extra_price

A microdata set's size is its records times the width of the variables chosen
(all of them for the full set). The Rp0 rules are looked up here; applying one is
an officer's decision on the buyer's evidence, made on the order.
"""
import math
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from services.product_sales.models import Product, TariffRate, TariffRegulation


class PricingError(ValueError):
    pass


def rupiah(amount):
    """``1250000`` → ``Rp1.250.000``."""
    return "Rp" + f"{int(amount):,}".replace(",", ".")


def regulation_in_force(on=None):
    """The latest regulation whose effective date is not after ``on`` (today in WIB by default)."""
    on = on or timezone.localdate()
    regulation = (
        TariffRegulation.objects.filter(effective_from__lte=on)
        .prefetch_related("rates", "zero_rules")
        .order_by("-effective_from")
        .first()
    )
    if regulation is None:
        raise PricingError(f"No tariff regulation is in force on {on}.")
    return regulation


def price_of(rate, quantity):
    extra = max(0, quantity - rate.base_units)
    return rate.base_price + math.ceil(extra / rate.extra_units) * rate.extra_price


@dataclass
class LineQuote:
    product: Product
    quantity: int  # pages, bytes or maps
    unit: str
    amount: int
    rate: TariffRate
    variables: list = field(default_factory=list)  # chosen variables (microdata), empty = full set

    @property
    def amount_display(self):
        return rupiah(self.amount)

    @property
    def quantity_display(self):
        return quantity_display(self.quantity, self.unit)


@dataclass
class Quote:
    regulation: TariffRegulation
    lines: list

    @property
    def total(self):
        return sum(line.amount for line in self.lines)

    @property
    def total_display(self):
        return rupiah(self.total)


def _rate_for(regulation, product):
    # A rate's kind is spelled as the product's kind.
    level = product.map_level if product.kind == Product.Kind.MAP else ""
    for rate in regulation.rates.all():
        if rate.kind == product.kind and rate.map_level == level:
            return rate
    raise PricingError(f"{regulation} has no rate for {product.get_kind_display()} {level}".strip())


def microdata_size(product, variables=None):
    """Bytes of the full set, or of the chosen variables, for all the set's records."""
    chosen = list(variables) if variables else list(product.variables.all())
    return (product.records or 0) * sum(v.width_bytes for v in chosen)


def quote_line(product, variables=None, regulation=None, on=None):
    """The price of one product (for microdata: the full set, or only ``variables`` of it)."""
    regulation = regulation or regulation_in_force(on)
    rate = _rate_for(regulation, product)
    variables = list(variables or [])
    if any(v.product_id != product.pk for v in variables):
        raise PricingError("A chosen variable belongs to another product.")
    if product.kind == Product.Kind.PUBLICATION:
        quantity, unit = product.pages or 1, "halaman"
    elif product.kind == Product.Kind.MICRODATA:
        quantity, unit = microdata_size(product, variables), "bita"
    else:
        quantity, unit = 1, "peta"
    return LineQuote(product, quantity, unit, price_of(rate, quantity), rate, variables)


def quantity_display(quantity, unit):
    """A quantity of the tariff's unit for people: bytes in decimal kB/MB (as the rates are written),
    pages and maps counted."""
    if unit == "bita":
        for size, name in ((1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")):
            if quantity >= size:
                shown = number_format(round(quantity / size, 1), 1).removesuffix(",0").removesuffix(".0")
                return f"{shown} {name}"
        return ngettext("%(n)d bita", "%(n)d bita", quantity) % {"n": quantity}
    if unit == "halaman":
        return ngettext("%(n)d halaman", "%(n)d halaman", quantity) % {"n": quantity}
    return ngettext("%(n)d peta", "%(n)d peta", quantity) % {"n": quantity}


@dataclass(frozen=True)
class PriceTerms:
    """What the tariff does for one product: its first block and further blocks, the full price, and
    (microdata) the lowest price any choice of variables can reach."""

    full: LineQuote
    lowest: int

    @property
    def rate(self):
        return self.full.rate

    @property
    def first_block(self):
        return quantity_display(self.rate.base_units, self.full.unit)

    @property
    def further_block(self):
        return quantity_display(self.rate.extra_units, self.full.unit)

    @property
    def has_further_blocks(self):
        return self.rate.extra_price > 0

    @property
    def full_size(self):
        return quantity_display(self.full.quantity, self.full.unit)

    @property
    def varies_with_variables(self):
        """True only where choosing fewer variables can really lower the price."""
        return self.lowest < self.full.amount

    def summary(self):
        """The rate in one sentence: "Rp25.000 untuk 1 MB pertama, lalu Rp25 per 1 kB berikutnya"."""
        if not self.has_further_blocks:
            price = rupiah(self.rate.base_price)
            return _("%(price)s untuk %(block)s") % {"price": price, "block": self.first_block}
        first = _("%(price)s untuk %(block)s pertama") % {
            "price": rupiah(self.rate.base_price), "block": self.first_block,
        }
        return _("%(first)s, lalu %(price)s per %(block)s berikutnya") % {
            "first": first, "price": rupiah(self.rate.extra_price), "block": self.further_block,
        }


def price_terms(product, regulation=None, on=None):
    """The ``PriceTerms`` of ``product`` under the regulation in force (raises ``PricingError``)."""
    full = quote_line(product, regulation=regulation, on=on)
    lowest = full.amount
    if product.kind == Product.Kind.MICRODATA:
        widths = [v.width_bytes for v in product.variables.all()]
        if widths:
            lowest = price_of(full.rate, (product.records or 0) * min(widths))
    return PriceTerms(full, lowest)


def quote(lines, on=None):
    """``lines``: [(product, variables or None)]. One regulation prices every line of an order."""
    regulation = regulation_in_force(on)
    return Quote(regulation, [quote_line(p, v, regulation=regulation) for p, v in lines])


def zero_tariff_rules(segment, on=None):
    """The Rp0 rules of the regulation in force that a buyer of ``segment`` may ask for."""
    regulation = regulation_in_force(on)
    return [rule for rule in regulation.zero_rules.all() if rule.segment == segment]


def products_with_variables():
    from services.product_sales.models import ProductVariable

    return Product.objects.available().select_related("office").prefetch_related(
        Prefetch("variables", queryset=ProductVariable.objects.order_by("order"))
    )

