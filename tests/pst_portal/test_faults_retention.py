"""Retention: job runs and sent emails older than RETENTION_DAYS go, in bounded batches; emails not
sent or given up, and the timeline's events, stay."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pst_portal.models import JobRun, OutgoingEmail
from pst_portal.tasks import prune_records
from requests_app.models import RequestEvent
from tests.factories import ProfiledVisitorFactory
from tests.requests_helpers import file_request

DAY = datetime.timedelta(days=1)


def old_and_new_rows(now, old, new):
    JobRun.objects.bulk_create(
        [JobRun(name="drain_outbox", started_at=now - 100 * DAY, finished_at=now - 100 * DAY)
         for _ in range(old)]
        + [JobRun(name="drain_outbox", started_at=now - 10 * DAY, finished_at=now - 10 * DAY)
           for _ in range(new)])
    OutgoingEmail.objects.bulk_create(
        [OutgoingEmail(payload={}, subject="lama", created_at=now - 100 * DAY, sent_at=now - 100 * DAY)
         for _ in range(old)]
        + [OutgoingEmail(payload={}, subject="baru", created_at=now - 100 * DAY, sent_at=now - 10 * DAY)
           for _ in range(new)])


def test_old_runs_and_sent_emails_go_failed_and_waiting_emails_and_events_stay(catalogue, settings):
    settings.RETENTION_DAYS = 90
    now = timezone.now()
    old_and_new_rows(now, old=4, new=3)
    failed = OutgoingEmail.objects.create(payload={}, subject="gagal", created_at=now - 200 * DAY,
                                          attempts=8, failed_at=now - 199 * DAY)
    waiting = OutgoingEmail.objects.create(payload={}, subject="menunggu", created_at=now - 200 * DAY)
    filed = file_request(ProfiledVisitorFactory())
    RequestEvent.objects.filter(request=filed).update(created_at=now - 1000 * DAY)
    events = RequestEvent.objects.count()

    counts = prune_records()

    assert counts == {"job_runs": 4, "sent_emails": 4}
    assert JobRun.objects.filter(name="drain_outbox").count() == 3
    assert set(OutgoingEmail.objects.values_list("subject", flat=True)) == {"baru", "gagal", "menunggu"}
    assert OutgoingEmail.objects.filter(pk__in=[failed.pk, waiting.pk]).count() == 2
    assert RequestEvent.objects.count() == events > 0
    # The run is recorded like every other job.
    run = JobRun.objects.get(name="prune_records")
    assert run.finished_at is not None and run.counts == counts


def test_a_run_deletes_in_bounded_batches_and_the_next_run_goes_on(db, settings):
    settings.RETENTION_DAYS = 90
    settings.RETENTION_BATCH, settings.RETENTION_MAX_BATCHES = 5, 3
    now = timezone.now()
    old_and_new_rows(now, old=23, new=2)
    from pst_portal.retention import prune_records as prune

    with CaptureQueriesContext(connection) as queries:
        assert prune(now) == {"job_runs": 15, "sent_emails": 15}
    # Per table and batch: one SELECT of at most RETENTION_BATCH ids and one DELETE of those.
    assert len(queries) == 2 * 3 * 2
    deletes = [q["sql"] for q in queries if q["sql"].startswith("DELETE")]
    assert len(deletes) == 6 and all(" IN (" in sql for sql in deletes)
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert all("LIMIT 5" in sql for sql in selects)

    assert prune(now) == {"job_runs": 8, "sent_emails": 8}
    assert prune(now) == {"job_runs": 0, "sent_emails": 0}
    assert JobRun.objects.count() == OutgoingEmail.objects.count() == 2


def test_the_pruning_job_runs_daily_from_beat(settings):
    from celery.schedules import crontab

    entry = settings.CELERY_BEAT_SCHEDULE["prune-records"]
    assert entry["task"] == "pst_portal.tasks.prune_records"
    assert isinstance(entry["schedule"], crontab)
    assert settings.RETENTION_DAYS == 90  # the default
