"""The 10-minute standard on the officer's and head's workspaces: today's and this week's compliance per
desk and per service of their own office, from constructed timelines."""
import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from desk import desk as desk_work
from desk.numbering import issue_ticket

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
MONDAY = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=WITA)
THURSDAY = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=WITA)
LAST_SUNDAY = datetime.datetime(2026, 11, 29, 9, 0, tzinfo=WITA)

pytestmark = pytest.mark.django_db


def served_after(office, officer, start, wait_minutes, desk_name="Loket 1"):
    """A product-sales ticket issued at ``start``, called ``wait_minutes`` later, finished 5 minutes on."""
    desk = desk_work.open_desk(office, officer, desk_name, ["penjualan-produk"], now=start)
    issue_ticket(office, "penjualan-produk", "Tamu", now=start)
    called_at = start + datetime.timedelta(minutes=wait_minutes)
    ticket = desk_work.call_next(desk, officer, now=called_at)
    desk.refresh_from_db()
    desk_work.finish(desk, ticket, now=called_at + datetime.timedelta(minutes=5))
    desk.refresh_from_db()
    desk_work.close_desk(desk, now=called_at + datetime.timedelta(minutes=6))


def period(body, label):
    """The text of the figures panel from ``label``'s heading to the next heading."""
    panel = body[body.index('id="desk-figures-heading"'):]
    start = panel.index(f"<h3 class=\"h6\">{label}")
    rest = panel[start + 1:]
    end = rest.find("<h3")
    return re.sub(r"\s+", " ", rest if end < 0 else rest[:end])


@pytest.fixture
def week(kotabaru, officer_kotabaru):
    served_after(kotabaru, officer_kotabaru, LAST_SUNDAY, 30)  # last week: not counted
    served_after(kotabaru, officer_kotabaru, MONDAY, 4)  # within 10 minutes
    served_after(kotabaru, officer_kotabaru, THURSDAY, 15)  # late


def test_the_head_sees_today_and_the_weeks_compliance(client, head_kotabaru, week):
    with time_machine.travel(THURSDAY + datetime.timedelta(hours=3), tick=False):
        client.force_login(head_kotabaru)
        body = client.get(reverse("requests_app:head_workspace")).content.decode()
    today, this_week = period(body, "Hari ini"), period(body, "Minggu ini")
    assert "<td>Loket 1</td><td>1</td><td>0 (0%)</td><td>15,0</td>" in today
    assert "<td>Penjualan Produk Statistik</td><td>1</td><td>0 (0%)</td>" in today
    assert "<td>Loket 1</td><td>2</td><td>1 (50%)</td><td>15,0</td>" in this_week


def test_the_officer_sees_the_figures_and_another_office_sees_none_of_them(client, officer_kotabaru,
                                                                           officer_banjarmasin, week):
    with time_machine.travel(THURSDAY + datetime.timedelta(hours=3), tick=False):
        client.force_login(officer_kotabaru)
        own = client.get(reverse("requests_app:officer_workspace")).content.decode()
        client.force_login(officer_banjarmasin)
        other = client.get(reverse("requests_app:officer_workspace")).content.decode()
    assert "<td>2</td><td>1 (50%)</td>" in period(own, "Minggu ini")
    assert "Belum ada tiket yang dipanggil." in period(other, "Minggu ini")
