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

from .models import Product, TariffRate, TariffRegulation


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


def quote(lines, on=None):
    """``lines``: [(product, variables or None)]. One regulation prices every line of an order."""
    regulation = regulation_in_force(on)
    return Quote(regulation, [quote_line(p, v, regulation=regulation) for p, v in lines])


def zero_tariff_rules(segment, on=None):
    """The Rp0 rules of the regulation in force that a buyer of ``segment`` may ask for."""
    regulation = regulation_in_force(on)
    return [rule for rule in regulation.zero_rules.all() if rule.segment == segment]


def products_with_variables():
    from .models import ProductVariable

    return Product.objects.available().select_related("office").prefetch_related(
        Prefetch("variables", queryset=ProductVariable.objects.order_by("order"))
    )

