"""Issue 18: the daily figures, rebuilt from constructed requests (on time, late, no deadline, the exact
median of working days, the office's clock at a day boundary), kept by the workflow's signal after a
step, and by the nightly job."""
import datetime

import pytest
import time_machine

from performance.aggregates import rebuild_range, recompute_day
from performance.figures import median_of, period_tables
from performance.models import DailyFigure
from performance.periods import Period
from performance.tasks import rebuild_daily_figures
from performance.working_days import working_days_to_complete
from requests_app.models import Status
from services.catalogue.calendar import WorkingCalendar
from tests.factories import OfficerFactory

from .conftest import NOW, at, constructed

pytestmark = pytest.mark.django_db
DECEMBER = Period("bulan-ini", "Bulan ini", datetime.date(2026, 12, 1), datetime.date(2026, 12, 10))


def test_working_days_count_from_the_clocks_start_day_less_the_pauses(kotabaru):
    calendar = WorkingCalendar(kotabaru)
    # Started Tuesday 1st, completed Friday 4th: the 2nd, 3rd and 4th.
    plain = constructed(kotabaru, at(1, 10), due=at(14, 16), closed=at(4, 11))
    assert working_days_to_complete(plain, calendar) == 3
    # Paused Wednesday 2nd to Thursday 3rd (waiting on the visitor): one working day less.
    paused = constructed(kotabaru, at(1, 10), due=at(14, 16), closed=at(4, 11),
                         pauses=[(at(2, 10), at(3, 10))])
    assert working_days_to_complete(paused, calendar) == 2
    # Over a weekend: Friday 4th to Monday 7th is one working day; the same day is none.
    assert working_days_to_complete(constructed(kotabaru, at(4, 10), due=at(14, 16), closed=at(7, 9)),
                                    calendar) == 1
    assert working_days_to_complete(constructed(kotabaru, at(8, 9), due=at(14, 16), closed=at(8, 15)),
                                    calendar) == 0
    # Started after closing time on the 8th: its clock counts from the 9th, as its deadline does.
    assert working_days_to_complete(constructed(kotabaru, at(8, 20), due=at(14, 16), closed=at(10, 9)),
                                    calendar) == 1


def test_a_day_counts_filed_closed_on_time_late_and_no_deadline_per_service_and_channel(kotabaru):
    constructed(kotabaru, at(1, 10), due=at(4, 16), closed=at(3, 10))  # on time
    constructed(kotabaru, at(1, 11), due=at(2, 16), closed=at(3, 11))  # late
    constructed(kotabaru, at(3, 9), channel="walk_in", closed=at(3, 9, 30))  # served, no deadline
    constructed(kotabaru, at(3, 10), service="penjualan-produk", due=at(17, 16))  # filed, still open
    constructed(kotabaru, at(2, 9), due=at(9, 16), closed=at(3, 14), status=Status.REJECTED)  # not done
    recompute_day(kotabaru, datetime.date(2026, 12, 3))
    rows = {(row.service_slug, row.channel): row for row in DailyFigure.objects.filter(day="2026-12-03")}
    online = rows["rekomendasi", "online"]
    assert (online.filed, online.closed, online.completed, online.on_time, online.late) == (0, 3, 2, 2, 1)
    assert online.durations == {"2": 2}  # started the 1st, completed the 3rd
    walk_in = rows["rekomendasi", "walk_in"]
    assert (walk_in.filed, walk_in.closed, walk_in.completed, walk_in.no_deadline, walk_in.on_time) == \
        (1, 1, 1, 1, 0)
    assert walk_in.durations == {}  # no clock: no working days to count
    assert rows["penjualan-produk", "online"].filed == 1
    recompute_day(kotabaru, datetime.date(2026, 12, 3))  # again: the same rows, nothing counted twice
    assert DailyFigure.objects.filter(day="2026-12-03").count() == 3
    assert DailyFigure.objects.get(day="2026-12-03", service_slug="rekomendasi", channel="online").closed == 3


def test_the_day_is_the_offices_own(kotabaru):
    # 23.30 WITA on the 3rd and 00.30 WITA on the 4th are the same day in UTC (15.30 and 16.30).
    constructed(kotabaru, at(1, 10), due=at(14, 16), closed=at(3, 23, 30))
    constructed(kotabaru, at(1, 10), due=at(14, 16), closed=at(4, 0, 30))
    assert at(3, 23, 30).astimezone(datetime.UTC).date() == at(4, 0, 30).astimezone(datetime.UTC).date()
    rebuild_range(kotabaru, datetime.date(2026, 12, 1), datetime.date(2026, 12, 10))
    closed = dict(DailyFigure.objects.filter(closed__gt=0).values_list("day", "closed"))
    assert closed == {datetime.date(2026, 12, 3): 1, datetime.date(2026, 12, 4): 1}
    filed = DailyFigure.objects.get(day="2026-12-01")
    assert filed.filed == 2


def test_the_median_over_a_period_is_exact(kotabaru):
    assert median_of({"1": 1, "3": 1, "4": 1}) == 3
    assert median_of({"1": 2, "4": 1, "6": 1}) == 2.5  # even: the mean of the two middle values
    assert median_of({}) is None
    # 2, 3 and 5 working days on three different days, and 6 on a fourth: the median of the four is 4.
    constructed(kotabaru, at(1, 10), due=at(21, 16), closed=at(3, 10))  # 2
    constructed(kotabaru, at(1, 10), due=at(21, 16), closed=at(4, 10))  # 3
    constructed(kotabaru, at(1, 10), due=at(21, 16), closed=at(8, 10))  # 5
    constructed(kotabaru, at(1, 10), due=at(21, 16), closed=at(9, 10))  # 6
    rebuild_range(kotabaru, datetime.date(2026, 12, 1), datetime.date(2026, 12, 10))
    tables = period_tables(kotabaru, DECEMBER, now=NOW)
    assert tables.total.median_days == 4
    assert tables.by_service[0].completed == 4 and tables.total.on_time_percent == 100


def test_open_and_overdue_now_are_live(kotabaru):
    constructed(kotabaru, at(1, 10), due=at(4, 16))  # open, overdue
    constructed(kotabaru, at(1, 10), due=at(14, 16))  # open, on track
    tables = period_tables(kotabaru, DECEMBER, now=NOW)  # no row rebuilt: counted from the requests
    assert (tables.total.open_now, tables.total.overdue_now) == (2, 1)


def test_a_workflow_step_rebuilds_its_days(kaltara, django_capture_on_commit_callbacks):
    from requests_app import workflow
    from tests.factories import ProfiledVisitorFactory
    from tests.requests_helpers import file_request

    officer = OfficerFactory(office=kaltara)
    with time_machine.travel(at(1, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        request = file_request(ProfiledVisitorFactory(), "6500")
    filed = DailyFigure.objects.get(office=kaltara, day="2026-12-01")
    assert (filed.filed, filed.closed, filed.channel) == (1, 0, "online")
    with time_machine.travel(at(3, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        workflow.perform(request, workflow.Action.PROCESS, officer)
        request.refresh_from_db()
        workflow.perform(request, workflow.Action.COMPLETE, officer, note="Data sudah dikirim.")
    done = DailyFigure.objects.get(office=kaltara, day="2026-12-03")
    assert (done.closed, done.completed, done.on_time, done.late, done.durations) == (1, 1, 1, 0, {"2": 1})
    assert done.officer == officer
    # The day it was filed is rebuilt too: the request now counts under its assignee, once.
    first_day = DailyFigure.objects.filter(office=kaltara, day="2026-12-01")
    assert list(first_day.values_list("filed", "officer")) == [(1, officer.pk)]


def test_the_nightly_job_rebuilds_yesterday_and_today_of_every_office(kotabaru, banjarmasin):
    constructed(kotabaru, at(9, 10), due=at(14, 16), closed=at(10, 9))
    constructed(banjarmasin, at(9, 11), due=at(14, 16))
    DailyFigure.objects.create(office=kotabaru, day="2026-12-10", service_slug="rekomendasi", channel="email",
                               filed=9)  # stale: nothing of it is left
    with time_machine.travel(NOW, tick=False):
        rebuild_daily_figures()
    rows = set(DailyFigure.objects.values_list("office__code", "day", "filed", "closed"))
    assert rows == {("6302", datetime.date(2026, 12, 9), 1, 0), ("6302", datetime.date(2026, 12, 10), 0, 1),
                    ("6371", datetime.date(2026, 12, 9), 1, 0)}


def test_the_rebuild_command_covers_a_range(kotabaru):
    from django.core.management import call_command

    constructed(kotabaru, at(2, 10, month=11), due=at(20, 16, month=11), closed=at(5, 10, month=11))
    call_command("rebuild_figures", "--from", "2026-11-01", "--to", "2026-11-30", "--office", "6302")
    assert DailyFigure.objects.filter(office=kotabaru, day__month=11).count() == 2


def test_the_walk_in_compliance_is_the_desks_own_measure(kotabaru, officer_kotabaru):
    from desk import desk as desk_work
    from desk.measure import daily_compliance
    from desk.numbering import issue_ticket

    nine = at(1, 9)
    minutes = lambda n: nine + datetime.timedelta(minutes=n)  # noqa: E731
    desk = desk_work.open_desk(kotabaru, officer_kotabaru, "Loket 1", ["penjualan-produk"], now=nine)
    for name in ("Ani", "Budi", "Citra"):
        issue_ticket(kotabaru, "penjualan-produk", name, now=minutes(0))
    for called, finished in ((2, 10), (25, 30), (35, 40)):  # Budi waited 15 minutes after Ani finished
        ticket = desk_work.call_next(desk, officer_kotabaru, now=minutes(called))
        desk.refresh_from_db()
        desk_work.finish(desk, ticket, now=minutes(finished))
        desk.refresh_from_db()
    recompute_day(kotabaru, datetime.date(2026, 12, 1))
    row = DailyFigure.objects.get(day="2026-12-01", service_slug="penjualan-produk", channel="walk_in")
    assert (row.tickets_called, row.tickets_within_standard, row.officer) == (3, 2, officer_kotabaru)
    _per_desk, (desk_row,) = daily_compliance(kotabaru, datetime.date(2026, 12, 1))
    line, = period_tables(kotabaru, DECEMBER, now=NOW).walk_in
    assert (line.tickets_called, line.tickets_within_standard) == (desk_row.count, desk_row.compliant)
    assert line.compliance_percent == 66.7


def test_the_demo_builds_a_history_and_its_figures_once(catalogue):
    from accounts.demo import create_demo_accounts
    from performance.demo import DEMO_MARK, build_demo_figures
    from requests_app.models import Request

    create_demo_accounts()
    with time_machine.travel(NOW, tick=False):
        build_demo_figures()
        made = Request.objects.filter(purpose__startswith=DEMO_MARK).count()
        build_demo_figures()  # make run again: nothing twice
    assert made and Request.objects.filter(purpose__startswith=DEMO_MARK).count() == made
    figures = DailyFigure.objects.filter(office__code="6500")
    assert sum(figures.values_list("completed", flat=True)) > 0
    assert sum(figures.values_list("late", flat=True)) > 0
