"""The walk-in desk's figures on the officer's and head's workspaces: the 10-minute standard's compliance
per desk and per service, today and this week (Monday to today, on the office's clock). The core renders
them through ``register_workspace_panel`` without naming the desk."""
import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .measure import Compliance, waits_between
from .numbering import office_day, service_names

PANEL_TEMPLATE = "desk/workspace_figures.html"


def _grouped(all_waits, names):
    by_desk, by_service = {}, {}
    for wait in all_waits:
        desk = wait.ticket.desk
        by_desk.setdefault(desk.pk, Compliance(desk.name)).waits.append(wait)
        slug = wait.ticket.service
        by_service.setdefault(slug, Compliance(names.get(slug, slug))).waits.append(wait)
    order = lambda row: row.label  # noqa: E731
    return sorted(by_desk.values(), key=order), sorted(by_service.values(), key=order)


def period_compliance(office, first_day, last_day, names=None):
    """(per desk, per service) ``Compliance`` rows over the office's days ``first_day`` to ``last_day``."""
    return _grouped(waits_between(office, first_day, last_day), names or {})


def workspace_figures(user, now=None):
    """The panel's context for ``user``'s office: today's and this week's rows, from one query of the
    week's tickets (the service names are read only when a ticket was called)."""
    office = user.office
    if office is None:
        return {"periods": []}
    today = office_day(office, now or timezone.now())
    monday = today - datetime.timedelta(days=today.weekday())
    week = waits_between(office, monday, today)
    names = service_names() if week else {}
    periods = []
    for label, first_day in ((_("Hari ini"), today), (_("Minggu ini"), monday)):
        per_desk, per_service = _grouped([wait for wait in week if wait.ticket.day >= first_day], names)
        periods.append({"label": label, "first_day": first_day, "last_day": today,
                        "per_desk": per_desk, "per_service": per_service})
    return {"periods": periods}
