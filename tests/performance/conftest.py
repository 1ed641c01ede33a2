"""Constructed requests of Kotabaru (6302, WITA) in December 2026: their due dates, closings and pauses
written as the workflow leaves them, so every count of the figures can be worked out by hand."""
import datetime
import zoneinfo

from requests_app.models import ClockPause, Request, Status
from services.catalogue.models import Standard

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
# Thursday 10 December 2026, 10.00 WITA. December 2026's working days at Kotabaru: Mon–Fri, no holiday
# before the 24th.
NOW = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=WITA)


def at(day, hour=9, minute=0, month=12):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=WITA)


def constructed(office, submitted, *, service="rekomendasi", channel="online", status=Status.IN_PROCESS,
                started=None, due=None, closed=None, assignee=None, pauses=(), visitor=None):
    """A request filed at ``submitted``; its clock started at ``started`` (``submitted`` when it has a
    due date); final (``status``, completed by default) at ``closed``."""
    standard = Standard.objects.in_force().get(office=office, service_kind__slug=service)
    request = Request.objects.create(
        office=office, service_kind=standard.service_kind, standard=standard, channel=channel,
        purpose="Uji angka kinerja", created_at=submitted, submitted_at=submitted,
        status=(Status.COMPLETED if status == Status.IN_PROCESS else status) if closed else status,
        clock_started_at=started or (submitted if due else None), due_at=due, closed_at=closed,
        assigned_to=assignee, visitor=visitor)
    for paused, resumed in pauses:
        ClockPause.objects.create(request=request, paused_at=paused, resumed_at=resumed)
    return request
