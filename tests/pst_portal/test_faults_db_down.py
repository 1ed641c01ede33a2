"""The database down: a page answers 503 with Retry-After (a static page, Indonesian or English),
not a 500; once the database is back the same processes answer 200, with no restart.

In the suite's own process (the database error raised where a page first needs it: a view, or the
session middleware), then end to end: a throwaway PostgreSQL (initdb in a temporary folder, a free
port) serving the portal under gunicorn with production settings, restarted, stopped and started
again under it."""
import http.client
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from tests.conftest import require
from tests.pst_portal import throwaway


@pytest.fixture
def answering_client():
    return Client(raise_request_exception=False)


def failing(error):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.mark.parametrize("error", [OperationalError("could not connect to server: Connection refused"),
                                   InterfaceError("connection already closed")])
def test_a_view_losing_the_database_answers_503_with_retry_after(answering_client, catalogue, monkeypatch,
                                                                  error):
    from django.db import connection

    with monkeypatch.context() as down:
        down.setattr(connection, "cursor", failing(error))
        response = answering_client.get("/layanan/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and "no-store" in response["Cache-Control"]
    assert "Portal sedang tidak dapat melayani" in response.content.decode()
    assert answering_client.get("/layanan/").status_code == 200  # and back at once


def test_the_session_middleware_losing_the_database_answers_503_in_the_chosen_language(
    answering_client, db, monkeypatch, settings
):
    """The error comes before any view (the session is read for the signed-in check)."""
    monkeypatch.setattr(SessionStore, "load", failing(OperationalError("server closed the connection")))
    answering_client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    response = answering_client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Basis data portal sedang tidak dapat dihubungi" in response.content.decode()
    answering_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = answering_client.get("/")
    assert english.status_code == 503
    assert "The portal cannot serve you right now" in english.content.decode()


def test_any_other_error_is_still_the_500_page(answering_client, db, monkeypatch):
    monkeypatch.setattr(SessionStore, "load", failing(ValueError("a bug")))
    answering_client.cookies["sessionid"] = "a" * 32
    response = answering_client.get("/")
    assert response.status_code == 500 and "Retry-After" not in response
    assert "Terjadi gangguan pada portal" in response.content.decode()


# --- End to end: gunicorn on a PostgreSQL that is restarted, stopped and started ----------------

@pytest.fixture(scope="module")
def served_portal(tmp_path_factory):
    require(throwaway.postgres_available(), "PostgreSQL 15 binaries (/usr/lib/postgresql/15/bin)")
    database = throwaway.ThrowawayPostgres("pst_faults_db_down")
    server = log = None
    try:
        env = throwaway.production_env(
            database.url, f"redis://127.0.0.1:{throwaway.free_port()}/0",  # no Redis: pages still answer
            DJANGO_SETTINGS_MODULE="tests.pst_portal.production_like")
        throwaway.manage(env, "migrate", "--noinput")
        port = throwaway.free_port()
        log = open(tmp_path_factory.mktemp("gunicorn") / "web.log", "w")
        server = throwaway.gunicorn(env, port, log, workers=2)
        throwaway.wait_for_port(port)
        yield database, port
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if log is not None:
            log.close()
        database.remove()


# The catalogue reads the database; with a query string it is never a kept public page (page_cache).
PAGE = "/layanan/?uji=basis-data"


def get(port, path=PAGE, cookies=""):
    """One GET as through the TLS proxy: status, headers, body and how long it took."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if cookies:
        headers["Cookie"] = cookies
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, dict(response.getheaders()), body, time.monotonic() - started


def statuses(port, times=8, **kwargs):
    """Several GETs: with two workers, both are reached."""
    return [get(port, **kwargs)[0] for _ in range(times)]


def test_the_database_stopped_gives_503_and_started_again_200_without_restarting_the_portal(served_portal):
    database, port = served_portal
    assert statuses(port) == [200] * 8  # each worker holds a persistent connection now

    # A restart breaks those connections: CONN_HEALTH_CHECKS drops them before use, nothing fails.
    database.stop()
    database.start()
    assert statuses(port) == [200] * 8

    database.stop()
    for _ in range(4):
        status, headers, body, seconds = get(port)
        assert status == 503, body[:500]
        assert headers["Retry-After"] == "30"
        assert "Portal sedang tidak dapat melayani" in body
        assert seconds < 5.0, seconds
    status, _, body, _ = get(port, cookies="django_language=en; __Host-sessionid=" + "b" * 32)
    assert status == 503 and "The portal cannot serve you right now" in body

    database.start()
    assert statuses(port) == [200] * 8
