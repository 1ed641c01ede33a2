"""The visitor's ticket page on their phone: the place in the line, the wait the day's pace predicts,
the desk when called, leaving the line with one tap, the link to rate the finished visit once; public by its
token alone, never a name or contact on it, never cached."""
import datetime
import uuid
import zoneinfo

import pytest
from django.urls import reverse

from desk import desk as desk_work
from desk.numbering import issue_ticket
from desk.ticket_line import estimated_wait_minutes, people_ahead
from tests.factories import OfficerFactory

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NINE = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=WITA)

pytestmark = pytest.mark.django_db


def at(n):
    return NINE + datetime.timedelta(minutes=n)


@pytest.fixture
def desk_one(kotabaru, officer_kotabaru):
    return desk_work.open_desk(kotabaru, officer_kotabaru, "Loket 1", ["penjualan-produk"], now=NINE)


def serve(desk, officer, called, started, finished):
    ticket = desk_work.call_next(desk, officer, now=at(called))
    desk.refresh_from_db()
    desk_work.start_serving(desk, ticket, now=at(started))
    desk.refresh_from_db()
    desk_work.finish(desk, ticket, now=at(finished))
    desk.refresh_from_db()
    return ticket


def page(client, ticket):
    return client.get(reverse("desk:ticket", kwargs={"token": ticket.token}))


def test_position_and_estimate_follow_the_days_pace(client, kotabaru, officer_kotabaru, desk_one):
    for n in range(2):
        issue_ticket(kotabaru, "penjualan-produk", f"Selesai {n}", now=at(n))
    issue_ticket(kotabaru, "rekomendasi", "Lain antrean", now=at(2))  # another line: not ahead
    waiting = [issue_ticket(kotabaru, "penjualan-produk", f"Tamu {n}", now=at(3 + n)) for n in range(3)]
    last = waiting[-1]
    assert people_ahead(last) == 4
    assert estimated_wait_minutes(last) is None  # no one served yet: no pace
    assert "—" in page(client, last).content.decode()
    serve(desk_one, officer_kotabaru, called=10, started=11, finished=15)  # 4 minutes
    serve(desk_one, officer_kotabaru, called=16, started=16, finished=24)  # 8 minutes
    # The first two of the line were served, in 6 minutes on average: two people ahead, 12 minutes.
    last.refresh_from_db()
    assert people_ahead(last) == 2
    assert estimated_wait_minutes(last) == 12
    body = page(client, last).content.decode()
    assert 'data-figure="position">3<' in body and "± 12 menit" in body


def test_the_page_names_the_desk_when_called_and_shows_no_personal_data(client, kotabaru, officer_kotabaru,
                                                                       desk_one):
    ticket = issue_ticket(kotabaru, "penjualan-produk", "Nama Rahasia Tamu", "rahasia.tamu@contoh.id",
                          now=NINE)
    desk_work.call_next(desk_one, officer_kotabaru, now=at(1))
    response = page(client, ticket)
    body = response.content.decode()
    assert response.status_code == 200
    assert "P-001" in body and "Silakan menuju Loket 1" in body
    assert "Nama Rahasia Tamu" not in body and "rahasia.tamu@contoh.id" not in body
    assert "no-store" in response["Cache-Control"]
    partial = client.get(reverse("desk:ticket_partial", kwargs={"token": ticket.token}))
    assert "Loket 1" in partial.content.decode() and "no-store" in partial["Cache-Control"]


def test_an_unknown_token_is_not_found(client, kotabaru):
    issue_ticket(kotabaru, "penjualan-produk", "Tamu", now=NINE)
    assert client.get(reverse("desk:ticket", kwargs={"token": uuid.uuid4()})).status_code == 404


def test_leaving_the_line_is_one_tap_and_the_desk_never_calls_the_ticket(client, kotabaru, officer_kotabaru,
                                                                        desk_one):
    ticket = issue_ticket(kotabaru, "penjualan-produk", "Tamu Pergi", now=NINE)
    after = issue_ticket(kotabaru, "penjualan-produk", "Tamu Tetap", now=at(1))
    leave = reverse("desk:ticket_leave", kwargs={"token": ticket.token})
    assert client.get(leave).status_code == 405
    response = client.post(leave)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "left" and ticket.left_at is not None
    assert people_ahead(after) == 0
    called = desk_work.call_next(desk_one, officer_kotabaru, now=at(2))
    assert called.pk == after.pk
    assert "Keluar dari antrean" not in client.get(response["Location"]).content.decode()


def test_a_called_ticket_cannot_leave_the_line(client, kotabaru, officer_kotabaru, desk_one):
    ticket = issue_ticket(kotabaru, "penjualan-produk", "Tamu", now=NINE)
    desk_work.call_next(desk_one, officer_kotabaru, now=at(1))
    client.post(reverse("desk:ticket_leave", kwargs={"token": ticket.token}))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.left_at) == ("called", None)


def test_the_finished_visit_is_rated_once_on_the_survey_from_its_page(client, kotabaru, officer_kotabaru,
                                                                       desk_one):
    """The ticket page links to the nine-question survey once the visit is finished; one rating per ticket,
    and the page then thanks instead of asking again."""
    from complaints.models import Rating

    ticket = issue_ticket(kotabaru, "penjualan-produk", "Tamu", now=NINE)
    survey = reverse("ratings:ticket", kwargs={"token": ticket.token})
    answers = {"requirements": "4", "conduct": "3"}
    assert client.post(survey, answers).status_code == 410  # still waiting: not rated
    assert survey not in page(client, ticket).content.decode()
    serve(desk_one, officer_kotabaru, called=1, started=1, finished=5)
    assert survey in page(client, ticket).content.decode()
    assert client.post(survey, {"requirements": "9"}).status_code == 400  # out of range
    assert client.post(survey, answers).status_code == 302
    assert client.post(survey, {"requirements": "1"}).status_code == 410  # a second rating is refused
    rating = Rating.objects.get(ticket=ticket)
    assert (rating.requirements, rating.conduct, rating.fee, rating.channel) == (4, 3, None, "walk_in")
    assert rating.office == kotabaru and rating.service_slug == "penjualan-produk"
    body = page(client, ticket).content.decode()
    assert survey not in body and "Anda sudah menilai layanan ini" in body


def test_the_page_speaks_english_when_asked(client, settings, kotabaru):
    ticket = issue_ticket(kotabaru, "penjualan-produk", "Tamu", now=NINE)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = page(client, ticket).content.decode()
    assert "Your queue number" in body and "Leave the queue" in body and "Estimated wait" in body


def test_the_phone_and_the_paper_give_one_estimate_shared_by_the_open_desks(client, kotabaru,
                                                                            officer_kotabaru, desk_one):
    """Six minutes a visitor today; two waiting ahead; two desks serve the line: about 6 minutes."""
    from django.test import RequestFactory

    from desk.printing import printable_ticket

    issue_ticket(kotabaru, "penjualan-produk", "Selesai", now=NINE)
    serve(desk_one, officer_kotabaru, called=0, started=0, finished=6)
    desk_work.open_desk(kotabaru, OfficerFactory(office=kotabaru), "Loket 2", ["penjualan-produk"], now=at(6))
    waiting = [issue_ticket(kotabaru, "penjualan-produk", f"Tamu {n}", now=at(7 + n)) for n in range(3)]
    assert estimated_wait_minutes(waiting[2]) == 6
    assert "± 6 menit" in page(client, waiting[2]).content.decode()
    assert printable_ticket(RequestFactory().get("/"), waiting[2])["print_minutes"] == 6
