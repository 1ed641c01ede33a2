"""Working days a finished request took, on its office's ``WorkingCalendar``: the working days after the
day its clock started (``clock_start_day``, as its deadline counts them) up to the day it closed, less the
working days its clock stood paused. So a request completed exactly at its deadline of N working days took
N, one completed on the day its clock started took 0, and a pause costs the visitor's days, not the
office's (the deadline moved by the same days, ``deadlines.resume_clock``)."""
from django.utils import timezone


def working_days_to_complete(request, calendar, pauses=None):
    """Working days from the clock's start to ``closed_at`` less the pauses, or None without both.
    ``pauses``: the request's ``ClockPause`` rows (read from it when not given)."""
    if request.clock_started_at is None or request.closed_at is None:
        return None
    started = calendar.clock_start_day(request.clock_started_at)
    closed = timezone.localtime(request.closed_at, calendar.zone).date()
    total = calendar.working_days_after(started, closed)
    pauses = request.pauses.all() if pauses is None else pauses
    for pause in pauses:
        if pause.paused_at < request.clock_started_at or pause.paused_at >= request.closed_at:
            continue  # a pause of an earlier clock (the request was reopened since), or after it closed
        resumed = min(pause.resumed_at or request.closed_at, request.closed_at)
        paused_day = calendar.clock_start_day(pause.paused_at)
        resumed_day = min(calendar.clock_start_day(resumed), max(closed, paused_day))
        total -= calendar.working_days_after(paused_day, resumed_day)
    return max(total, 0)
