"""The rate limits live in Redis; a stopped or hung Redis must not take the limited pages with it.

Each test points the cache at a Redis that is not there: a port nothing listens on (stopped), or a
local socket server that accepts connections and never answers (hung; it lets go after
``HUNG_FOR`` seconds so that a cache without timeouts fails the test instead of hanging it). The
cache settings are the ones ``pst_portal.settings.base`` makes from ``REDIS_URL``. Sign-in, sign-up,
password reset and ``/lacak/`` each answer, within 2 s, what they answer with a working cache.
"""
import runpy
import socket
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import ProfiledVisitorFactory
from tests.requests_helpers import file_request

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "pst_portal" / "settings" / "base.py"
BUDGET = 2.0
HUNG_FOR = 6.0


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HungRedis:
    """Accepts every connection and never answers."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.held.append(connection)
            threading.Timer(HUNG_FOR, connection.close).start()

    def close(self):
        self.server.close()
        for connection in self.held:
            connection.close()


def configured_caches(monkeypatch, port):
    """CACHES as the settings make them for ``REDIS_URL`` (database 9, never 0)."""
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{port}/9")
    return runpy.run_path(str(BASE_SETTINGS), run_name="cache_probe")["CACHES"]


@pytest.fixture(params=["stopped", "hung"])
def broken_redis(request, monkeypatch, settings):
    hung = HungRedis() if request.param == "hung" else None
    port = hung.port if hung else unused_port()
    settings.CACHES = configured_caches(monkeypatch, port)
    yield request.param
    if hung:
        hung.close()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.fixture
def answering_client():
    """Shows a 500 as the response it is instead of raising the server's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def tracked(catalogue):
    return file_request(ProfiledVisitorFactory(email="dodi@contoh.id"))


def test_sign_in_sign_up_and_reset_answer_quickly_without_redis(broken_redis, answering_client, visitor_ani):
    client = answering_client
    pages = [
        ("wrong password", lambda: client.post(reverse("account_login"),
                                               {"login": visitor_ani.email, "password": "salah"}), 200),
        ("sign-in", lambda: client.post(reverse("account_login"),
                                        {"login": visitor_ani.email, "password": PASSWORD}), 302),
        ("sign-up", lambda: Client(raise_request_exception=False).post(reverse("account_signup"), {
            "full_name": "Citra Lestari", "email": "citra@contoh.id",
            "password1": "pst-citra-2026!", "password2": "pst-citra-2026!"}), 302),
        ("reset", lambda: Client(raise_request_exception=False).post(
            reverse("account_reset_password"), {"email": visitor_ani.email}), 302),
    ]
    for name, call, expected in pages:
        response, seconds = timed(call)
        assert response.status_code == expected, (broken_redis, name, response.status_code)
        assert seconds < BUDGET, (broken_redis, name, seconds)
    assert "_auth_user_id" in client.session


def test_tracking_answers_quickly_without_redis(broken_redis, answering_client, tracked):
    for _ in range(3):
        response, seconds = timed(lambda: answering_client.get("/lacak/", {"kode": tracked.code}))
        assert response.status_code == 200, (broken_redis, response.status_code)
        assert seconds < BUDGET, (broken_redis, seconds)
    assert tracked.code in response.content.decode()


def test_the_limits_still_count_while_redis_is_down(broken_redis, answering_client, tracked,
                                                   visitor_ani):
    for _ in range(5):
        answering_client.post(reverse("account_login"), {"login": visitor_ani.email, "password": "salah"})
    response = answering_client.post(reverse("account_login"),
                                     {"login": visitor_ani.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in answering_client.session
    codes = [answering_client.get("/lacak/", {"kode": tracked.code}).status_code for _ in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429


@pytest.fixture
def broken_broker(broken_redis, monkeypatch, settings):
    """Email queued through Celery publishing for real (not eagerly) to the same absent Redis."""
    from pst_portal import mail
    from pst_portal.celery import app

    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    url = settings.CACHES["default"]["LOCATION"]
    monkeypatch.setattr(mail, "_broker_down_until", [0.0])
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, url
    forget_broker_pools(app)
    yield broken_redis
    app.conf.task_always_eager, app.conf.broker_url = saved
    forget_broker_pools(app)


def forget_broker_pools(app):
    """The next publish connects to the broker configured now (pools are made from broker_url)."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


def test_sign_up_and_reset_answer_quickly_with_the_broker_down_and_the_emails_wait(
    broken_broker, transactional_db, visitor_ani
):
    from pst_portal.models import OutgoingEmail

    pages = [
        ("sign-up", lambda: Client(raise_request_exception=False).post(reverse("account_signup"), {
            "full_name": "Eka Putri", "email": "eka@contoh.id",
            "password1": "pst-eka-2026!", "password2": "pst-eka-2026!"})),
        ("reset", lambda: Client(raise_request_exception=False).post(
            reverse("account_reset_password"), {"email": visitor_ani.email})),
    ]
    for name, call in pages:
        response, seconds = timed(call)
        assert response.status_code == 302, (broken_broker, name, response.status_code)
        assert seconds < BUDGET, (broken_broker, name, seconds)
    # Nothing lost: both emails wait in the outbox for drain_outbox.
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 2


def test_a_hung_redis_is_waited_for_once_then_left_alone_for_a_while(monkeypatch, settings):
    hung = HungRedis()
    try:
        settings.CACHES = configured_caches(monkeypatch, hung.port)
        cache = caches["default"]
        _, first = timed(lambda: cache.set("probe", 1, 60))
        assert first < 1.0
        _, later = timed(lambda: cache.get("probe"))
        assert later < 0.05 and cache.get("probe") == 1  # counted locally meanwhile
        assert cache.redis_is_down()
    finally:
        hung.close()
