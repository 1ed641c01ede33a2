"""/healthz names the database and the broker, and says which is down."""
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
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
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
    assert response.json() == {"status": "down", "checks": {"database": "ok", "broker": "down"}}


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
