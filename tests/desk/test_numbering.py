"""Queue numbers: per office, per the office's own day, per service line, never twice."""
import datetime
import threading
import time
import zoneinfo

import pytest
from django.db import connection

from desk import numbering
from desk.models import Ticket
from tests.conftest import require

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
MORNING = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=WITA)

pytestmark = pytest.mark.django_db


def test_each_line_of_each_office_counts_from_one(kotabaru, banjarmasin, kaltara):
    codes = [numbering.issue_ticket(kotabaru, "penjualan-produk", "Ani", now=MORNING).code for _ in range(3)]
    assert codes == ["P-001", "P-002", "P-003"]
    assert numbering.issue_ticket(kotabaru, "rekomendasi", "Citra", now=MORNING).code == "R-001"
    assert numbering.issue_ticket(banjarmasin, "rekomendasi", "Dewi", now=MORNING).code == "R-001"
    assert numbering.issue_ticket(kaltara, "konsultasi", "Eka", now=MORNING).code == "K-001"


def test_a_line_the_office_does_not_offer_walk_in_gets_no_ticket(kotabaru, catalogue):
    """Kotabaru publishes no consultation standard; Kotawaringin Timur (6202) serves only online."""
    from services.catalogue.models import Office

    with pytest.raises(numbering.LineRefused):
        numbering.issue_ticket(kotabaru, "konsultasi", "Ani", now=MORNING)
    with pytest.raises(numbering.LineRefused):
        numbering.issue_ticket(Office.objects.get(code="6202"), "penjualan-produk", "Budi", now=MORNING)
    assert not Ticket.objects.exists()


def test_the_next_day_starts_again_at_one(kotabaru):
    numbering.issue_ticket(kotabaru, "penjualan-produk", "Ani", now=MORNING)
    tomorrow = numbering.issue_ticket(kotabaru, "penjualan-produk", "Budi",
                                      now=MORNING + datetime.timedelta(days=1))
    assert (tomorrow.code, tomorrow.day) == ("P-001", datetime.date(2026, 12, 2))


def test_a_wita_offices_day_starts_at_midnight_wita_not_utc(kotabaru):
    assert kotabaru.time_zone == "Asia/Makassar"
    late = numbering.issue_ticket(kotabaru, "penjualan-produk", "Ani",
                                  now=datetime.datetime(2026, 12, 1, 23, 59, tzinfo=WITA))
    # 00.05 WITA on 2 December is still 1 December 16.05 UTC: a new day for the office all the same.
    early = numbering.issue_ticket(kotabaru, "penjualan-produk", "Budi",
                                   now=datetime.datetime(2026, 12, 2, 0, 5, tzinfo=WITA))
    assert (late.day, late.code) == (datetime.date(2026, 12, 1), "P-001")
    assert (early.day, early.code) == (datetime.date(2026, 12, 2), "P-001")


def test_a_service_no_app_registers_gets_no_ticket(kotabaru):
    with pytest.raises(ValueError):
        numbering.issue_ticket(kotabaru, "perpustakaan", "Ani", now=MORNING)
    assert not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_kiosks_at_once_never_share_a_number(kotabaru, monkeypatch):
    # SQLite's in-memory test database cannot hold a row lock across threads: this needs PostgreSQL.
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for concurrent ticket numbers")
    numbering.issue_ticket(kotabaru, "penjualan-produk", "Pertama", now=MORNING)  # the counter row exists
    taken = numbering._next_number

    def slow_next_number(*args):
        number = taken(*args)
        time.sleep(0.2)  # the counter row stays locked meanwhile: the others must wait
        return number

    monkeypatch.setattr(numbering, "_next_number", slow_next_number)
    errors, barrier = [], threading.Barrier(4)

    def issue():
        try:
            barrier.wait(timeout=10)
            numbering.issue_ticket(kotabaru, "penjualan-produk", "Tamu", now=MORNING)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    codes = sorted(Ticket.objects.values_list("code", flat=True))
    assert codes == ["P-001", "P-002", "P-003", "P-004", "P-005"]

