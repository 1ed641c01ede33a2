"""The head's own lists on /kepala/ (escalations received, very overdue) and the officer's own overdue
and at-risk work first on /petugas/, each for their own office only.

Deadlines and escalations are written straight to the rows."""
import datetime

import pytest
from django.utils import timezone

from requests_app.models import Reminder, Request, Status
from services.catalogue.models import Office
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request

HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)


def filed(office_code=None, **fields):
    """A consultation filed at 6500 (moved to ``office_code``'s office when given), with ``fields``."""
    request = file_request(ProfiledVisitorFactory())
    if office_code:
        fields["office"] = Office.objects.get(code=office_code)
    now = timezone.now()
    fields.setdefault("clock_started_at", now - 40 * DAY)
    Request.objects.filter(pk=request.pk).update(**fields)
    request.refresh_from_db()
    return request


def escalated(request, kind="overdue", ago=DAY):
    return Reminder.objects.create(request=request, kind=kind, deadline=request.due_at or timezone.now(),
                                   created_at=timezone.now() - ago, days=-1)


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


@pytest.fixture
def kotabaru_head(kotabaru):
    return HeadFactory(email="kepala.kotabaru@bps.go.id", office=kotabaru)


def test_the_head_sees_the_escalations_received_open_and_recent(client, head, kotabaru_head):
    now = timezone.now()
    still_open = filed(due_at=now - 3 * DAY, working_days_allowed=3)
    escalated(still_open)
    escalated(still_open, "very_overdue", ago=HOUR)
    old_but_open = filed(due_at=now - 60 * DAY, working_days_allowed=3)
    escalated(old_but_open, ago=50 * DAY)
    finished = filed(due_at=now - 10 * DAY, status=Status.COMPLETED)
    escalated(finished, ago=5 * DAY)
    long_finished = filed(due_at=now - 90 * DAY, status=Status.COMPLETED)
    escalated(long_finished, ago=40 * DAY)
    elsewhere = filed("6302", due_at=now - 3 * DAY, working_days_allowed=3)
    escalated(elsewhere)

    client.force_login(head)
    html = client.get("/kepala/").content.decode()
    escalations = section(html, "escalations-heading")
    split = escalations.index('id="recent-escalations"')
    opened, recent = escalations[:split], escalations[split:]
    assert opened.count(f"permintaan/{still_open.code}/") == 2
    assert "Eskalasi kedua: sangat terlambat" in opened
    assert f'href="/petugas/permintaan/{old_but_open.code}/"' in opened
    assert finished.code in recent and "Selesai" in recent and still_open.code not in recent
    assert long_finished.code not in html and elsewhere.code not in html

    client.force_login(kotabaru_head)
    html = client.get("/kepala/").content.decode()
    assert elsewhere.code in section(html, "escalations-heading") and still_open.code not in html


def test_the_head_sees_requests_late_beyond_twice_their_allowance(client, head):
    now = timezone.now()
    very = filed(due_at=now - 30 * DAY, working_days_allowed=3)
    just_late = filed(due_at=now - HOUR, working_days_allowed=3)
    paused = filed(due_at=now - 30 * DAY, working_days_allowed=3, clock_paused_at=now - 29 * DAY)
    elsewhere = filed("6302", due_at=now - 30 * DAY, working_days_allowed=3)
    client.force_login(head)
    lists = section(client.get("/kepala/").content.decode(), "very-overdue-heading")
    assert f'href="/petugas/permintaan/{very.code}/"' in lists and "waktu layanan 3 hari kerja" in lists
    assert just_late.code not in lists and paused.code not in lists and elsewhere.code not in lists


def test_the_officer_sees_their_own_overdue_and_at_risk_work_first(client, dewi):
    eko = OfficerFactory(email="eko@bps.go.id", office=dewi.office)
    now = timezone.now()
    overdue = filed(due_at=now - DAY, at_risk_from=now - 3 * DAY, assigned_to=dewi)
    at_risk = filed(due_at=now + 2 * DAY, at_risk_from=now - HOUR, assigned_to=dewi)
    on_track = filed(due_at=now + 9 * DAY, at_risk_from=now + 5 * DAY, assigned_to=dewi)
    colleagues = filed(due_at=now - DAY, at_risk_from=now - 3 * DAY, assigned_to=eko)
    unassigned = filed(due_at=now - 2 * DAY, at_risk_from=now - 3 * DAY)
    client.force_login(dewi)
    html = client.get("/petugas/").content.decode()
    mine = section(html, "own-work-heading")
    assert mine.index(overdue.code) < mine.index(at_risk.code)
    assert "Terlambat" in mine and "Berisiko" in mine
    for other in (on_track, colleagues, unassigned):
        assert other.code not in mine
    assert html.index('id="own-work-heading"') < html.index(unassigned.code)  # before the queue


def test_an_officer_with_nothing_late_is_told_so(client, dewi):
    filed(due_at=timezone.now() + 9 * DAY, at_risk_from=timezone.now() + 5 * DAY, assigned_to=dewi)
    client.force_login(dewi)
    mine = section(client.get("/petugas/").content.decode(), "own-work-heading")
    assert "Tidak ada pekerjaan Anda yang terlambat atau berisiko." in mine


def test_very_overdue_in_sql_is_the_rule_itself_and_the_list_is_bounded(head):
    """The list's SQL cut-off per allowance picks exactly the requests ``is_very_overdue`` picks (around
    Lebaran's long holidays), and shows at most ``limit`` of them, the latest first, with the total."""
    import random

    from requests_app.deadlines import is_very_overdue
    from requests_app.worklists import very_overdue
    from services.catalogue.calendar import WorkingCalendar

    now = datetime.datetime(2026, 4, 8, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    rng = random.Random(8)
    made = [filed(due_at=now - datetime.timedelta(hours=rng.randrange(20, 60 * 24)),
                  working_days_allowed=rng.choice((1, 3, 5, 10)), clock_started_at=now - 90 * DAY)
            for _ in range(30)]
    calendar = WorkingCalendar(head.office)
    expected = sorted((r for r in made if is_very_overdue(r, now, calendar)), key=lambda r: (r.due_at, r.pk))
    assert 5 < len(expected) < len(made)  # both kinds are there
    everything = very_overdue(head, now=now, limit=100)
    assert [r.pk for r in everything] == [r.pk for r in expected] and everything.total == len(expected)
    top = very_overdue(head, now=now, limit=3)
    assert [r.pk for r in top] == [r.pk for r in expected[:3]] and top.total == len(expected)


def test_the_head_pages_the_approvals_and_bounds_the_lists(client, head):
    from requests_app import staff_views, worklists

    now = timezone.now()
    awaiting = [filed(status=Status.AWAITING_APPROVAL, due_at=now + i * DAY) for i in range(5)]
    for item in awaiting:
        escalated(item)
    client.force_login(head)
    original = staff_views.APPROVALS_PAGE_SIZE, worklists.HEAD_LIST_LIMIT
    staff_views.APPROVALS_PAGE_SIZE = 2
    try:
        first = client.get("/kepala/").content.decode()
        approvals = section(first, "approval-heading")
        assert awaiting[0].code in approvals and awaiting[1].code in approvals
        assert awaiting[2].code not in approvals and "5 permintaan" in approvals
        assert "persetujuan=2" in approvals and "Halaman 1 dari 3" in approvals
        last = section(client.get("/kepala/?persetujuan=3").content.decode(), "approval-heading")
        assert awaiting[4].code in last and awaiting[0].code not in last
    finally:
        staff_views.APPROVALS_PAGE_SIZE = original[0]
    escalations = section(first, "escalations-heading")
    assert "(5)" in escalations and "Menampilkan" not in escalations
    bounded = worklists.escalations_received(head, limit=2)[0]
    assert len(bounded) == 2 and bounded.total == 5


def test_the_head_page_costs_the_same_queries_with_one_approval_or_six(client, head):
    """No query per row awaiting approval (each row shows its office's clock: the office comes with it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    client.force_login(head)

    def queries_with(count):
        for i in range(count):
            filed(status=Status.AWAITING_APPROVAL, due_at=now + (i + 1) * DAY)
        client.get("/kepala/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/kepala/").status_code == 200
        return len(captured)

    one = queries_with(1)
    assert queries_with(5) == one
