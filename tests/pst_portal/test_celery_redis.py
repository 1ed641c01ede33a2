"""Celery for real: tasks published to Redis and run by a worker, not eagerly.

The test settings run Celery eagerly. Here the project's own Celery app is pointed at
``REDIS_URL`` (a database of this test process's own), made lazy (``task_always_eager=False``), and
an embedded worker (``celery.contrib.testing.worker.start_worker``, solo pool, in a thread of this process)
consumes the queue. Email delivered by the worker goes to the locmem backend, so it
lands in ``django.core.mail.outbox`` of this process. Without Redis the tests skip
locally; with CI=true they fail.
"""
import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.signals import task_postrun
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connections

from pst_portal.celery import app as celery_app
from pst_portal.outbox import message_to_payload
from pst_portal.tasks import deliver_email
from services.catalogue.models import Office
from tests.conftest import require, worker_redis_url
from tests.factories import OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request

WAIT_SECONDS = 20


def _drop_broker_pools(app):
    """Forget the app's broker connection and producer pools, so the next publish uses the
    broker configured now (the pools are created lazily from ``broker_url``)."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


def _close_worker_connections(**kwargs):
    connections.close_all()


@pytest.fixture(scope="module")
def redis_worker():
    """The project's Celery app on Redis with a real (embedded) worker; restored afterwards."""
    redis_url = os.environ.get("REDIS_URL", "")
    require(bool(redis_url), "Redis (REDIS_URL)")
    overrides = {
        "broker_url": worker_redis_url(redis_url, 0),  # this test process's own queue
        "broker_transport_options": {},
        "task_always_eager": False,
        # Keep pytest's logging handlers: the worker must not take over the root logger.
        "worker_hijack_root_logger": False,
    }
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    _drop_broker_pools(celery_app)
    # Tasks run in the worker's thread: close its database connections after each one, or the
    # test database could not be dropped at the end of the session.
    task_postrun.connect(_close_worker_connections)
    try:
        # perform_ping_check=False: celery.contrib.testing's ping task is not registered with
        # our app, and the tests below prove the round trip anyway.
        with start_worker(celery_app, pool="solo", concurrency=1, perform_ping_check=False,
                          loglevel="WARNING", shutdown_timeout=15) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)
        celery_app.conf.update(saved)
        _drop_broker_pools(celery_app)


@pytest.fixture
def delivered_to_outbox(settings, mailoutbox):
    """Delivery by the worker ends in the locmem outbox of this process."""
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mailoutbox


def wait_for(found, what, timeout=WAIT_SECONDS):
    """Poll until ``found()`` returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = found()
        if result:
            return result
        time.sleep(0.1)
    outbox = "\n".join(f"- to={m.to} bcc={m.bcc} subject={m.subject!r}" for m in mail.outbox)
    pytest.fail(f"{what} did not arrive within {timeout} s; outbox:\n{outbox or '(empty)'}")


def test_the_worker_delivers_an_email_published_to_redis(redis_worker, delivered_to_outbox):
    assert celery_app.conf.task_always_eager is False
    assert celery_app.connection_for_write().transport.driver_type == "redis"
    subject = f"Uji antrean Redis {uuid.uuid4().hex[:12]}"
    payload = message_to_payload(
        EmailMessage(subject, "Isi pesan uji.", "pst-noreply@bps.go.id", ["ani@contoh.id"],
                     reply_to=["bps6500@bps.go.id"])
    )

    result = deliver_email.delay(payload)

    assert not isinstance(result, EagerResult)  # published to the broker, not run in this thread
    sent = wait_for(lambda: [m for m in mail.outbox if m.subject == subject], f"the email {subject!r}")
    assert len(sent) == 1
    assert sent[0].to == ["ani@contoh.id"] and sent[0].body == "Isi pesan uji."
    assert sent[0].reply_to == ["bps6500@bps.go.id"]


def test_request_notifications_go_through_the_worker(redis_worker, delivered_to_outbox, settings,
                                                     transactional_db, catalogue):
    # The production path twice over Redis: workflow on_commit -> send_event_notifications
    # (worker) -> QueuedEmailBackend on_commit -> deliver_email (worker) -> locmem outbox.
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    visitor = ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra Lestari")
    officer = OfficerFactory(email="petugas.kaltara@bps.go.id", office=Office.objects.get(code="6500"))

    filed = file_request(visitor)  # commits (transactional_db), so on_commit publishes the task

    to_visitor = wait_for(lambda: [m for m in mail.outbox if visitor.email in m.to],
                          f"the visitor's email about {filed.code}")
    assert len(to_visitor) == 1
    assert to_visitor[0].subject == f"[PST BPS] {filed.code}: Diajukan"
    assert "Permintaan Anda telah kami terima." in to_visitor[0].body
    to_officer = wait_for(lambda: [m for m in mail.outbox if officer.email in m.bcc],
                          f"the officer's email about {filed.code}")
    assert to_officer[0].subject == f"[PST BPS] {filed.code}: Ada permintaan baru untuk kantor Anda."
    assert filed.events.get(action="submit").notified_at is not None  # claimed by the worker's run


def test_the_deadline_sweep_runs_in_the_worker_and_escalates_once(redis_worker, delivered_to_outbox, settings,
                                                                   transactional_db, catalogue):
    """Beat's sweep published to Redis twice (a retried or overlapping run): one escalation."""
    import datetime

    from django.utils import timezone

    from pst_portal.models import JobRun
    from requests_app import tasks as request_tasks
    from requests_app.models import Reminder, Request
    from tests.factories import HeadFactory

    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    office = Office.objects.get(code="6500")
    head = HeadFactory(email="kepala.kaltara@bps.go.id", office=office)
    late = file_request(ProfiledVisitorFactory())
    now = timezone.now()
    Request.objects.filter(pk=late.pk).update(due_at=now - datetime.timedelta(days=3),
                                              at_risk_from=now - datetime.timedelta(days=5))
    first, second = request_tasks.sweep_deadlines.delay(), request_tasks.sweep_deadlines.delay()
    assert not isinstance(first, EagerResult) and not isinstance(second, EagerResult)
    wait_for(lambda: JobRun.objects.filter(name="sweep_deadlines", finished_at__isnull=False).count() == 2,
             "two finished sweeps")
    escalations = wait_for(lambda: [m for m in mail.outbox if head.email in m.bcc], "the escalation")
    time.sleep(1)  # anything sent twice would have arrived by now
    assert len([m for m in mail.outbox if head.email in m.bcc]) == len(escalations) == 1
    assert late.code in escalations[0].subject
    assert Reminder.objects.filter(request=late, kind="overdue").count() == 1


def test_a_request_filed_while_redis_is_down_is_kept_and_notified_once_it_is_back(
    redis_worker, delivered_to_outbox, settings, transactional_db, catalogue, client
):
    """The broker is unreachable while the visitor submits: the page succeeds, the request is saved.
    Once Redis is back, the outbox drain (run by the worker) sends the visitor's email exactly once."""
    import datetime

    from django.utils import timezone

    from pst_portal.models import OutgoingEmail
    from pst_portal.tasks import drain_outbox
    from requests_app.models import RequestEvent, Status

    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    visitor = ProfiledVisitorFactory(email="dian@contoh.id")
    draft = file_request(visitor, submit=False)
    client.force_login(visitor)
    working_broker = celery_app.conf.broker_url
    celery_app.conf.update(broker_url="redis://127.0.0.1:9/0",  # nothing listens there
                           broker_connection_retry=False, broker_connection_max_retries=0)
    _drop_broker_pools(celery_app)
    try:
        response = client.post(f"/permintaan/{draft.code}/periksa/")
    finally:
        celery_app.conf.update(broker_url=working_broker, broker_connection_retry=True,
                               broker_connection_max_retries=100)
        _drop_broker_pools(celery_app)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    event = RequestEvent.objects.get(request=draft, action="submit")
    assert event.notified_at is None and not [m for m in mail.outbox if visitor.email in m.to]

    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    RequestEvent.objects.filter(pk=event.pk).update(created_at=two_minutes_ago)
    drain_outbox.delay()
    wait_for(lambda: [m for m in mail.outbox if visitor.email in m.to], "the email after the outage")
    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    drain_outbox.delay()  # a second drain finds nothing left to send
    wait_for(lambda: not OutgoingEmail.objects.filter(sent_at__isnull=True).exists(), "an empty outbox")
    time.sleep(1)
    assert len([m for m in mail.outbox if visitor.email in m.to]) == 1
