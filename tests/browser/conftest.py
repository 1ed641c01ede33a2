"""Browser tests: Playwright's sync API runs an event loop in the test thread, which
trips Django's "you cannot call this from an async context" guard for the ORM calls
our fixtures make. The calls are synchronous and safe, so tell Django so."""
import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, stopped before the test database is dropped (its thread
    would otherwise still hold a connection to it when the database is torn down)."""
    return live_server
