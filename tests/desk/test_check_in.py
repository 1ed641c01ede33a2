"""A signed-in visitor at the office checks in with the 6-digit code the desk page shows (a new one each
day, its own per office), choosing the service: the ticket is on their account. Guessing the code is cut
short, and a visitor already waiting gets their ticket back, not a second."""
import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from desk import desk as desk_work
from desk.checkin import MAX_WRONG_CODES, day_code
from desk.models import Ticket

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NINE = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=WITA)

pytestmark = pytest.mark.django_db


def check_in_url(office):
    return reverse("desk:check_in", kwargs={"office_code": office.code})


def wrong(code):
    return str((int(code) + 1) % 10**6).zfill(6)


def test_the_visitor_checks_in_with_the_code_the_desk_shows(client, kotabaru, officer_kotabaru, visitor_ani):
    with time_machine.travel(NINE, tick=False):
        desk = desk_work.open_desk(kotabaru, officer_kotabaru, "Loket 1", ["penjualan-produk"])
        client.force_login(officer_kotabaru)
        desk_page = client.get(reverse("desk:desk", kwargs={"desk": desk.pk})).content.decode()
        code = day_code(kotabaru, NINE.date())
        assert code in desk_page and f"/antrian/{kotabaru.code}/ambil-tiket/" in desk_page
        client.force_login(visitor_ani)
        response = client.post(check_in_url(kotabaru), {"code": code, "service": "penjualan-produk"})
        ticket = Ticket.objects.get()
        assert (ticket.visitor, ticket.code, ticket.status) == (visitor_ani, "P-001", "waiting")
        assert response["Location"] == reverse("desk:ticket", kwargs={"token": ticket.token})
        again = client.post(check_in_url(kotabaru), {"code": code, "service": "rekomendasi"})
        assert again["Location"] == response["Location"] and Ticket.objects.count() == 1


def test_the_code_is_the_offices_own_and_changes_every_day(client, kotabaru, banjarmasin, visitor_ani):
    today, tomorrow = NINE.date(), NINE.date() + datetime.timedelta(days=1)
    assert day_code(kotabaru, today) != day_code(kotabaru, tomorrow)
    assert day_code(kotabaru, today) != day_code(banjarmasin, today)
    client.force_login(visitor_ani)
    with time_machine.travel(NINE + datetime.timedelta(days=1), tick=False):
        client.force_login(visitor_ani)
        response = client.post(check_in_url(kotabaru), {"code": day_code(kotabaru, today),
                                                        "service": "penjualan-produk"})
    assert response.status_code == 400 and "Kode tidak sesuai" in response.content.decode()
    assert not Ticket.objects.exists()


def test_guessing_the_code_is_cut_short(client, kotabaru, visitor_ani):
    with time_machine.travel(NINE, tick=False):
        client.force_login(visitor_ani)
        code = day_code(kotabaru, NINE.date())
        for _guess in range(MAX_WRONG_CODES):
            client.post(check_in_url(kotabaru), {"code": wrong(code), "service": "penjualan-produk"})
        response = client.post(check_in_url(kotabaru), {"code": code, "service": "penjualan-produk"})
    assert response.status_code == 400 and "Terlalu banyak kode yang salah" in response.content.decode()
    assert not Ticket.objects.exists()


def test_only_a_signed_in_visitor_checks_in(client, kotabaru, officer_kotabaru):
    code = day_code(kotabaru, NINE.date())
    with time_machine.travel(NINE, tick=False):
        anonymous = client.post(check_in_url(kotabaru), {"code": code, "service": "penjualan-produk"})
        client.force_login(officer_kotabaru)
        officer = client.post(check_in_url(kotabaru), {"code": code, "service": "penjualan-produk"})
    assert anonymous.status_code == 302 and "/akun/" in anonymous["Location"]
    assert officer.status_code == 403
    assert not Ticket.objects.exists()


def test_an_unknown_office_is_not_found(client, visitor_ani, catalogue):
    client.force_login(visitor_ani)
    assert client.get(reverse("desk:check_in", kwargs={"office_code": "0000"})).status_code == 404
