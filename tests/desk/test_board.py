"""The office's display board: public, codes and desks only (never a name or a contact), refreshing
itself through an htmx partial that is never cached."""
import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from desk import desk as desk_work
from desk.numbering import issue_ticket
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_office(kotabaru, officer_kotabaru):
    """Two desks: Loket 1 serving Ani, Loket 2 has called Budi; Citra waits."""
    now = timezone.now()
    one = desk_work.open_desk(kotabaru, officer_kotabaru, "Loket 1", ["rekomendasi"], now=now)
    two = desk_work.open_desk(kotabaru, OfficerFactory(office=kotabaru), "Loket 2", ["penjualan-produk"],
                              now=now)
    ani = issue_ticket(kotabaru, "rekomendasi", "Ani Rahasia", "ani.rahasia@contoh.id", now=now)
    issue_ticket(kotabaru, "penjualan-produk", "Budi Rahasia", "+6281299990009", now=now)
    issue_ticket(kotabaru, "rekomendasi", "Citra Rahasia", now=now)
    desk_work.call_next(one, officer_kotabaru)
    one.refresh_from_db()
    desk_work.start_serving(one, ani)
    desk_work.call_next(two, two.officer)
    return one, two


def board_urls(office):
    return (reverse("desk:board", kwargs={"office_code": office.code}),
            reverse("desk:board_partial", kwargs={"office_code": office.code}))


def test_the_board_shows_each_desks_ticket_and_no_personal_data(client, kotabaru, busy_office):
    for url in board_urls(kotabaru):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Loket 1" in page and "R-001" in page and "Loket 2" in page and "P-001" in page
        for private in ("Rahasia", "ani.rahasia@contoh.id", "+6281299990009"):
            assert private not in page, url


def test_the_board_is_never_cached_and_polls_its_partial(client, kotabaru, busy_office):
    board, partial = board_urls(kotabaru)
    for url in (board, partial):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "max-age=0" in cache_control
    page = client.get(board).content.decode()
    assert f'hx-get="{partial}"' in page and 'hx-trigger="every 4s"' in page
    assert "<style" not in page and "<script>" not in page and " style=" not in page  # the CSP allows none


def test_the_partial_returns_the_newest_call(client, kotabaru, officer_kotabaru, busy_office):
    one, _two = busy_office
    one.refresh_from_db()
    desk_work.finish(one, desk_work.current_ticket(one))
    one.refresh_from_db()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        desk_work.call_next(one, officer_kotabaru)
    partial = client.get(board_urls(kotabaru)[1]).content.decode()
    assert "R-002" in partial  # Citra's ticket, now at Loket 1
    last_called = partial[partial.index("Terakhir dipanggil"):]
    assert last_called.index("R-002") < last_called.index("P-001") < last_called.index("R-001")


def test_an_unknown_office_has_no_board(client):
    assert client.get(reverse("desk:board", kwargs={"office_code": "9999"})).status_code == 404
