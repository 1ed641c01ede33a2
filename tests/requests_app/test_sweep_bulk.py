"""The deadline sweep writes its reminders in bulk (requests_app.reminders.ReminderBatch): its number of
queries does not grow with the reminders it writes, nor does the notifier's; a chunk that meets another
sweep's reminders, or a request that moved on, is handled one by one, and nothing is written twice.

Deadlines are written straight to the rows; the jobs take ``now``."""
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app import notifications, reminders, workflow
from requests_app.deadlines import _due_soon_from
from requests_app.models import Reminder, Request, RequestEvent, Status
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import Office
from tests.factories import AgencyVisitorFactory, HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request

WITA = ZoneInfo("Asia/Makassar")
TUESDAY = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=WITA)
HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)
OFFICES = ("6500", "6202", "6302")


@pytest.fixture
def staff(catalogue):
    for code in OFFICES:
        office = Office.objects.get(code=code)
        OfficerFactory(email=f"petugas{code}@bps.go.id", office=office)
        HeadFactory(email=f"kepala{code}@bps.go.id", office=office)


def filed(service):
    if service == "rekomendasi":
        return file_request(AgencyVisitorFactory(), "6302", "rekomendasi")
    if service == "penjualan-produk":
        return file_request(ProfiledVisitorFactory(), "6202", "penjualan-produk")
    return file_request(ProfiledVisitorFactory(), "6500", service)


def due(request, kind):
    """Write a running clock to ``request`` that makes ``kind`` due on TUESDAY."""
    started = TUESDAY - 10 * DAY
    fields = {
        "overdue": {"due_at": TUESDAY - 2 * DAY, "at_risk_from": TUESDAY - 5 * DAY},
        "at_risk": {"due_at": TUESDAY + 7 * DAY, "at_risk_from": TUESDAY - HOUR},
        "due_tomorrow": {"due_at": datetime.datetime(2026, 11, 25, 15, 30, tzinfo=WITA),
                         "at_risk_from": TUESDAY - DAY},
    }[kind]
    fields["due_soon_from"] = _due_soon_from(WorkingCalendar(request.office), started, fields["due_at"])
    Request.objects.filter(pk=request.pk).update(clock_started_at=started, clock_paused_at=None,
                                                 status=Status.IN_PROCESS, **fields)


def requests_due(count):
    """``count`` requests of the three services at three offices, each with a reminder due on TUESDAY
    (overdue, at risk or one working day left, in turn)."""
    made = []
    services = ("konsultasi", "penjualan-produk", "rekomendasi")
    kinds = ("overdue", "at_risk", "due_tomorrow")
    for number in range(count):
        request = filed(services[number % 3] if number < 6 else "konsultasi")
        due(request, kinds[number % 3])
        made.append(request)
    return made


def sweep_counting(now):
    """(counts, queries of the sweep, event ids written); the notifier is not run (after commit)."""
    before = set(RequestEvent.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        counts = reminders.sweep_deadlines(now)
    written = sorted(set(RequestEvent.objects.values_list("pk", flat=True)) - before)
    return counts, len(queries), written


def notifier_queries(event_ids):
    with CaptureQueriesContext(connection) as queries:
        sent = notifications.send_events_notifications(event_ids)
    return sent, len(queries)


def test_a_sweep_writing_60_reminders_costs_the_queries_of_one_writing_10(staff):
    requests_due(10)
    counts, ten, events = sweep_counting(TUESDAY)
    assert sum(counts.values()) == 10 and counts["overdue"] and counts["at_risk"] and counts["due_tomorrow"]
    sent, notify_ten = notifier_queries(events)
    assert sent == 10
    requests_due(60)
    later = TUESDAY + HOUR
    counts, sixty, events = sweep_counting(later)
    assert sum(counts.values()) == 60 and Reminder.objects.count() == 70
    sent, notify_sixty = notifier_queries(events)
    assert sent == 60
    assert sixty == ten, "the sweep's queries grow with the reminders it writes"
    assert notify_sixty == notify_ten, "the notifier's queries grow with the reminders it sends"
    # A second run finds nothing, in fewer queries still, and sends nothing.
    counts, again, written = sweep_counting(later + HOUR)
    assert sum(counts.values()) == 0 and written == [] and again < ten
    assert notifications.send_events_notifications(events) == 0


def test_each_reminder_of_a_bulk_sweep_is_on_the_timeline_and_emailed_once(
        staff, django_capture_on_commit_callbacks):
    made = requests_due(7)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = reminders.sweep_deadlines(TUESDAY)
    assert counts == {"at_risk": 2, "due_tomorrow": 2, "overdue": 3, "very_overdue": 0}
    for request in made:
        [reminder] = Reminder.objects.filter(request=request)
        event = reminder.event
        assert event.actor is None and event.is_internal and event.request_id == request.pk
        assert event.note_params["kind"] == reminder.kind and event.display_note == event.note
        assert event.notified_at is not None
        assert [m for m in mail.outbox if request.code in m.subject], request.code
    assert len(mail.outbox) == 7
    escalations = [m for m in mail.outbox if "Eskalasi" in m.subject]
    assert len(escalations) == 3 and all(m.bcc and m.bcc[0].startswith("kepala") for m in escalations)


def test_a_sweep_of_several_chunks_writes_every_reminder_once(staff, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    monkeypatch.setattr(reminders, "CHUNK", 4)
    requests_due(11)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert sum(reminders.sweep_deadlines(TUESDAY).values()) == 11
        assert sum(reminders.sweep_deadlines(TUESDAY + HOUR).values()) == 0
    assert Reminder.objects.count() == 11 and len(mail.outbox) == 11
    assert RequestEvent.objects.filter(action__in=("deadline_reminder", "escalation")).count() == 11


def test_a_chunk_that_meets_another_sweeps_reminder_is_written_one_by_one(staff, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    made = requests_due(5)
    flush = reminders.ReminderBatch.flush

    def another_sweep_first(batch):
        # Another sweep wrote the first request's reminder after this one selected its candidates.
        request, kind, deadline = batch.pending[0][:3]
        assert reminders.remind(request, kind, deadline, batch.now, days=-1)
        return flush(batch)

    monkeypatch.setattr(reminders.ReminderBatch, "flush", another_sweep_first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = reminders.sweep_deadlines(TUESDAY)
    assert sum(counts.values()) == 4  # the fifth was the other sweep's
    assert Reminder.objects.count() == 5
    assert all(Reminder.objects.filter(request=r).count() == 1 for r in made)
    assert RequestEvent.objects.filter(action__in=("deadline_reminder", "escalation")).count() == 5
    assert len(mail.outbox) == 5  # the other sweep's email, and this one's four: none twice


def test_a_request_that_moved_on_before_its_chunk_is_not_reminded(staff, monkeypatch):
    made = requests_due(4)
    bulk = workflow.perform_system_many

    def closed_meanwhile(items, now):
        Request.objects.filter(pk=made[0].pk).update(status=Status.COMPLETED)
        return bulk(items, now)

    monkeypatch.setattr(workflow, "perform_system_many", closed_meanwhile)
    counts = reminders.sweep_deadlines(TUESDAY)
    assert sum(counts.values()) == 3
    assert not Reminder.objects.filter(request=made[0]).exists()
    assert not RequestEvent.objects.filter(request=made[0], action="escalation").exists()


# ---------------------------------------------------------------- digests stay readable


def test_a_digest_gives_the_counts_the_20_most_urgent_and_a_link_to_the_rest(staff, client):
    office = Office.objects.get(code="6500")
    overdue = []
    for days_late in range(23):
        request = filed("konsultasi")
        due(request, "overdue")
        Request.objects.filter(pk=request.pk).update(due_at=TUESDAY - (2 + days_late) * DAY)
        overdue.append(request)
    at_risk = [filed("konsultasi") for _ in range(2)]
    for request in at_risk:
        due(request, "at_risk")
    mail.outbox.clear()
    seven = TUESDAY + datetime.timedelta(minutes=5)  # after 07.00, and the two are at risk by then
    assert reminders.send_digests(seven)["officers"] >= 1
    [officers] = [m for m in mail.outbox if "petugas6500@bps.go.id" in m.bcc]
    [head] = [m for m in mail.outbox if "kepala6500@bps.go.id" in m.bcc]
    assert "23 terlambat" in officers.subject and "2 berisiko" in officers.subject
    for message, path in ((officers, "/petugas/"), (head, "/kepala/")):
        body = message.body
        assert "Melewati tenggat (23):" in body
        # The most overdue first, twenty of them; the three least late are left to the queue's link.
        listed = sorted((body.index(r.code), r.code) for r in overdue if r.code in body)
        assert [code for _at, code in listed] == [r.code for r in reversed(overdue[3:])]
        assert "… 20 yang paling mendesak dari 23; semuanya di antrean:" in body
        assert f"{path}?view=open&urgency=0\n" in body
    assert all(r.code in officers.body for r in at_risk)
    assert officers.body.count("yang paling mendesak") == 1  # only the overdue list is cut
    digest = reminders.Digest.objects.get(office=office, audience="officers")
    assert digest.counts == {"due_today": 0, "at_risk": 2, "overdue": 23}
    # The link shows the office's overdue requests in the queue (on the digest's morning).
    officer = office.staff.get(email="petugas6500@bps.go.id")
    client.force_login(officer)
    with time_machine.travel(seven, tick=False):
        response = client.get("/petugas/?view=open&urgency=0")
    assert response.status_code == 200
    assert overdue[-1].code.encode() in response.content and at_risk[0].code.encode() not in response.content
