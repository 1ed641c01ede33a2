"""/healthz names the database and the broker, and says which is down; and whether the outbox and
beat are keeping up."""
import os

import pytest
from django.db import OperationalError, connection

from pst_portal.celery import app as celery_app
from tests.conftest import IN_CI, require


@pytest.fixture
def broker_url():
    """Restore the Celery app's broker after a test points it elsewhere."""
    original = celery_app.conf.broker_url
    yield original
    celery_app.conf.broker_url = original


def test_healthy_portal_answers_200_with_each_check(client, db):
    """On the host itself (the test client calls from 127.0.0.1, no proxy): every check by name."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "outbox": "ok",
                                                          "beat": "unknown"}}
    assert "no-cache" in response["Cache-Control"]


def test_database_down_is_503_naming_the_database(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "down", "broker": "ok"}


def test_broker_down_is_503_naming_the_broker(client, db, broker_url, settings):
    settings.HEALTHCHECK_BROKER_TIMEOUT = 1
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down" and response.json()["checks"]["broker"] == "down"


def test_redis_broker_is_reached_when_configured(client, db, settings):
    redis_url = os.environ.get("REDIS_URL")
    require(bool(redis_url), "Redis (REDIS_URL)")
    assert celery_app.conf.broker_url.startswith("redis://")
    assert client.get("/healthz").json()["checks"]["broker"] == "ok"


def test_ci_runs_on_postgresql_and_redis(db):
    """In CI the suite must really run on PostgreSQL and Redis; locally it runs on what is set."""
    if not IN_CI:
        assert connection.vendor in ("sqlite", "postgresql")
        return
    assert connection.vendor == "postgresql"
    assert os.environ.get("REDIS_URL", "").startswith("redis://")


def test_an_email_waiting_too_long_or_a_silent_beat_is_reported_as_behind(client, db):
    from datetime import timedelta

    from django.utils import timezone

    from pst_portal.models import JobRun, OutgoingEmail

    now = timezone.now()
    JobRun.objects.create(name="drain_outbox", started_at=now - timedelta(minutes=2),
                          finished_at=now - timedelta(minutes=2))
    assert client.get("/healthz").json() == {
        "status": "ok", "checks": {"database": "ok", "broker": "ok", "outbox": "ok", "beat": "ok"}}

    OutgoingEmail.objects.create(payload={}, subject="Lama", created_at=now - timedelta(minutes=10))
    JobRun.objects.update(finished_at=now - timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 200  # behind is not down: the web still serves, nothing is lost
    assert response.json() == {"status": "degraded", "checks": {
        "database": "ok", "broker": "ok", "outbox": "behind", "beat": "behind"}}


OUTSIDE = {"REMOTE_ADDR": "203.0.113.7"}


def test_a_caller_from_outside_reads_only_the_status(client, db, settings, broker_url):
    settings.HEALTHZ_TOKEN = "healthz-" + "s" * 32
    response = client.get("/healthz", **OUTSIDE)
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    # Through the proxy on the same host: the loopback address, but not a caller on the host.
    proxied = client.get("/healthz", HTTP_X_FORWARDED_FOR="203.0.113.7", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.json() == {"status": "ok"}
    wrong = client.get("/healthz", HTTP_AUTHORIZATION="Bearer healthz-tebakan", **OUTSIDE)
    assert wrong.json() == {"status": "ok"}
    # The load balancer still sees what is down by the code alone.
    settings.HEALTHCHECK_BROKER_TIMEOUT = 1
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    down = client.get("/healthz", **OUTSIDE)
    assert down.status_code == 503 and down.json() == {"status": "down"}


def test_the_token_from_the_environment_shows_the_checks_from_anywhere(client, db, settings):
    settings.HEALTHZ_TOKEN = "healthz-" + "s" * 32
    response = client.get("/healthz", HTTP_AUTHORIZATION=f"Bearer {settings.HEALTHZ_TOKEN}",
                          HTTP_X_FORWARDED_FOR="203.0.113.7", **OUTSIDE)
    assert response.json()["checks"]["database"] == "ok"
    settings.HEALTHZ_TOKEN = ""  # no token set: no bearer reads the details
    assert client.get("/healthz", HTTP_AUTHORIZATION="Bearer ", **OUTSIDE).json() == {"status": "ok"}
