from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, create_demo_accounts
from desk.demo import create_demo_desk
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
        for ticket in create_demo_desk():
            self.stdout.write(f"  demo ticket {ticket.code} waiting at {ticket.office.name}: "
                              f"/petugas/loket/ and /antrian/{ticket.office.code}/layar/")
