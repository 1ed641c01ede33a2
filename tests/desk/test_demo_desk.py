"""make run's desk: an open desk at 6302 with two tickets waiting, shown on its board; created once."""
from django.core.management import call_command
from django.urls import reverse

from desk.models import Desk, Ticket


def test_make_run_shows_an_open_desk_with_two_tickets_waiting(client, catalogue, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    desk = Desk.objects.get(office__code="6302")
    assert desk.is_open and desk.officer.email == "petugas.6302@pst.test"
    assert Ticket.objects.filter(office__code="6302", status="waiting").count() == 2
    board = client.get(reverse("desk:board", kwargs={"office_code": "6302"})).content.decode()
    assert "Loket 1" in board and "2 menunggu" in board
