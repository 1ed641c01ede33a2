"""The walk-in becomes a request: at the desk, the officer opens the served ticket's service's walk-in
form with the ticket kept, and the request that form records is linked to the ticket; the desk page
then shows the request's code. Another office's ticket is never linked."""
import pytest
from django.urls import reverse

from desk import desk as desk_work
from desk.numbering import issue_ticket
from requests_app.models import Request
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

WALK_IN = {"guest_name": "Rudi Hartono", "guest_contact": "rudi@contoh.id",
           "guest_institution": "Universitas Borneo Tarakan", "topic": "classification",
           "question": "Kode KBLI untuk usaha tambak udang?", "answer": "Masuk golongan biota air payau.",
           "duration_minutes": 20}


@pytest.fixture
def officer(kaltara):
    return OfficerFactory(email="petugas.loket.kaltara@bps.go.id", office=kaltara)


@pytest.fixture
def served(kaltara, officer):
    desk = desk_work.open_desk(kaltara, officer, "Loket 1", ["konsultasi"])
    issue_ticket(kaltara, "konsultasi", "Rudi Hartono", "rudi@contoh.id")
    ticket = desk_work.call_next(desk, officer)
    desk.refresh_from_db()
    return desk, ticket


def test_the_consultation_recorded_from_the_desk_is_linked_to_the_ticket(client, officer, served):
    desk, ticket = served
    client.force_login(officer)
    desk_page = reverse("desk:desk", kwargs={"desk": desk.pk})
    form_url = f"{reverse('consultation:walk_in')}?tiket={ticket.pk}"
    assert f'href="{form_url}"' in client.get(desk_page).content.decode()
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, WALK_IN)
    assert response.status_code == 302
    recorded = Request.objects.get(channel="walk_in")
    ticket.refresh_from_db()
    assert ticket.request == recorded
    page = client.get(desk_page).content.decode()
    assert recorded.code in page and form_url not in page


def test_a_walk_in_form_without_a_ticket_links_nothing(client, officer, served):
    _desk, ticket = served
    client.force_login(officer)
    client.post(reverse("consultation:walk_in"), WALK_IN)
    assert Request.objects.filter(channel="walk_in").count() == 1
    ticket.refresh_from_db()
    assert ticket.request is None


def test_another_offices_ticket_is_never_linked(client, kotabaru, officer_kotabaru, officer):
    desk = desk_work.open_desk(kotabaru, officer_kotabaru, "Loket 1", ["penjualan-produk"])
    issue_ticket(kotabaru, "penjualan-produk", "Tamu Kotabaru")
    foreign = desk_work.call_next(desk, officer_kotabaru)
    client.force_login(officer)  # an officer of 6500
    client.post(f"{reverse('consultation:walk_in')}?tiket={foreign.pk}", WALK_IN)
    foreign.refresh_from_db()
    assert foreign.request is None


def guest_book_ticket(office, officer, service):
    """A ticket at the officer's desk, issued to a guest who signed the kiosk's guest book."""
    from desk.kiosk_models import Guest, GuestBookEntry

    desk = desk_work.open_desk(office, officer, "Loket 2", [service])
    guest = Guest.objects.create(office=office, full_name="Sri Wahyuni", phone="+6281234567802",
                                 email="sri@contoh.id", identity_type="ktp",
                                 identity_number="6501015203900002")
    ticket = issue_ticket(office, service, guest.full_name, guest.phone)
    GuestBookEntry.objects.create(office=office, guest=guest, ticket=ticket, identity_type="ktp",
                                  identity_number=guest.identity_number, institution="Dinas Perikanan",
                                  purpose="Data produksi tambak 2025.")
    return desk_work.call_next(desk, officer)


def field_value(page, name):
    import re

    match = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page)
    tag = match.group(0) if match else ""
    if tag.startswith("<textarea"):
        return re.search(rf'name="{name}"[^>]*>([^<]*)</textarea>', page).group(1).strip()
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else ""


def test_the_walk_in_form_starts_with_what_the_guest_wrote_in_the_guest_book(client, officer, kaltara):
    ticket = guest_book_ticket(kaltara, officer, "konsultasi")
    client.force_login(officer)
    page = client.get(f"{reverse('consultation:walk_in')}?tiket={ticket.pk}").content.decode()
    assert field_value(page, "guest_name") == "Sri Wahyuni"
    assert field_value(page, "guest_contact") == "sri@contoh.id"
    assert field_value(page, "guest_institution") == "Dinas Perikanan"
    assert field_value(page, "question") == "Data produksi tambak 2025."
    assert field_value(client.get(reverse("consultation:walk_in")).content.decode(), "guest_name") == ""


def test_the_agencys_walk_in_form_starts_from_the_guest_book_too(client, kotabaru, officer_kotabaru):
    ticket = guest_book_ticket(kotabaru, officer_kotabaru, "rekomendasi")
    client.force_login(officer_kotabaru)
    form_url = f"{reverse('recommendation:walk_in_recommendation')}?tiket={ticket.pk}"
    page = client.get(form_url).content.decode()
    assert (field_value(page, "full_name"), field_value(page, "email"), field_value(page, "phone"),
            field_value(page, "institution")) == ("Sri Wahyuni", "sri@contoh.id", "+6281234567802",
                                                  "Dinas Perikanan")


def test_another_offices_guest_is_never_shown(client, kotabaru, officer_kotabaru, officer):
    ticket = guest_book_ticket(kotabaru, officer_kotabaru, "rekomendasi")
    client.force_login(officer)  # an officer of 6500 guessing Kotabaru's ticket id
    page = client.get(f"{reverse('consultation:walk_in')}?tiket={ticket.pk}").content.decode()
    assert "Sri Wahyuni" not in page and "sri@contoh.id" not in page


def test_the_buyers_walk_in_order_starts_from_the_guest_book_too(client, kotabaru, officer_kotabaru):
    ticket = guest_book_ticket(kotabaru, officer_kotabaru, "penjualan-produk")
    client.force_login(officer_kotabaru)
    page = client.get(f"{reverse('product_sales:walk_in_order')}?tiket={ticket.pk}").content.decode()
    assert (field_value(page, "full_name"), field_value(page, "email")) == ("Sri Wahyuni", "sri@contoh.id")
