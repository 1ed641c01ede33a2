"""The queue ticket on paper: the kiosk's ticket page has a "Cetak tiket" button and a printable ticket
(office, code, service, time on the office's clock, the line, the QR code to the phone page, the walk-in
standard's promise) with no personal data; the officer prints a desk-issued ticket from the same template,
for their own office only."""
import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from desk.models import Ticket
from desk.numbering import issue_ticket
from services.catalogue.models import Channel, StandardSection
from tests.desk.test_kiosk import GUEST, NIK, kiosk_url, tablet  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NINE = datetime.datetime(2026, 12, 1, 9, 5, tzinfo=WITA)
PERSONAL = ("Siti Aminah", "0812", "+62812", "siti@contoh.id", NIK, "6302********0002", "Lambung Mangkurat",
            "Data kemiskinan")


def printable(page):
    """The part of the page that goes on paper."""
    found = re.search(r'<section class="ticket-print".*?</section>', page, re.S)
    assert found, "no printable ticket on the page"
    return found[0]


def kiosk_ticket_page(tablet, office, **changes):  # noqa: F811
    with time_machine.travel(NINE, tick=False):
        return tablet.post(kiosk_url(office), {**GUEST, **changes}, follow=True).content.decode()


def test_the_kiosk_ticket_prints_the_ticket_and_no_personal_data(tablet, kotabaru):  # noqa: F811
    page = kiosk_ticket_page(tablet, kotabaru)
    paper = printable(page)
    ticket = Ticket.objects.get()
    assert ">P-001<" in paper and kotabaru.name in paper
    assert "Penjualan Produk Statistik" in paper
    assert "1 Desember 2026, 09.05 WITA" in paper  # the office's clock and zone, not the server's
    assert "0 orang menunggu sebelum Anda" in paper
    assert 'class="kiosk-qr" src="data:image/png;base64,' in paper
    assert "Pindai kode QR" in paper
    assert "paling lama 10 menit setelah pengunjung sebelumnya selesai" in paper
    words = re.sub(r'src="data:[^"]*"', "", paper)  # the QR image holds the phone page's address only
    assert [word for word in PERSONAL if word in words] == []
    assert str(ticket.token) not in words
    assert "6302********0002" in page  # the screen keeps the masked identity, off the paper


def test_the_kiosk_ticket_has_a_print_button_run_by_a_static_script(tablet, kotabaru):  # noqa: F811
    page = kiosk_ticket_page(tablet, kotabaru)
    assert re.search(r'<button type="button"[^>]*data-print-ticket>Cetak tiket</button>', page)
    assert '<script src="/static/js/print.js" defer></script>' in page
    assert 'href="/static/css/ticket_print.css"' in page
    assert "<script>" not in page  # nothing inline: the CSP allows none


def test_the_printed_promise_follows_the_standard(tablet, kotabaru):  # noqa: F811
    sections = StandardSection.objects.filter(standard__office=kotabaru, channel=Channel.WALK_IN,
                                              standard__service_kind__slug="penjualan-produk")
    sections.update(completion_value=15)
    assert "paling lama 15 menit setelah pengunjung sebelumnya selesai" in printable(
        kiosk_ticket_page(tablet, kotabaru))
    # A section without queue minutes: the 10 minutes the desk's measure holds it to.
    sections.update(completion_kind=StandardSection.CompletionKind.WORKING_DAYS)
    assert "paling lama 10 menit setelah pengunjung" in printable(kiosk_ticket_page(tablet, kotabaru))


def print_url(ticket):
    return reverse("desk:ticket_print", kwargs={"ticket": ticket.token})


def test_the_officer_prints_a_desk_ticket_without_the_guests_name(client, kotabaru, officer_kotabaru):
    client.force_login(officer_kotabaru)
    with time_machine.travel(NINE, tick=False):
        response = client.post(reverse("desk:issue"), {"guest_name": "Tamu Loket", "service": "rekomendasi",
                                                       "guest_contact": "0812 9999 0000"}, follow=True)
    ticket = Ticket.objects.get()
    page = response.content.decode()
    assert f'<a class="alert-link" href="{print_url(ticket)}">Cetak tiket</a>' in page  # in the message
    assert f'href="{print_url(ticket)}"' in page.split('id="lines-heading"')[1]  # and the waiting list
    with time_machine.travel(NINE + datetime.timedelta(minutes=1), tick=False):
        response = client.get(print_url(ticket))
    assert response.status_code == 200
    paper = printable(response.content.decode())
    assert ">R-001<" in paper and "Rekomendasi Kegiatan Statistik" in paper
    assert "1 Desember 2026, 09.05 WITA" in paper and 'src="data:image/png;base64,' in paper
    words = re.sub(r'src="data:[^"]*"', "", paper)
    assert "Tamu Loket" not in words and "0812" not in words
    assert re.search(r"data-print-ticket>Cetak tiket<", response.content.decode())


def test_another_offices_officer_gets_404_and_a_visitor_403(client, kotabaru, officer_banjarmasin,
                                                            visitor_ani):
    ticket = issue_ticket(kotabaru, "penjualan-produk", "Ani Rahasia")
    client.force_login(officer_banjarmasin)
    response = client.get(print_url(ticket))
    assert response.status_code == 404 and "Ani Rahasia" not in response.content.decode()
    client.force_login(visitor_ani)
    assert client.get(print_url(ticket)).status_code == 403
    client.logout()
    assert client.get(print_url(ticket)).status_code == 302  # to sign in


def test_the_printed_ticket_in_english(tablet, kotabaru):  # noqa: F811
    tablet.cookies["django_language"] = "en"
    page = kiosk_ticket_page(tablet, kotabaru)
    paper = printable(page)
    assert "Your queue number" in paper and "Issued: <time" in paper
    assert "You are served at most 10 minutes after the previous visitor is done." in paper
    assert "data-print-ticket>Print ticket</button>" in page
