"""A job killed mid-run is shown as such in admin ("terhenti"), not as a run still going.

``recorded`` writes the host and pid of the process running the job; a run never finished whose
process is gone from this host is stopped, and so is one unfinished after JOB_STALE_HOURS (another
host's). End to end on PostgreSQL: a real process runs a recorded job that sleeps and is SIGKILLed."""
import datetime
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pst_portal.models import JobRun
from tests.conftest import require
from tests.pst_portal.throwaway import ROOT

CHANGELIST = "admin:pst_portal_jobrun_changelist"


def killed_process():
    """The pid of a process of this host that has just been SIGKILLed (and reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    return process.pid


def test_each_state_of_a_run(db, settings):
    settings.JOB_STALE_HOURS = 6
    now = timezone.now()
    here = socket.gethostname()
    finished = JobRun(name="a", started_at=now, finished_at=now)
    failed = JobRun(name="a", started_at=now, finished_at=now, error="RuntimeError('x')")
    running = JobRun(name="a", started_at=now, host=here, pid=os.getpid())
    killed = JobRun(name="a", started_at=now, host=here, pid=killed_process())
    elsewhere = JobRun(name="a", started_at=now - datetime.timedelta(hours=1), host="worker-2", pid=4242)
    elsewhere_stale = JobRun(name="a", started_at=now - datetime.timedelta(hours=7), host="worker-2",
                             pid=4242)
    before_hosts_were_kept = JobRun(name="a", started_at=now - datetime.timedelta(days=2))
    assert [run.state(now) for run in (finished, failed, running, killed, elsewhere, elsewhere_stale,
                                       before_hosts_were_kept)] == [
        "selesai", "gagal", "berjalan", "terhenti", "berjalan", "terhenti", "terhenti"]


def test_the_decorator_records_who_runs_the_job(db):
    from pst_portal.jobs import recorded

    seen = {}

    @recorded("uji_host")
    def job():
        seen["run"] = JobRun.objects.get(name="uji_host")
        return {"n": 1}

    job()
    assert (seen["run"].host, seen["run"].pid) == (socket.gethostname(), os.getpid())
    assert seen["run"].state() == "berjalan"
    assert JobRun.objects.get(name="uji_host").state() == "selesai"


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_process_is_killed_shows_as_stopped_in_admin(client, administrator):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for a job in another process")
    database = connection.settings_dict
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "pst_portal.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
    }
    job = ("import django; django.setup(); import time; from pst_portal.jobs import recorded; "
           "recorded('uji_dibunuh')(lambda: time.sleep(120))()")
    process = subprocess.Popen([sys.executable, "-c", job], cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not JobRun.objects.filter(name="uji_dibunuh").exists():
            assert time.monotonic() < deadline, "the job never started"
            assert process.poll() is None, "the job's process ended early"
            time.sleep(0.1)
        client.force_login(administrator)
        page = client.get(reverse(CHANGELIST)).content.decode()
        assert "berjalan" in page and "terhenti" not in page
        os.killpg(process.pid, signal.SIGKILL)  # no chance to record anything
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    run = JobRun.objects.get(name="uji_dibunuh")
    assert run.finished_at is None and run.pid == process.pid
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "terhenti (proses mati sebelum selesai)" in page
