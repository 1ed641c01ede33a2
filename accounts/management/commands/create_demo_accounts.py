from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, create_demo_accounts
from complaints.demo import create_demo_complaints
from complaints.rating_demo import create_demo_ratings
from desk.demo import create_demo_desks
from performance.demo import build_demo_figures, create_demo_history
from pst_portal import links
from replies.demo import create_demo_replies
from requests_app.demo import create_demo_requests


class Command(BaseCommand):
    help = ("Create demo accounts for every role and a few demo requests "
            "(development only: refuses unless DEBUG is on).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo accounts created.")
            return
        users = create_demo_accounts()
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for user in users:
            office = f"  {user.office}" if user.office else ""
            self.stdout.write(f"  {user.get_role_display():<18} {user.email:<28}{office}")
        for demo_request in create_demo_requests():
            self.stdout.write(f"  demo request {demo_request.code}: {demo_request.service_kind.name}, "
                              f"{demo_request.office.name}, {demo_request.get_status_display()}")
        for demo in create_demo_desks():
            self._describe_demo_desk(demo)
        for complaint in create_demo_complaints():
            self.stdout.write(f"  demo complaint {complaint.code}: {complaint.office.name}, "
                              f"{complaint.get_status_display()} ({links.absolute('/petugas/pengaduan/')})")
        replies_url = links.absolute("/petugas/balasan/")
        self.stdout.write(f"  reply templates: {create_demo_replies()} new, at {replies_url}")
        create_demo_history()  # before the ratings: its finished requests are rated like the others
        for demo in create_demo_ratings():
            self._describe_demo_ikm(demo)
        days = build_demo_figures()
        self.stdout.write(f"  performance figures rebuilt for {days} office-days: "
                          f"{links.absolute('/kepala/kinerja/')} as a head")

    def _describe_demo_ikm(self, demo):
        result = demo.result
        if result.value is None:
            return
        weakest = ", ".join(str(score.label) for score in result.weakest)
        self.stdout.write(f"  IKM {demo.office.name}, {demo.first_day} to {demo.last_day}: {result.value} "
                          f"({result.category}), {result.respondents} respondents; weakest: {weakest}")

    def _describe_demo_desk(self, demo):
        office = demo.office
        waiting = ", ".join(ticket.code for ticket in demo.tickets) or "tickets of an earlier run"
        kiosk = ("the kiosk (in the browser enrolled as it)" if demo.kiosk_enrolled
                 else "enrol a browser as the kiosk (one-time link, 24 hours)")
        self.stdout.write(f"  walk-in desk {office.code} {office.name} ({waiting} waiting):\n"
                          f"    desk   {links.absolute('/petugas/loket/')} as {demo.officer.email}\n"
                          f"    board  {links.absolute(f'/antrian/{office.code}/layar/')}\n"
                          f"    kiosk  {links.absolute(demo.kiosk_path)} : {kiosk}")
