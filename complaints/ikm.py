"""The satisfaction index (Indeks Kepuasan Masyarakat, IKM) as PermenPANRB 14/2017 computes it.

Per element, the mean of the answers given (a skipped answer is left out of that element's mean, not
counted as zero); each element weighs the same (1/9 when all nine were answered by someone); the weighted
sum (1–4) times 25 is the IKM (25–100). The arithmetic is exact (fractions) and only the converted value
is rounded, to two decimals, half up, as the regulation publishes it (88,31); its category is read from
that rounded value: A Sangat Baik 88,31–100; B Baik 76,61–88,30; C Kurang Baik 65,00–76,60; D Tidak Baik
25,00–64,99. (The regulation's own worked example multiplies by 0,111 for 1/9; the exact weight is used
here, which never gives a lower value.)
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from .rating_models import ELEMENTS, Rating

CENT = Decimal("0.01")
# (letter, label, lowest rounded IKM of the category), best first.
CATEGORIES = (
    ("A", _("Sangat Baik"), Decimal("88.31")),
    ("B", _("Baik"), Decimal("76.61")),
    ("C", _("Kurang Baik"), Decimal("65.00")),
    ("D", _("Tidak Baik"), Decimal("25.00")),
)
WEAKEST_SHOWN = 3


@dataclass(frozen=True)
class ElementScore:
    name: str
    label: object
    answers: int
    mean: Decimal | None  # 1–4, two decimals; None when nobody answered it


@dataclass(frozen=True)
class Ikm:
    respondents: int
    elements: tuple = ()  # ElementScore, in the regulation's order
    value: Decimal | None = None  # 25–100, two decimals; None without a respondent
    category: str = ""
    category_label: object = ""
    weakest: tuple = field(default=())  # the lowest-scoring elements (ElementScore), lowest first

    @property
    def means(self):
        return {score.name: score.mean for score in self.elements}


def to_cents(value):
    """An exact ``Fraction`` as a Decimal of two places, rounded half up."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, rounding=ROUND_HALF_UP) \
        if value.denominator != 1 else Decimal(value.numerator).quantize(CENT)


def category(value):
    """(letter, label) of a rounded IKM value."""
    for letter, label, lowest in CATEGORIES:
        if value >= lowest:
            return letter, label
    return CATEGORIES[-1][0], CATEGORIES[-1][1]


def ratings_in(office, first_day, last_day, service_slug=None, channel=None):
    ratings = Rating.objects.filter(local_date__gte=first_day, local_date__lte=last_day)
    if office is not None:
        ratings = ratings.filter(office=office)
    if service_slug:
        ratings = ratings.filter(service_slug=service_slug)
    if channel:
        ratings = ratings.filter(channel=channel)
    return ratings


def ikm_of(ratings):
    """The ``Ikm`` of a queryset of ratings (one query)."""
    sums = ratings.aggregate(respondents=Count("pk"),
                             **{f"{name}_sum": Sum(name) for name, _label in ELEMENTS},
                             **{f"{name}_count": Count(name) for name, _label in ELEMENTS})
    exact, scores = {}, []
    for name, label in ELEMENTS:
        answers = sums[f"{name}_count"]
        if answers:
            exact[name] = Fraction(sums[f"{name}_sum"], answers)
        scores.append(ElementScore(name, label, answers, to_cents(exact[name]) if answers else None))
    if not exact:
        return Ikm(respondents=sums["respondents"], elements=tuple(scores))
    value = to_cents(sum(exact.values()) / len(exact) * 25)
    letter, label = category(value)
    answered = sorted((score for score in scores if score.answers),
                      key=lambda score: exact[score.name])
    return Ikm(sums["respondents"], tuple(scores), value, letter, label, tuple(answered[:WEAKEST_SHOWN]))


def ikm(office, first_day, last_day, service_slug=None, channel=None):
    """The IKM of ``office`` (None: every office) from the ratings given from ``first_day`` to
    ``last_day`` (the office's local dates, both included), for one service and one channel if named."""
    return ikm_of(ratings_in(office, first_day, last_day, service_slug, channel))
