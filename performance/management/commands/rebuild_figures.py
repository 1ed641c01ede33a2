import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from performance.aggregates import local_day, rebuild_range
from services.catalogue.models import Office


class Command(BaseCommand):
    help = ("Rebuild the daily performance figures from the requests and tickets: the last --days days "
            "(365 by default) or --from/--to (YYYY-MM-DD), for every office or --office CODE.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--from", dest="first", type=datetime.date.fromisoformat)
        parser.add_argument("--to", dest="last", type=datetime.date.fromisoformat)
        parser.add_argument("--office", help="an office code")

    def handle(self, *args, days, first, last, office, **options):
        offices = Office.objects.all()
        if office:
            offices = offices.filter(code=office)
            if not offices.exists():
                raise CommandError(f"No office with code {office}.")
        if days < 1:
            raise CommandError("--days must be at least 1.")
        total = 0

        for each in offices:
            until = last or local_day(each, timezone.now())
            since = first or until - datetime.timedelta(days=days - 1)
            if since > until:
                raise CommandError("--from must not be after --to.")
            total += len(rebuild_range(each, since, until))
        self.stdout.write(f"Rebuilt {total} office-days of figures.")
