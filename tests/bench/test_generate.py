"""The benchmark's data generator at a small size (300 requests on the test database): its own checks
pass (urgency in SQL = in Python, deadlines = the calendar's, status fields, pages render), the tables
hold what was asked in the proportions asked, and a seed gives the same data again."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count, Max

from accounts.demo import create_demo_accounts
from bench.generate import generate
from pst_portal.models import JobRun, OutgoingEmail
from requests_app.models import FINAL_STATUSES, Request, RequestEvent
from services.recommendation.models import Letter, LetterSequence

NOW = datetime.datetime(2026, 11, 20, 3, 0, tzinfo=datetime.UTC)
SIZE = 300


@pytest.fixture
def demo(catalogue):
    create_demo_accounts()


def fingerprint():
    rows = Request.objects.order_by("code").values_list(
        "code",
        "status",
        "channel",
        "created_at",
        "submitted_at",
        "closed_at",
        "due_at",
        "at_risk_from",
        "clock_paused_at",
        "version",
        "visitor__email",
        "assigned_to__email",
    )
    events = RequestEvent.objects.order_by("request__code", "created_at", "action").values_list(
        "request__code", "action", "created_at", "to_status"
    )
    return list(rows), list(events)


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_the_generated_data_passes_its_checks_in_the_proportions_asked(demo):
    before = list(Request.objects.values_list("pk", flat=True))
    summary = generate(requests=SIZE, seed=1, now=NOW, years=2)
    assert set(summary.checks) == {
        "urgency sql = python",
        "due dates = calendar",
        "status fields",
        "pages render",
    }
    assert all(result.startswith("ok") for result in summary.checks.values()), summary.checks
    generated = Request.objects.exclude(pk__in=before)
    assert generated.count() == SIZE
    by_status = dict(generated.values_list("status").annotate(n=Count("pk")))
    final = sum(n for status, n in by_status.items() if status in FINAL_STATUSES)
    assert final / sum(by_status.values()) > 0.75, by_status  # most are closed
    assert sum(by_status.values()) - final > 0, by_status  # a few are open
    channels = set(generated.values_list("channel", flat=True))
    assert {"online", "walk_in"} <= channels and channels & {"whatsapp", "livechat", "email", "phone"}
    assert set(generated.values_list("service_kind__slug", flat=True)) == {
        "konsultasi",
        "penjualan-produk",
        "rekomendasi",
    }
    counts = summary.counts
    assert counts["requests_app_requestevent"] >= 3 * SIZE
    assert 3 * SIZE <= counts["pst_portal_outgoingemail"] <= 8 * SIZE
    assert JobRun.objects.count() == pytest.approx(20 * SIZE, rel=0.01)
    assert counts["accounts_user"] >= SIZE // 3
    assert (
        counts["desk_ticket"] > 0 and counts["complaints_rating"] > 0 and counts["recommendation_letter"] > 0
    )
    assert counts["performance_dailyfigure"] > 0
    assert OutgoingEmail.objects.filter(sent_at=None, failed_at=None).count() == 0  # nothing left to send
    _letters_are_numbered_per_office_and_year()


def _letters_are_numbered_per_office_and_year():
    issued = Letter.objects.exclude(sequence=None)
    assert issued.exists()
    for sequence in LetterSequence.objects.all():
        numbers = sorted(
            issued.filter(office=sequence.office, year=sequence.year).values_list("sequence", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
        assert (
            sequence.last_number
            == issued.filter(office=sequence.office, year=sequence.year).aggregate(last=Max("sequence"))[
                "last"
            ]
        )
    assert all(request.status == "completed" for request in Request.objects.filter(letter__in=issued))


@pytest.mark.django_db
def test_a_seed_gives_the_same_data_again(demo):
    prints = []
    for _run in range(2):
        try:
            with transaction.atomic():
                generate(requests=120, seed=5, now=NOW, years=2, checks=False, figures=False)
                prints.append(fingerprint())
                raise Rollback
        except Rollback:
            pass
    assert prints[0] == prints[1]
    assert len(prints[0][0]) == 120
    with transaction.atomic():
        generate(requests=120, seed=6, now=NOW, years=2, checks=False, figures=False)
        assert fingerprint() != prints[0]
