"""Browser tests: Playwright's sync API runs an event loop in the test thread, which
trips Django's "you cannot call this from an async context" guard for the ORM calls
our fixtures make. The calls are synchronous and safe, so tell Django so."""
import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, stopped before the test database is dropped (its thread
    would otherwise still hold a connection to it when the database is torn down)."""
    return live_server


# Helpers shared by the browser tests (import them from here).

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
NOTHING_PAST_THE_RIGHT_EDGE = """() => document.documentElement.scrollWidth <= window.innerWidth
  && [...document.querySelectorAll('body *')]
       .every(e => e.getBoundingClientRect().right <= window.innerWidth + 0.5)"""
NO_RELOAD_MARKER = "window.__browserTestMarker"


def mark_page(page, value):
    """Set a marker on window: a full page load would wipe it, an htmx swap keeps it."""
    page.evaluate(f"value => {{ {NO_RELOAD_MARKER} = value; }}", value)


def assert_not_reloaded(page, url, value):
    assert page.url == url, f"the page navigated to {page.url}"
    assert page.evaluate(f"() => {NO_RELOAD_MARKER}") == value, "the page was reloaded"


def enrol_kiosk(page, link):
    """The tablet opens the officer's one-time link and presses the button: it is the kiosk now."""
    page.goto(link)
    page.get_by_role("button", name="Jadikan perangkat ini kiosk").click()
    expect(page.get_by_role("heading", name="Buku tamu")).to_be_visible()
