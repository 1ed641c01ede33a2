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
