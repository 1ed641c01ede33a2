"""A few demo requests for a development portal, so the queues of ``make run`` are not empty: each
service app files its own (``ServiceType.create_demo``) through the same functions and workflow as
real ones, created once."""

import datetime

from django.db import transaction
from django.utils import timezone

from services.catalogue.calendar import WorkingCalendar

# Budi's order: a subset of Susenas variables, confirmed and billed, waiting for his payment proof.
# How many working days ago the demo consultation and order were filed: enough for an escalation (the
# consultation has 3) and a reminder to the buyer (after 3 waiting), whatever the date of make run.
DEMO_WORKING_DAYS_AGO = 5


def working_days_ago(office, days, now=None):
    calendar = WorkingCalendar(office)
    day = timezone.localtime(now or timezone.now(), office.zone).date()
    while days:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=office.zone)

@transaction.atomic
def create_demo_requests():
    """Each service's demo requests (``ServiceType.create_demo``), once."""
    from requests_app.registry import service_types

    return [request for service in service_types() for request in service.create_demo()]
