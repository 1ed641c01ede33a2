"""The demo's figures: a few weeks of requests recorded from other channels (WhatsApp, email, phone)
and worked through the one workflow at the demo offices, then the daily rows of the last 365 days
rebuilt (idempotent: the history is made once per office, a rebuild replaces the rows)."""
import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_accounts
from accounts.models import Role
from requests_app import workflow
from requests_app.models import Request
from requests_app.remote_forms import remote_standards
from requests_app.remote_models import RemoteContact
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import REMOTE_CHANNELS, Office

from .aggregates import local_day, rebuild_range

DEMO_DAYS = 365
DEMO_MARK = "Contoh kinerja (demo)"
PER_SERVICE = 18  # requests per service and office, one every other working day back from today
# Working days each demo request took (some beyond a short standard's deadline). The newest is left
# open (filed two hours ago, so not overdue: the demo's only escalation stays the core demo's own).
TOOK = (0, 1, 2, 3, 2, 5, 1, 4, 2, 6, 1, 2, 3, 1, 4, 2, 3, 1)


def _working_days_back(calendar, day, count):
    for _step in range(count):
        day -= datetime.timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= datetime.timedelta(days=1)
    return day


def _working_days_on(calendar, day, count):
    for _step in range(count):
        day = calendar.next_working_day(day)
    return day


def _at(office, day, hour):
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=office.zone)


def _demo_request(office, standard, officer, index, now, calendar):
    today = local_day(office, now)
    filed_day = _working_days_back(calendar, today, index * 2)
    # The newest was filed two hours ago (so this month always has one), the others in the morning.
    filed_at = now - datetime.timedelta(hours=2) if index == 0 else _at(office, filed_day, 9 + index % 4)
    filed_day = local_day(office, filed_at)
    channel = REMOTE_CHANNELS[index % len(REMOTE_CHANNELS)]
    with transaction.atomic():
        request = Request.objects.create(
            office=office, service_kind=standard.service_kind, standard=standard, channel=channel,
            purpose=f"{DEMO_MARK}: data statistik daerah {index + 1}", submission_token=uuid.uuid4(),
            created_at=filed_at)
        RemoteContact.objects.create(request=request, full_name=f"Tamu contoh {index + 1}",
                                     recorded_by=officer)
        workflow.perform(request, workflow.Action.RECORD_REMOTE, officer, now=filed_at)
    workflow.perform(request, workflow.Action.PROCESS, officer, now=filed_at + datetime.timedelta(minutes=30))
    if 0 < index < len(TOOK):
        done_day = _working_days_on(calendar, filed_day, TOOK[index])
        if done_day < today:
            workflow.perform(request, workflow.Action.COMPLETE, officer, note="Data sudah dikirim.",
                             now=_at(office, done_day, 11))
    return request


def create_demo_history(now=None):
    """The demo offices' history (once per office); the requests made."""
    made = []
    codes = {code for _email, role, code, _profile in demo_accounts() if role == Role.HEAD and code}
    for office in Office.objects.filter(code__in=codes):
        officer = office.staff.filter(role=Role.OFFICER, is_active=True).first()
        if officer is None or Request.objects.filter(office=office, purpose__startswith=DEMO_MARK).exists():
            continue
        calendar = WorkingCalendar(office)
        for standard in remote_standards(office):
            try:
                made += [_demo_request(office, standard, officer, index, now or timezone.now(), calendar)
                         for index in range(PER_SERVICE)]
            except workflow.ActionRefused:
                continue  # a service whose steps are its own: no demo history for it
    return made


def build_demo_figures(now=None):
    """The history, then every office's last ``DEMO_DAYS`` days rebuilt; the office-days with figures."""
    create_demo_history(now)
    total = 0
    for office in Office.objects.all():
        today = local_day(office, now or timezone.now())
        total += len(rebuild_range(office, today - datetime.timedelta(days=DEMO_DAYS - 1), today))
    return total
