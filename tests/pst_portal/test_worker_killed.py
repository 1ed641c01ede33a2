"""A worker killed in the middle of the deadline sweep: the task comes back (acknowledged late) to
another worker, which finishes it; every overdue request is escalated once and its email sent once.

Real processes: two ``celery worker`` processes on Redis and the test's PostgreSQL database, the
first killed with SIGKILL while it sweeps. Emails go to files, counted afterwards."""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from pst_portal.celery import app as celery_app
from requests_app.models import Reminder, Request
from services.catalogue.models import Office
from tests.conftest import require, worker_redis_url
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.pst_portal.test_celery_redis import _drop_broker_pools
from tests.requests_helpers import file_request

OVERDUE_REQUESTS = 120
VISIBILITY_SECONDS = 4


def _worker(env, log):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "pst_portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"w{uuid.uuid4().hex[:6]}@%h",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
        start_new_session=True,
    )


def _wait(condition, what, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"{what} did not happen within {timeout} s")


def _escalation_emails(folder):
    return sum(path.read_text(errors="replace").count("Subject: [PST BPS]") for path in folder.glob("*.log"))


@pytest.mark.django_db(transaction=True)
def test_a_sweep_whose_worker_is_killed_is_finished_by_another_without_duplicates(catalogue, tmp_path):
    redis_url = os.environ.get("REDIS_URL", "")
    require(bool(redis_url), "Redis (REDIS_URL)")
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for worker processes")
    broker = worker_redis_url(redis_url, 1)  # a database of its own: no other worker takes the task
    office = Office.objects.get(code="6500")
    HeadFactory(email="kepala.kaltara@bps.go.id", office=office)
    OfficerFactory(office=office)
    visitor = ProfiledVisitorFactory()
    now = timezone.now()
    for _ in range(OVERDUE_REQUESTS):
        file_request(visitor)
    Request.objects.update(
        due_at=now - datetime.timedelta(days=3), at_risk_from=now - datetime.timedelta(days=5)
    )

    database = connection.settings_dict
    emails = tmp_path / "emails"
    emails.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pst_portal.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "REDIS_URL": broker,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
        "CELERY_RESTORE_INTERVAL": "1",
        # One reminder per transaction (the sweep writes 500 at once by default): a kill lands mid-sweep.
        "SWEEP_CHUNK_SIZE": "1",
        "EMAIL_URL": f"filemail:///{emails}",  # environ drops one leading slash,
    }
    saved = {
        key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")
    }
    celery_app.conf.update(broker_url=broker, task_always_eager=False, broker_transport_options={})
    _drop_broker_pools(celery_app)
    first_log, second_log = open(tmp_path / "first.log", "w"), open(tmp_path / "second.log", "w")
    first = second = None
    try:
        from requests_app.tasks import sweep_deadlines

        subprocess.run(["redis-cli", "-u", broker, "flushdb"], check=False, capture_output=True)
        first = _worker(env, first_log)
        sweep_deadlines.delay()
        _wait(lambda: Reminder.objects.exists(), "the first worker's first escalation")
        os.killpg(first.pid, signal.SIGKILL)  # no warm shutdown: the task is left unacknowledged
        first.wait(timeout=10)
        done_by_first = Reminder.objects.count()
        assert 0 < done_by_first < OVERDUE_REQUESTS, "killed mid-sweep"

        second = _worker(env, second_log)
        _wait(lambda: Reminder.objects.count() == OVERDUE_REQUESTS, "the redelivered sweep finishing")
        # Each escalation is emailed by the notifier, a task of its own after the escalation commits.
        # Escalations not yet notified and emails not yet handed over when the first worker died go out
        # with the drain.
        from pst_portal.models import OutgoingEmail
        from pst_portal.tasks import drain_outbox
        from requests_app.models import RequestEvent

        a_while_ago = timezone.now() - datetime.timedelta(minutes=5)
        not_notified = RequestEvent.objects.filter(action="escalation", notified_at__isnull=True)
        not_notified.update(created_at=a_while_ago)
        OutgoingEmail.objects.filter(sent_at__isnull=True).update(created_at=a_while_ago)
        drain_outbox.delay()
        _wait(lambda: not not_notified.exists(), "every escalation notified")
        _wait(lambda: not OutgoingEmail.objects.filter(sent_at__isnull=True).exists(), "an empty outbox")
        time.sleep(2)  # anything sent twice would be in the files by now
        assert Reminder.objects.filter(kind="overdue").count() == OVERDUE_REQUESTS
        assert (
            Request.objects.get(pk=Request.objects.first().pk).events.filter(action="escalation").count() == 1
        )
        assert _escalation_emails(emails) == OVERDUE_REQUESTS
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=20)
        first_log.close()
        second_log.close()
        celery_app.conf.update(saved)
        _drop_broker_pools(celery_app)
