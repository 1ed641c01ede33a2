"""A hung broker (Redis that accepts connections and never answers) holds no page: /healthz says
"down" within its deadline, a visitor's submission is saved and answered within a few seconds (its
email waits for drain_outbox), and a job's own publish gives up within seconds instead of waiting on
the socket. The broker and cache settings are the ones ``pst_portal.settings.base`` makes from
``REDIS_URL``; the hung server is a thread of this process (tests.pst_portal.test_cache_down)."""
import datetime
import runpy
import time

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from pst_portal.celery import app as celery_app
from tests.factories import ProfiledVisitorFactory
from tests.pst_portal.test_cache_down import BASE_SETTINGS, HungRedis, forget_broker_pools
from tests.requests_helpers import file_request

CELERY_KEYS = ("broker_url", "broker_transport_options", "broker_connection_timeout",
               "task_publish_retry_policy", "task_always_eager")


def publish_as_configured(made, url):
    """Celery's app configured as the settings ``made`` configure it (Celery's defaults where they
    say nothing), publishing to ``url`` for real."""
    celery_app.conf.update(
        broker_url=url, task_always_eager=False,
        broker_transport_options=made["CELERY_BROKER_TRANSPORT_OPTIONS"],
        broker_connection_timeout=made.get("CELERY_BROKER_CONNECTION_TIMEOUT", 4.0),
        task_publish_retry_policy=made.get("CELERY_TASK_PUBLISH_RETRY_POLICY", {
            "max_retries": 3, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}),
    )
    forget_broker_pools(celery_app)


@pytest.fixture
def hung_broker(monkeypatch, settings):
    """Celery (publishing for real, not eagerly) and the cache pointed at a hung Redis, configured
    as the settings configure them."""
    from pst_portal import mail as portal_mail

    hung = HungRedis()
    url = f"redis://127.0.0.1:{hung.port}/9"
    monkeypatch.setenv("REDIS_URL", url)
    made = runpy.run_path(str(BASE_SETTINGS), run_name="broker_probe")
    settings.CACHES = made["CACHES"]
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(portal_mail, "_broker_down_until", [0.0])
    saved = {key: celery_app.conf[key] for key in CELERY_KEYS}
    publish_as_configured(made, url)
    yield made
    celery_app.conf.update(saved)
    forget_broker_pools(celery_app)
    hung.close()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_healthz_reports_a_hung_broker_down_within_its_deadline(hung_broker, db, settings):
    """The broker check's whole deadline is HEALTHCHECK_BROKER_TIMEOUT (2 s); the rest is slack for a
    loaded machine (without the deadline: as long as the hung socket lasts, 9 s here)."""
    assert settings.HEALTHCHECK_BROKER_TIMEOUT == 2.0
    for _ in range(3):  # a load balancer polls: every answer as quick
        response, seconds = timed(lambda: Client().get("/healthz"))
        assert response.status_code == 503, response.content
        assert response.json()["checks"]["broker"] == "down"
        assert seconds < 3.5, seconds


def test_a_submission_with_the_broker_hung_is_saved_within_seconds_and_notified_later(
    hung_broker, transactional_db, catalogue
):
    from pst_portal.tasks import drain_outbox
    from requests_app.models import RequestEvent, Status

    visitor = ProfiledVisitorFactory(email="eko@contoh.id")
    draft = file_request(visitor, submit=False)
    client = Client(raise_request_exception=False)
    client.force_login(visitor)

    response, seconds = timed(lambda: client.post(f"/permintaan/{draft.code}/periksa/"))

    assert response.status_code == 302, response.status_code
    assert seconds < 3.0, seconds
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    event = RequestEvent.objects.get(request=draft, action="submit")
    assert event.notified_at is None and mail.outbox == []  # waits for the drain, nothing lost
    # The broker answers again (eager here): the drain hands the event over, its email leaves once.
    celery_app.conf.task_always_eager = True
    RequestEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    drain_outbox()
    drain_outbox()
    assert [m.to for m in mail.outbox] == [[visitor.email]]


def test_a_jobs_own_publish_to_a_hung_broker_gives_up_within_seconds(monkeypatch, settings, db):
    """Beat's jobs publish with Celery's own connection: its sockets carry the settings' read timeout
    and the publish retry policy is bounded (without them this waits as long as the socket lets it)."""
    from pst_portal.tasks import deliver_email

    monkeypatch.setenv("CELERY_BROKER_SOCKET_TIMEOUT", "0.5")
    monkeypatch.setenv("CELERY_BROKER_CONNECT_TIMEOUT", "0.5")
    hung = HungRedis()
    url = f"redis://127.0.0.1:{hung.port}/9"
    monkeypatch.setenv("REDIS_URL", url)
    made = runpy.run_path(str(BASE_SETTINGS), run_name="broker_probe")
    saved = {key: celery_app.conf[key] for key in CELERY_KEYS}
    publish_as_configured(made, url)
    started = time.monotonic()
    try:
        with pytest.raises(Exception):  # noqa: B017 - kombu's or redis's timeout, whichever
            deliver_email.delay(1)
        seconds = time.monotonic() - started
    finally:
        celery_app.conf.update(saved)
        forget_broker_pools(celery_app)
        hung.close()
    assert seconds < 4.0, seconds
    assert made["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"] == 600
