"""The desk's demo for a development portal (``make run``): at every office with a walk-in line, "Loket 1"
open for all its lines with two tickets waiting today, and a kiosk with a one-time link to enrol a
browser as it, so the kiosk, the desk and the board work at once."""
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from services.catalogue.models import Office

from . import kiosk as kiosks
from .desk import open_desk, waiting_tickets
from .kiosk_models import Kiosk
from .models import Desk
from .numbering import issue_ticket, office_lines

DEMO_GUESTS = ("Tamu Demo Satu", "Tamu Demo Dua")
DEMO_KIOSK = "Kiosk demo"
DEMO_LINK_LIFETIME = datetime.timedelta(days=1)


@dataclass
class DemoDesk:
    office: Office
    officer: User
    tickets: list = field(default_factory=list)
    kiosk_path: str = ""  # the one-time enrolment link, or the kiosk page when already enrolled
    kiosk_enrolled: bool = False


def create_demo_desks():
    """A ``DemoDesk`` for every active office that has walk-in lines and a demo officer."""
    demos = []
    for office in Office.objects.filter(is_active=True).order_by("code"):
        officer = User.objects.filter(role=Role.OFFICER, office=office).order_by("pk").first()
        lines = [slug for slug, _name in office_lines(office)]
        if officer is not None and lines:
            demos.append(_demo_desk(office, officer, lines))
    return demos


@transaction.atomic
def _demo_desk(office, officer, lines):
    desk = Desk.objects.filter(office=office, name="Loket 1").first()
    if desk is None or not desk.is_open or set(desk.services) != set(lines):
        open_desk(office, officer, "Loket 1", lines)
    demo = DemoDesk(office, officer)
    if not waiting_tickets(office, lines).exists():
        now = timezone.now()
        demo.tickets = [issue_ticket(office, lines[index % len(lines)], guest, issued_by=officer, now=now)
                        for index, guest in enumerate(DEMO_GUESTS)]
    kiosk = Kiosk.objects.filter(office=office, name=DEMO_KIOSK, revoked_at__isnull=True).first()
    if kiosk is not None and kiosk.is_active:
        demo.kiosk_enrolled = True
        demo.kiosk_path = reverse("desk:kiosk", kwargs={"office_code": office.code})
    else:
        kiosk = kiosk or Kiosk(office=office, name=DEMO_KIOSK, created_by=officer)
        link = kiosks.new_link(kiosk, lifetime=DEMO_LINK_LIFETIME)
        demo.kiosk_path = reverse("desk:kiosk_enrol", kwargs={"link": link})
    return demo
