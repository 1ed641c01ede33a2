"""docs/deploy.md's scale-out shape, started on loopback by bench/scale_out.py: two gunicorn behind
nginx (the example config, TLS), two Celery workers, one beat, Redis with appendonly and a PostgreSQL
database of its own; a recommendation filed, processed, approved and downloaded through the proxy.

Slow (about a minute on an idle machine of two cores: migrating a new database is most of it); it
needs nginx (nginx-light), redis-server, openssl and PostgreSQL on 127.0.0.1:5432, and with CI=true
fails when one is missing."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]


def postgres_answers():
    if shutil.which("psql") is None:
        return False
    probe = subprocess.run(["psql", "postgres://postgres@127.0.0.1:5432/postgres", "-tAc", "select 1"],
                           capture_output=True, text=True, timeout=30)
    return probe.returncode == 0


def test_the_scale_out_shape_files_processes_and_approves_a_request_through_the_proxy():
    require(shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"), "nginx (apt-get install nginx-light)")
    require(shutil.which("redis-server") is not None, "redis-server")
    require(shutil.which("openssl") is not None, "openssl")
    require(postgres_answers(), "PostgreSQL on 127.0.0.1:5432")
    result = subprocess.run([sys.executable, "-m", "bench.scale_out"], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    output = result.stdout
    assert result.returncode == 0, output + result.stderr[-5000:]
    assert "Redis appendonly: OK" in output
    line = next(line for line in output.splitlines() if line.startswith("scale-out result: "))
    figures = json.loads(line.removeprefix("scale-out result: "))
    access = figures["access_log_lines"]
    assert access["web1"] > 0 and access["web2"] > 0  # nginx spread the journey over both instances
    assert sum(figures["tasks_succeeded"].values()) > 0 and figures["beat_started"]
    assert figures["outbox_waiting"] == 0 and figures["emails_written"] == figures["outbox_sent"] > 0
    assert figures["emails_to_agency_about_it"] > 0 and figures["letter_pdf_bytes"] > 1000
