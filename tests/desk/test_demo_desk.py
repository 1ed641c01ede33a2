"""make run's desk: at every office with walk-in lines, "Loket 1" open for exactly those lines with two
tickets waiting, shown on its board, and a one-time link that enrols a browser as the office's kiosk;
created once, whatever how often make run starts."""
import re

from django.core.management import call_command
from django.urls import reverse

from desk.models import Desk, Kiosk, Ticket

WALK_IN_LINES = {"6302": ["penjualan-produk", "rekomendasi"], "6371": ["rekomendasi"], "6500": ["konsultasi"]}


def test_make_run_has_a_desk_board_and_kiosk_for_each_office_with_walk_in_lines(client, catalogue, settings,
                                                                                 capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    output = capsys.readouterr().out
    desks = {desk.office.code: desk for desk in Desk.objects.select_related("office", "officer")}
    assert sorted(desks) == sorted(WALK_IN_LINES)  # 6202 serves online only: no desk there
    for code, lines in WALK_IN_LINES.items():
        desk = desks[code]
        assert desk.is_open and sorted(desk.services) == lines
        assert desk.officer.email == f"petugas.{code}@pst.test"
        assert Ticket.objects.filter(office__code=code, status="waiting").count() == 2
        board = client.get(reverse("desk:board", kwargs={"office_code": code})).content.decode()
        assert "Loket 1" in board and "2 menunggu" in board
    links = re.findall(r"kiosk\s+(\S+/antrian/kiosk/pasang/\S+/)", output)
    assert len(links) == 6  # three offices, two runs: each run gives a fresh link while none is enrolled
    assert Kiosk.objects.filter(enrolled_at__isnull=True).count() == 3


def test_the_printed_link_enrols_a_browser_as_the_offices_kiosk(client, catalogue, settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    link = re.search(r"walk-in desk 6500.*?kiosk\s+\S+?(/antrian/kiosk/pasang/\S+/)", capsys.readouterr().out,
                     re.S).group(1)
    kiosk_page = client.post(link, follow=True)
    assert kiosk_page.status_code == 200 and 'value="konsultasi"' in kiosk_page.content.decode()
    call_command("create_demo_accounts")
    assert "/antrian/6500/kiosk/ : the kiosk" in capsys.readouterr().out  # enrolled: no new link
