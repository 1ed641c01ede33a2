"""The demo's figures: the daily rows of the last 365 days rebuilt from the demo's requests and tickets
(idempotent: a rebuild replaces the rows)."""
import datetime

from django.utils import timezone

from services.catalogue.models import Office

from .aggregates import local_day, rebuild_range

DEMO_DAYS = 365


def build_demo_figures(now=None):
    """Rebuild every office's last ``DEMO_DAYS`` days; the number of office-days with figures."""
    total = 0
    for office in Office.objects.all():
        today = local_day(office, now or timezone.now())
        total += len(rebuild_range(office, today - datetime.timedelta(days=DEMO_DAYS - 1), today))
    return total
