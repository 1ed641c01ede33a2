"""The satisfaction index (issue 18 item 2) against a worked example computed by hand, and its categories
at their boundaries."""
import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone, translation

from complaints import ikm as ikm_module
from complaints.ikm import category, ikm, to_cents
from complaints.models import Rating
from desk.models import Ticket
from services.catalogue.models import Office

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 16)

# 32 respondents; None is a question the respondent skipped.
EXAMPLE = {
    "requirements": [4] * 20 + [3] * 12,
    "procedure": [4] * 15 + [3] * 15 + [None] * 2,
    "duration": [4] * 8 + [3] * 16 + [2] * 8,
    "fee": [4] * 31 + [None],
    "product": [4] * 16 + [3] * 16,
    "competence": [4] * 24 + [3] * 8,
    "conduct": [4] * 28 + [3] * 4,
    "complaint_handling": [4] * 7 + [3] * 14 + [2] * 7 + [None] * 4,
    "facilities": [4] * 4 + [3] * 20 + [2] * 8,
}


def rate(office, answers, *, day=DAY, service="konsultasi", channel="walk_in"):
    """A rating of a finished walk-in visit (one ticket each), stored with its office, service and day."""
    number = Ticket.objects.filter(office=office, day=day).count() + 1
    ticket = Ticket.objects.create(office=office, issued_service=service, service=service, day=day,
                                   number=number, code=f"K-{number:03}", status=Ticket.Status.DONE,
                                   issued_at=timezone.now(), guest_name="Tamu")
    return Rating.objects.create(ticket=ticket, office=office, service_slug=service, channel=channel,
                                 local_date=day, **answers)


def respondents(example):
    count = len(next(iter(example.values())))
    return [{name: values[index] for name, values in example.items()} for index in range(count)]


def test_the_worked_example_of_32_respondents_with_skipped_answers(catalogue):
    """Hand-computed, element by element (answers given, their sum, the mean):

    requirements        32 answers: 20×4 + 12×3        = 116 → 116/32 = 3,625
    procedure           30 (2 skipped): 15×4 + 15×3    = 105 → 105/30 = 3,5
    duration            32: 8×4 + 16×3 + 8×2           =  96 →  96/32 = 3,0
    fee                 31 (1 skipped): 31×4           = 124 → 124/31 = 4,0
    product             32: 16×4 + 16×3                = 112 → 112/32 = 3,5
    competence          32: 24×4 + 8×3                 = 120 → 120/32 = 3,75
    conduct             32: 28×4 + 4×3                 = 124 → 124/32 = 3,875
    complaint handling  28 (4 skipped): 7×4+14×3+7×2   =  84 →  84/28 = 3,0
    facilities          32: 4×4 + 20×3 + 8×2           =  92 →  92/32 = 2,875

    Sum of the means 31,125; each weighs 1/9: 31,125 / 9 = 3,458333…; × 25 = 86,458333… → 86,46, which is
    in B (Baik, 76,61–88,30). A skipped answer is left out of its element's mean (counted as 0 it would
    give procedure 105/32 = 3,28). The weakest elements: facilities 2,875, then duration and complaint
    handling at 3,0 (in the regulation's order). (With the regulation's rounded weight 0,111 the same
    answers give 31,125 × 0,111 × 25 = 86,37, also B.) Another office's rating, and one of this office
    outside the period, change nothing.
    """
    office, other = Office.objects.get(code="6500"), Office.objects.get(code="6302")
    for index, answers in enumerate(respondents(EXAMPLE)):  # over a week
        rate(office, answers, day=DAY + datetime.timedelta(days=index % 7))
    rate(other, {name: 1 for name in EXAMPLE})
    rate(office, {name: 1 for name in EXAMPLE}, day=DAY - datetime.timedelta(days=1))

    result = ikm(office, DAY, DAY + datetime.timedelta(days=6))

    assert result.respondents == 32
    assert result.means == {"requirements": Decimal("3.63"), "procedure": Decimal("3.50"),
                            "duration": Decimal("3.00"), "fee": Decimal("4.00"), "product": Decimal("3.50"),
                            "competence": Decimal("3.75"), "conduct": Decimal("3.88"),
                            "complaint_handling": Decimal("3.00"), "facilities": Decimal("2.88")}
    assert [score.answers for score in result.elements] == [32, 30, 32, 31, 32, 32, 32, 28, 32]
    assert result.value == Decimal("86.46")
    with translation.override("id"):
        assert (result.category, str(result.category_label)) == ("B", "Baik")
    assert [score.name for score in result.weakest] == ["facilities", "duration", "complaint_handling"]


def test_service_and_channel_narrow_the_index(catalogue):
    office = Office.objects.get(code="6500")
    rate(office, {name: 4 for name in EXAMPLE})
    rate(office, {name: 2 for name in EXAMPLE}, service="penjualan-produk")
    rate(office, {name: 1 for name in EXAMPLE}, channel="online")
    assert ikm(office, DAY, DAY, "konsultasi", "walk_in").value == Decimal("100.00")
    assert ikm(office, DAY, DAY, "penjualan-produk").value == Decimal("50.00")
    both = ikm(office, DAY, DAY, channel="walk_in")
    assert (both.respondents, both.value, both.category) == (2, Decimal("75.00"), "C")
    assert ikm(office, DAY, DAY, "konsultasi").respondents == 2


def test_no_respondent_gives_no_index(catalogue):
    result = ikm(Office.objects.get(code="6500"), DAY, DAY)
    assert (result.respondents, result.value, result.category, result.weakest) == (0, None, "", ())


@pytest.mark.parametrize("value, letter", [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"), ("65.00", "C"),
    ("64.99", "D"), ("25.00", "D"),
])
def test_the_categories_at_their_boundaries(value, letter):
    assert category(Decimal(value))[0] == letter


def test_the_index_is_rounded_to_two_decimals_half_up_before_its_category():
    """88,305 (exact) is published as 88,31 and so is an A; 88,3049… is 88,30, a B."""
    assert to_cents(Fraction(88305, 1000)) == Decimal("88.31")
    assert category(to_cents(Fraction(88305, 1000)))[0] == "A"
    assert to_cents(Fraction(883049, 10000)) == Decimal("88.30")
    assert to_cents(Fraction(1037, 12) * 1) == Decimal("86.42")  # 86,41666…
    assert ikm_module.CATEGORIES[0][2] == Decimal("88.31")


def test_one_respondent_either_side_of_a_and_b(catalogue):
    """Eight answers of 4 and one of 2: (8×4 + 2) / 9 × 25 = 94,44 (A); seven 4s and two 2s: 88,89 (A);
    six 4s and three 2s: 30/9 × 25 = 83,33 (B)."""
    office = Office.objects.get(code="6500")
    names = list(EXAMPLE)
    for fours, expected in ((8, ("94.44", "A")), (7, ("88.89", "A")), (6, ("83.33", "B"))):
        Rating.objects.all().delete()
        rate(office, {name: 4 if index < fours else 2 for index, name in enumerate(names)})
        result = ikm(office, DAY, DAY)
        assert (str(result.value), result.category) == expected
