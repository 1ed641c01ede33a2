"""The desk's demo for a development portal (``make run``): an open desk at Kotabaru (6302) with two
tickets waiting today, so the desk and the board show something at once."""
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from services.catalogue.models import Office

from .desk import open_desk, waiting_tickets
from .models import Desk
from .numbering import issue_ticket, service_lines

DEMO_OFFICE = "6302"
DEMO_GUESTS = ("Tamu Demo Satu", "Tamu Demo Dua")


@transaction.atomic
def create_demo_desk():
    """Open "Loket 1" at 6302 for every service (once), and two waiting tickets when none waits today.
    Returns the tickets issued now."""
    office = Office.objects.filter(code=DEMO_OFFICE).first()
    officer = User.objects.filter(role=Role.OFFICER, office=office).order_by("pk").first()
    lines = [slug for slug, _name in service_lines()]
    if office is None or officer is None or not lines:
        return []
    desk = Desk.objects.filter(office=office, name="Loket 1").first()
    if desk is None or not desk.is_open:
        desk = open_desk(office, officer, "Loket 1", lines)
    if waiting_tickets(office, lines).exists():
        return []
    now = timezone.now()
    return [issue_ticket(office, lines[index % len(lines)], guest, issued_by=officer, now=now)
            for index, guest in enumerate(DEMO_GUESTS)]
