import datetime

from django.core.management.base import BaseCommand, CommandError

from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import Office


class Command(BaseCommand):
    help = (
        "Working days of an office. --start LOCAL_TIME --days N prints the due moment "
        "(ISO 8601 with the office's UTC offset); --year Y lists that year's non-working weekdays."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="BPS office code, e.g. 6302")
        parser.add_argument("--start", help="start, local time of the office: 2026-03-16T10:00")
        parser.add_argument("--days", type=int, help="number of working days")
        parser.add_argument("--year", type=int, help="list non-working weekdays of this year")

    def handle(self, *args, office, start, days, year, **options):
        try:
            office = Office.objects.get(code=office)
        except Office.DoesNotExist:
            raise CommandError(f"Unknown office code {office}") from None
        calendar = WorkingCalendar(office)
        if year:
            for day, name in calendar.non_working_weekdays(year):
                self.stdout.write(f"{day:%Y-%m-%d} {day:%a} {name}")
            return
        if not start or not days:
            raise CommandError("Give --start and --days, or --year.")
        try:
            moment = datetime.datetime.fromisoformat(start)
        except ValueError:
            raise CommandError("--start must look like 2026-03-16T10:00") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=office.zone)
        self.stdout.write(calendar.due_at(moment, days).isoformat())
