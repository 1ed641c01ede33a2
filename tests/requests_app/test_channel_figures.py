"""Issue 17 item 6: the office's requests split by channel on the head's and officer's workspaces, counted
on the office's clock (Kotabaru and Banjarmasin are WITA; the server shows WIB), from constructed
requests in two channels and two offices."""
import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from requests_app.figures import channel_figures, period_bounds
from requests_app.models import Request, Status
from services.catalogue.models import Standard
from tests.factories import VisitorFactory

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NOW = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=WITA)

pytestmark = pytest.mark.django_db


def at(day, hour=9, minute=0, month=12):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=WITA)


def constructed(office, channel, submitted, *, service="rekomendasi", status=Status.IN_PROCESS, closed=None,
                due=None):
    """A request as the workflow leaves it: filed at ``submitted``, final at ``closed`` if given."""
    standard = Standard.objects.in_force().get(office=office, service_kind__slug=service)
    return Request.objects.create(
        office=office, service_kind=standard.service_kind, standard=standard, channel=channel,
        purpose="Uji angka per kanal", status=Status.COMPLETED if closed else status, created_at=submitted,
        submitted_at=submitted, clock_started_at=submitted if due else None, due_at=due, closed_at=closed,
    )


@pytest.fixture
def requests(kotabaru, banjarmasin):
    return {
        # 23.30 WITA on the last day of November: November's; open and past its deadline now.
        "late_whatsapp": constructed(kotabaru, "whatsapp", at(30, 23, 30, month=11), due=at(5, 16)),
        # 00.30 WITA on 1 December (still 30 November in UTC and WIB): December's; closed on time.
        "on_time": constructed(kotabaru, "online", at(1, 0, 30), closed=at(4, 10), due=at(8, 16)),
        "late": constructed(kotabaru, "online", at(2), closed=at(9, 11), due=at(5, 16)),
        "sold": constructed(kotabaru, "online", at(5), service="penjualan-produk", due=at(20, 16)),
        # Served at the desk, with no working days: closed with no deadline.
        "walk_in": constructed(kotabaru, "walk_in", at(3), closed=at(3, 10)),
        # Closed in October: in neither month.
        "phone": constructed(kotabaru, "phone", at(15, month=10), closed=at(20, month=10),
                             due=at(25, month=10)),
        "other_office": constructed(banjarmasin, "online", at(2), due=at(4, 16)),
    }


def figures_rows(body):
    """{channel: {figure: text}} of the rendered card's table (the total as "total")."""
    card = body[body.index('id="channel-figures-heading"'):]
    card = card[:card.index("</section>")]
    rows = {}
    for channel, cells in re.findall(r'<tr[^>]*data-channel="([\w]+)">(.*?)</tr>', card, re.S):
        rows[channel] = dict(re.findall(r'data-figure="(\w+)">(?:<a [^>]*>)?([^<]*)', cells))
    return rows


def test_the_figures_count_the_offices_own_requests_per_channel_on_its_clock(kotabaru, requests,
                                                                            django_assert_num_queries):
    with django_assert_num_queries(1):  # one aggregate for the table, whatever the number of channels
        rows, total = channel_figures(kotabaru, period_bounds(kotabaru, "bulan-ini", NOW), NOW)
    by_channel = {row.channel: row for row in rows}
    assert list(by_channel) == ["walk_in", "online", "whatsapp"]  # no phone: nothing of it this month
    online = by_channel["online"]
    assert (online.filed, online.closed, online.on_time, online.late, online.open) == (3, 2, 1, 1, 1)
    walk_in, whatsapp = by_channel["walk_in"], by_channel["whatsapp"]
    assert (walk_in.closed, walk_in.no_due, walk_in.on_time) == (1, 1, 0)  # no deadline: not on time
    assert (whatsapp.filed, whatsapp.open, whatsapp.overdue) == (0, 1, 1)
    assert (total.filed, total.closed, total.on_time, total.late, total.no_due, total.open,
            total.overdue) == (4, 3, 1, 1, 1, 2, 1)
    last_month, _total = channel_figures(kotabaru, period_bounds(kotabaru, "bulan-lalu", NOW), NOW)
    # Open now shows in any period: the online order filed in December is open.
    assert [(row.channel, row.filed, row.open) for row in last_month] == [("online", 0, 1),
                                                                         ("whatsapp", 1, 1)]


def test_the_head_sees_the_card_with_the_numbers_and_picks_the_period(client, head_kotabaru, requests):
    with time_machine.travel(NOW, tick=False):
        client.force_login(head_kotabaru)  # a session of that day (an older one would have expired)
        page = lambda **params: client.get(reverse("requests_app:head_workspace"), params).content.decode()  # noqa: E731
        body, last, wrong = page(), page(periode="bulan-lalu"), page(periode="kemarin")
        sold = page(layanan="penjualan-produk")
    assert "Permintaan menurut kanal" in body
    rows = figures_rows(body)
    assert set(rows) == {"walk_in", "online", "whatsapp", "total"}
    assert rows["online"] == {"filed": "3", "closed": "2", "on_time": "1 (50%)", "late": "1", "no_due": "0",
                              "open": "1", "overdue": "0"}
    assert rows["walk_in"] == {"filed": "1", "closed": "1", "on_time": "0", "late": "0", "no_due": "1",
                               "open": "0", "overdue": "0"}
    assert rows["total"] == {"filed": "4", "closed": "3", "on_time": "1 (50%)", "late": "1", "no_due": "1",
                             "open": "2", "overdue": "1"}
    assert figures_rows(last) == {
        "online": {"filed": "0", "closed": "0", "on_time": "0", "late": "0", "no_due": "0", "open": "1",
                   "overdue": "0"},
        "whatsapp": {"filed": "1", "closed": "0", "on_time": "0", "late": "0", "no_due": "0", "open": "1",
                     "overdue": "1"},
        "total": {"filed": "1", "closed": "0", "on_time": "0", "late": "0", "no_due": "0", "open": "2",
                  "overdue": "1"}}
    assert figures_rows(wrong) == rows  # an unknown period is this month
    assert figures_rows(sold)["online"]["filed"] == "1" and set(figures_rows(sold)) == {"online", "total"}


def test_an_overdue_number_opens_the_queue_of_that_channel(client, head_kotabaru, requests):
    with time_machine.travel(NOW, tick=False):
        client.force_login(head_kotabaru)  # a session of that day (an older one would have expired)
        body = client.get(reverse("requests_app:head_workspace")).content.decode()
        link = re.search(r'data-channel="whatsapp">.*?data-figure="overdue"><a href="([^"]+)"', body, re.S)[1]
        assert link == "?channel=whatsapp&amp;view=open&amp;urgency=0#queue-heading"
        queue = client.get(reverse("requests_app:head_workspace") + link.replace("&amp;", "&").split("#")[0])
    codes = re.findall(r'<tr data-code="([^"]+)"', queue.content.decode())
    assert codes == [requests["late_whatsapp"].code]


def test_the_officer_sees_the_compact_card_of_their_own_office_only(client, officer_kotabaru,
                                                                     officer_banjarmasin, requests):
    with time_machine.travel(NOW, tick=False):
        client.force_login(officer_kotabaru)
        own = figures_rows(client.get(reverse("requests_app:officer_workspace")).content.decode())
        client.force_login(officer_banjarmasin)
        other = figures_rows(client.get(reverse("requests_app:officer_workspace")).content.decode())
    assert own["total"] == {"filed": "4", "closed": "3", "on_time": "1 (50%)", "open": "2", "overdue": "1"}
    assert other == {
        "online": {"filed": "1", "closed": "0", "on_time": "0", "open": "1", "overdue": "1"},
        "total": {"filed": "1", "closed": "0", "on_time": "0", "open": "1", "overdue": "1"}}


def test_the_card_reads_in_english(client, head_kotabaru, requests, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(NOW, tick=False):
        client.force_login(head_kotabaru)  # a session of that day (an older one would have expired)
        body = client.get(reverse("requests_app:head_workspace"), {"periode": "bulan-lalu"}).content.decode()
    assert "Requests by channel" in body and "Overdue now" in body
    assert '<option value="bulan-lalu" selected>Last month</option>' in body


def test_a_visitor_gets_no_figures(client, requests):
    client.force_login(VisitorFactory())
    for name in ("requests_app:head_workspace", "requests_app:officer_workspace"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "channel-figures" not in response.content.decode()


def test_the_periods_begin_at_midnight_on_the_offices_clock(kotabaru):
    week, year = period_bounds(kotabaru, "minggu-ini", NOW), period_bounds(kotabaru, "tahun-ini", NOW)
    assert (week.start, week.end) == (at(7, 0), at(14, 0))  # Monday to Monday, 00.00 WITA
    assert (year.start, year.end) == (at(1, 0, month=1), datetime.datetime(2027, 1, 1, tzinfo=WITA))
    assert week.start.astimezone(datetime.UTC).hour == 16  # the evening before, in UTC


def test_choosing_a_period_keeps_the_queues_filters_and_the_queue_keeps_the_period(client, head_kotabaru,
                                                                                    requests):
    with time_machine.travel(NOW, tick=False):
        client.force_login(head_kotabaru)
        body = client.get(reverse("requests_app:head_workspace"),
                          {"periode": "bulan-lalu", "channel": "online"}).content.decode()
        alone = client.get(reverse("requests_app:head_workspace"), {"periode": "bulan-lalu"}).content.decode()
    figures_form = body[body.index('class="row g-2 align-items-end mb-2 channel-figures-form"'):]
    figures_form = figures_form[:figures_form.index("</form>")]
    assert '<input type="hidden" name="channel" value="online">' in figures_form
    queue_form = body[body.index('class="row g-2 align-items-end queue-filters"'):]
    queue_form = queue_form[:queue_form.index("</form>")]
    assert '<input type="hidden" name="periode" value="bulan-lalu">' in queue_form
    assert "saringan aktif" not in alone  # a period alone is no filter of the queue
