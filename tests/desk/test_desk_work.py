"""An officer at a desk: open it, call the next ticket, recall, skip, transfer, serve; only their office's
desks and tickets, changes by POST only, and a double click never calls two tickets."""
import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from desk import desk as desk_work
from desk.models import Desk, Ticket
from desk.numbering import issue_ticket
from tests.conftest import require
from tests.factories import OfficerFactory

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NINE = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=WITA)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_the_offices_morning():
    """The desk works at 09.30 WITA on 1 December whenever the suite runs (a call takes today's line)."""
    with time_machine.travel(NINE + datetime.timedelta(minutes=30), tick=True):
        yield


def minutes(n):
    return NINE + datetime.timedelta(minutes=n)


@pytest.fixture
def open_desk(kotabaru, officer_kotabaru):
    return desk_work.open_desk(kotabaru, officer_kotabaru, "Loket 1", ["rekomendasi"], now=NINE)


def post(client, url, desk, **data):
    desk.refresh_from_db()
    return client.post(url, {"version": desk.version, **data})


def call_url(desk):
    return reverse("desk:call", kwargs={"desk": desk.pk})


def step_url(desk, ticket, step):
    return reverse("desk:step", kwargs={"desk": desk.pk, "ticket": ticket.token, "step": step})


def test_the_desk_calls_the_oldest_ticket_of_its_own_lines(client, kotabaru, officer_kotabaru, open_desk):
    issue_ticket(kotabaru, "penjualan-produk", "Pembeli", now=minutes(0))  # not this desk's line
    second = issue_ticket(kotabaru, "rekomendasi", "Dinas", now=minutes(2))
    first = issue_ticket(kotabaru, "rekomendasi", "Ani", now=minutes(1))
    client.force_login(officer_kotabaru)
    response = post(client, call_url(open_desk), open_desk)
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.desk, first.called_by) == ("called", open_desk, officer_kotabaru)
    page = client.get(reverse("desk:desk", kwargs={"desk": open_desk.pk})).content.decode()
    assert "R-001" in page and "Ani" in page
    assert Ticket.objects.get(pk=second.pk).status == "waiting"


def test_a_double_click_on_call_calls_one_ticket(client, kotabaru, officer_kotabaru, open_desk):
    for name in ("Ani", "Budi"):
        issue_ticket(kotabaru, "rekomendasi", name, now=NINE)
    client.force_login(officer_kotabaru)
    open_desk.refresh_from_db()
    version = open_desk.version
    for _click in range(2):  # the same page's button, twice
        client.post(call_url(open_desk), {"version": version})
    assert list(Ticket.objects.filter(status="called").values_list("code", flat=True)) == ["R-001"]


def test_recall_skip_start_and_finish(client, kotabaru, officer_kotabaru, open_desk):
    ani = issue_ticket(kotabaru, "rekomendasi", "Ani", now=NINE)
    budi = issue_ticket(kotabaru, "rekomendasi", "Budi", now=NINE)
    client.force_login(officer_kotabaru)
    post(client, call_url(open_desk), open_desk)
    post(client, step_url(open_desk, ani, "panggil-ulang"), open_desk)
    ani.refresh_from_db()
    assert ani.status == "called" and ani.recalled_at is not None
    post(client, step_url(open_desk, ani, "lewati"), open_desk)
    ani.refresh_from_db()
    assert ani.status == "skipped" and ani.skipped_at is not None
    post(client, call_url(open_desk), open_desk)
    post(client, step_url(open_desk, budi, "layani"), open_desk)
    budi.refresh_from_db()
    assert budi.status == "serving" and budi.serving_started_at is not None
    post(client, step_url(open_desk, budi, "selesai"), open_desk)
    budi.refresh_from_db()
    assert budi.status == "done" and budi.finished_at >= budi.serving_started_at


def test_a_transferred_ticket_keeps_its_place_by_issue_time(kotabaru, officer_kotabaru, open_desk):
    other = desk_work.open_desk(kotabaru, OfficerFactory(office=kotabaru), "Loket 2", ["penjualan-produk"],
                                now=NINE)
    ani = issue_ticket(kotabaru, "rekomendasi", "Ani", now=minutes(0))
    later_buyer = issue_ticket(kotabaru, "penjualan-produk", "Pembeli", now=minutes(5))
    desk_work.call_next(open_desk, officer_kotabaru, now=minutes(6))
    open_desk.refresh_from_db()
    desk_work.transfer(open_desk, ani, "penjualan-produk", now=minutes(8))
    ani.refresh_from_db()
    assert (ani.status, ani.service, ani.code, ani.desk) == ("waiting", "penjualan-produk", "R-001", None)
    called = desk_work.call_next(other, other.officer, now=minutes(9))
    assert called == ani  # issued before the buyer, it goes first in its new line
    assert Ticket.objects.get(pk=later_buyer.pk).status == "waiting"


def test_an_officer_of_another_office_gets_404(client, kotabaru, officer_banjarmasin, open_desk):
    ticket = issue_ticket(kotabaru, "rekomendasi", "Ani Rahasia", now=NINE)
    client.force_login(officer_banjarmasin)
    assert client.get(reverse("desk:desk", kwargs={"desk": open_desk.pk})).status_code == 404
    assert post(client, call_url(open_desk), open_desk).status_code == 404
    assert post(client, step_url(open_desk, ticket, "lewati"), open_desk).status_code == 404
    assert "Ani Rahasia" not in client.get(reverse("desk:home")).content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "waiting"


def test_a_visitor_is_refused_and_anonymous_sent_to_sign_in(client, visitor_ani, open_desk):
    assert client.get(reverse("desk:home")).status_code == 302
    client.force_login(visitor_ani)
    assert client.get(reverse("desk:home")).status_code == 403
    assert post(client, call_url(open_desk), open_desk).status_code == 403


def test_changes_are_post_only(client, kotabaru, officer_kotabaru, open_desk):
    issue_ticket(kotabaru, "rekomendasi", "Ani", now=NINE)
    client.force_login(officer_kotabaru)
    assert client.get(call_url(open_desk)).status_code == 405
    assert not Ticket.objects.filter(status="called").exists()


def test_the_officer_issues_a_ticket_for_the_person_at_the_desk(client, officer_kotabaru):
    client.force_login(officer_kotabaru)
    with time_machine.travel(NINE, tick=False):
        response = client.post(reverse("desk:issue"), {"guest_name": "Tamu Loket", "service": "rekomendasi"},
                               follow=True)
    page = response.content.decode()
    assert "R-001" in page and "Tamu Loket · 09.00 WITA" in page  # the office's clock, not the server's
    ticket = Ticket.objects.get()
    assert (ticket.office, ticket.issued_by, ticket.guest_name) == (officer_kotabaru.office, officer_kotabaru,
                                                                    "Tamu Loket")


def test_the_officer_opens_a_desk_from_the_workspace(client, officer_kotabaru):
    client.force_login(officer_kotabaru)
    workspace = client.get(reverse("requests_app:officer_workspace")).content.decode()
    assert reverse("desk:home") in workspace
    response = client.post(reverse("desk:open"), {"name": "Loket 3", "services": ["rekomendasi"]})
    desk = officer_kotabaru.desks.get()
    assert response.url == reverse("desk:desk", kwargs={"desk": desk.pk})
    assert (desk.name, desk.services, desk.is_open) == ("Loket 3", ["rekomendasi"], True)


@pytest.mark.django_db(transaction=True)
def test_two_desks_calling_at_once_take_different_tickets(catalogue):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for concurrent calls")
    from services.catalogue.models import Office

    office = Office.objects.get(code="6302")
    officers = [OfficerFactory(office=office) for _ in range(4)]
    desks = [desk_work.open_desk(office, officer, f"Loket {n}", ["rekomendasi"], now=NINE)
             for n, officer in enumerate(officers, 1)]
    for name in ("Ani", "Budi", "Citra", "Dewi"):
        issue_ticket(office, "rekomendasi", name, now=NINE)
    barrier, errors = threading.Barrier(8), []

    def call(desk):
        try:
            barrier.wait(timeout=10)
            desk_work.call_next(desk, desk.officer, now=minutes(1))
        except desk_work.DeskRefused:
            pass  # the second click of a desk: refused, as it must be
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(desk,)) for desk in desks * 2]  # each desk clicked twice
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    called = Ticket.objects.filter(status="called")
    assert called.count() == 4
    assert sorted(called.values_list("desk_id", flat=True)) == sorted(desk.pk for desk in desks)


def test_yesterdays_waiting_ticket_is_never_called(kotabaru, officer_kotabaru, open_desk):
    issue_ticket(kotabaru, "rekomendasi", "Kemarin", now=NINE - datetime.timedelta(days=1))
    today = issue_ticket(kotabaru, "rekomendasi", "Hari ini", now=NINE)
    assert desk_work.call_next(open_desk, officer_kotabaru, now=minutes(1)) == today
    open_desk.refresh_from_db()
    desk_work.finish(open_desk, today, now=minutes(2))
    open_desk.refresh_from_db()
    with pytest.raises(desk_work.DeskRefused):
        desk_work.call_next(open_desk, officer_kotabaru, now=minutes(3))


def test_a_desk_serves_only_the_lines_the_office_offers_walk_in(client, officer_kotabaru):
    """Kotabaru publishes walk-in standards for product sales and recommendation, none for consultation."""
    client.force_login(officer_kotabaru)
    home = client.get(reverse("desk:home")).content.decode()
    assert 'value="penjualan-produk"' in home and 'value="rekomendasi"' in home
    assert 'value="konsultasi"' not in home
    refused = client.post(reverse("desk:open"), {"name": "Loket 3", "services": ["konsultasi"]})
    assert refused.status_code == 400 and "bukan salah satu dari pilihan" in refused.content.decode()
    no_ticket = client.post(reverse("desk:issue"), {"guest_name": "Tamu", "service": "konsultasi"})
    assert no_ticket.status_code == 400
    assert not Desk.objects.exists() and not Ticket.objects.exists()
    with pytest.raises(desk_work.DeskRefused):
        desk_work.open_desk(officer_kotabaru.office, officer_kotabaru, "Loket 3", ["konsultasi"])


def test_an_office_serving_only_online_says_so_and_opens_no_desk(client, catalogue):
    """Kotawaringin Timur (6202) publishes an online standard only: no desk, no ticket form."""
    from services.catalogue.models import Office

    client.force_login(OfficerFactory(office=Office.objects.get(code="6202")))
    home = client.get(reverse("desk:home")).content.decode()
    assert "tidak memiliki standar pelayanan tatap muka" in home
    assert reverse("desk:open") not in home and reverse("desk:issue") not in home


def test_a_ticket_is_transferred_only_where_the_office_has_another_line(client, kaltara):
    """Kalimantan Utara queues consultation only: its desk offers no transfer; Kotabaru's offers one."""
    officer = OfficerFactory(office=kaltara)
    desk = desk_work.open_desk(kaltara, officer, "Loket 1", ["konsultasi"])
    issue_ticket(kaltara, "konsultasi", "Tamu")
    desk_work.call_next(desk, officer)
    client.force_login(officer)
    page = client.get(reverse("desk:desk", kwargs={"desk": desk.pk})).content.decode()
    assert "/alihkan/" not in page and "Mulai layani" in page


def test_the_transfer_offers_the_offices_other_line(client, kotabaru, officer_kotabaru, open_desk):
    issue_ticket(kotabaru, "rekomendasi", "Tamu", now=NINE)
    desk_work.call_next(open_desk, officer_kotabaru)
    client.force_login(officer_kotabaru)
    page = client.get(reverse("desk:desk", kwargs={"desk": open_desk.pk})).content.decode()
    assert "/alihkan/" in page and 'value="penjualan-produk"' in page
