"""make run's ratings: every office with walk-in lines has enough demo respondents for an IKM, rated
through the survey's own functions; a second run adds none."""
import datetime
import re

from django.core.management import call_command

from complaints.ikm import ikm
from complaints.models import Rating
from services.catalogue.models import Office

WALK_IN_OFFICES = ("6302", "6371", "6500")


def test_make_run_rates_demo_visits_and_shows_each_offices_ikm(catalogue, settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    first = Rating.objects.count()
    call_command("create_demo_accounts")
    output = capsys.readouterr().out
    assert Rating.objects.count() == first
    for code in WALK_IN_OFFICES:
        office = Office.objects.get(code=code)
        rated = Rating.objects.filter(office=office, ticket__status="done")
        assert rated.count() == 36
        days = sorted(rated.values_list("local_date", flat=True))
        result = ikm(office, days[0], days[-1])
        # the 36 visits, and at 6500 also the rated requests of the figures' demo history
        assert result.respondents >= 36 and 25 <= result.value <= 100 and result.category in "ABCD"
        printed = re.search(rf"IKM {office.name}, (\S+) to (\S+): (\S+) \(([ABCD])\)", output)
        shown = ikm(office, datetime.date.fromisoformat(printed[1]), datetime.date.fromisoformat(printed[2]))
        assert (str(shown.value), shown.category) == (printed[3], printed[4])
        assert all(day.weekday() < 5 for day in days)  # on working days
