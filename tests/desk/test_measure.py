"""The walk-in standard's 10 minutes, on constructed timelines: the wait runs from the later of the
ticket's issue and the previous visitor's finish at the same desk, to the call."""
import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from desk import desk as desk_work
from desk.measure import daily_compliance, limit_minutes, waits
from desk.numbering import issue_ticket
from services.catalogue.models import Channel, StandardSection
from tests.factories import OfficerFactory

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NINE = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=WITA)
DAY = NINE.date()

pytestmark = pytest.mark.django_db


def at(n):
    return NINE + datetime.timedelta(minutes=n)


def serve(desk, officer, called, finished):
    ticket = desk_work.call_next(desk, officer, now=at(called))
    desk.refresh_from_db()
    desk_work.finish(desk, ticket, now=at(finished))
    desk.refresh_from_db()
    return ticket


@pytest.fixture
def desk_one(kotabaru, officer_kotabaru):
    return desk_work.open_desk(kotabaru, officer_kotabaru, "Loket 1", ["penjualan-produk"], now=NINE)


def walk_in_section(office, service):
    return StandardSection.objects.filter(standard__office=office, standard__service_kind__slug=service,
                                          channel=Channel.WALK_IN)


def test_the_seeds_walk_in_standard_gives_ten_minutes(kotabaru):
    section = walk_in_section(kotabaru, "penjualan-produk").get()
    assert section.completion_kind == "queue_minutes"
    assert limit_minutes(kotabaru, "penjualan-produk", DAY) == section.completion_value == 10


def test_a_changed_walk_in_section_changes_the_limit(kotabaru):
    walk_in_section(kotabaru, "penjualan-produk").update(completion_value=15)
    assert limit_minutes(kotabaru, "penjualan-produk", DAY) == 15


def test_ten_minutes_where_the_walk_in_section_counts_working_days_or_there_is_none(kotabaru):
    assert walk_in_section(kotabaru, "rekomendasi").get().completion_kind == "working_days"
    assert limit_minutes(kotabaru, "rekomendasi", DAY) == 10
    assert not walk_in_section(kotabaru, "konsultasi").exists()  # Kotabaru publishes no consultation standard
    assert limit_minutes(kotabaru, "konsultasi", DAY) == 10


def test_the_wait_starts_at_the_previous_visitors_finish_when_later(kotabaru, officer_kotabaru, desk_one):
    issue_ticket(kotabaru, "penjualan-produk", "Ani", now=at(0))
    issue_ticket(kotabaru, "penjualan-produk", "Budi", now=at(1))
    issue_ticket(kotabaru, "penjualan-produk", "Citra", now=at(2))
    serve(desk_one, officer_kotabaru, called=3, finished=30)  # Ani: waited 3 minutes
    serve(desk_one, officer_kotabaru, called=38, finished=50)  # Budi: 8 after Ani finished (not 37)
    serve(desk_one, officer_kotabaru, called=61, finished=70)  # Citra: 11 after Budi finished: late
    found = {wait.ticket.guest_name: (round(wait.minutes), wait.compliant) for wait in waits(kotabaru, DAY)}
    assert found == {"Ani": (3, True), "Budi": (8, True), "Citra": (11, False)}


def test_a_ticket_issued_after_the_desk_fell_idle_waits_from_its_issue(kotabaru, officer_kotabaru, desk_one):
    issue_ticket(kotabaru, "penjualan-produk", "Ani", now=at(0))
    serve(desk_one, officer_kotabaru, called=1, finished=5)
    issue_ticket(kotabaru, "penjualan-produk", "Budi", now=at(40))
    serve(desk_one, officer_kotabaru, called=52, finished=60)
    assert [round(wait.minutes) for wait in waits(kotabaru, DAY)] == [1, 12]


def test_another_desks_finish_does_not_count(kotabaru, officer_kotabaru, desk_one):
    second = desk_work.open_desk(kotabaru, OfficerFactory(office=kotabaru), "Loket 2", ["penjualan-produk"],
                                 now=NINE)
    issue_ticket(kotabaru, "penjualan-produk", "Ani", now=at(0))
    issue_ticket(kotabaru, "penjualan-produk", "Budi", now=at(0))
    serve(desk_one, officer_kotabaru, called=1, finished=20)
    serve(second, second.officer, called=25, finished=30)  # Budi waited 25 from his issue, not 5
    assert [round(wait.minutes) for wait in waits(kotabaru, DAY)] == [1, 25]


def test_daily_compliance_per_desk_and_per_service(kotabaru, officer_kotabaru, desk_one):
    issue_ticket(kotabaru, "penjualan-produk", "Ani", now=at(0))
    issue_ticket(kotabaru, "penjualan-produk", "Budi", now=at(0))
    serve(desk_one, officer_kotabaru, called=2, finished=10)
    serve(desk_one, officer_kotabaru, called=25, finished=30)  # 15 after Ani finished
    names = {"penjualan-produk": "Penjualan Produk Statistik"}
    per_desk, per_service = daily_compliance(kotabaru, DAY, names)
    assert [(row.label, row.count, row.compliant, row.percent) for row in per_desk] == [("Loket 1", 2, 1, 50)]
    assert [(row.label, row.percent) for row in per_service] == [("Penjualan Produk Statistik", 50)]


def test_the_desk_page_shows_todays_compliance(client, kotabaru, officer_kotabaru, desk_one):
    issue_ticket(kotabaru, "penjualan-produk", "Ani", now=at(0))
    serve(desk_one, officer_kotabaru, called=12, finished=20)
    client.force_login(officer_kotabaru)
    with time_machine.travel(at(30), tick=False):
        page = client.get(reverse("desk:desk", kwargs={"desk": desk_one.pk})).content.decode()
    section = page[page.index("compliance-heading"):]
    assert "<td>Loket 1</td><td>1</td><td>0 (0%)</td><td>12,0</td>" in section
