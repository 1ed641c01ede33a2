"""Shared fixtures: the loaded catalogue and the people of our stories.

Ani and Budi are visitors; each seed office has an officer and a head. With
CI=true a test that needs PostgreSQL, Redis or Chromium fails instead of skipping.

The catalogue is loaded once per test database (each pytest-xdist worker has its own): every
``db`` test sees it through its rolled-back transaction. A ``transactional_db`` or ``live_server``
test empties the tables when it ends, so the catalogue is loaded again after it, and the
``catalogue`` fixture loads it whenever the tables are empty.
"""
import os
import shutil

import pytest

from accounts.models import Role
from services.catalogue.loader import load_catalogue
from services.catalogue.models import Office
from tests.factories import HeadFactory, OfficerFactory, UserFactory, VisitorFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "rahasia-uji-123"


def require(condition, what):
    """Skip locally when a service or tool is missing; in CI that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI (CI=true) but is not available")
    pytest.skip(f"{what} is not available")


def chromium_path():
    return shutil.which("chromium") or "/usr/bin/chromium"


def xdist_worker_number():
    """0, 1, ... for pytest-xdist's workers gw0, gw1, ...; 0 in a run without xdist."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))


def worker_redis_url(url, use):
    """``url`` with a Redis database of this test process's own, one per ``use`` (0 or 1): workers
    of one run never take each other's tasks nor flush each other's queue. Databases 1 to 14 (Redis
    has 16); beyond seven xdist workers two of them would share one."""
    database = 1 + (2 * xdist_worker_number() + use) % 14
    return f"{url.rsplit('/', 1)[0]}/{database}"


_database = {}  # this process's django_db_blocker, once its test database exists


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the catalogue loaded once for the whole session."""
    with django_db_blocker.unblock():
        load_catalogue()
    _database["blocker"] = django_db_blocker
    yield
    _database.clear()


def empties_the_database(item):
    """Whether pytest-django flushed the tables after ``item`` (a TransactionTestCase-style test)."""
    marker = item.get_closest_marker("django_db")
    flushed_by_marker = marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return bool(flushed_by_marker) or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that emptied the tables, load the catalogue again: the next test sees what any
    other test sees, whatever order the workers run them in."""
    yield
    if nextitem is not None and "blocker" in _database and empties_the_database(item):
        with _database["blocker"].unblock():
            load_catalogue()


@pytest.fixture
def catalogue(db):
    """The seed offices, services and standards (loaded once per session; again if emptied)."""
    if not Office.objects.exists():
        load_catalogue()


@pytest.fixture
def kotabaru(catalogue):
    return Office.objects.get(code="6302")


@pytest.fixture
def banjarmasin(catalogue):
    return Office.objects.get(code="6371")


@pytest.fixture
def kaltara(catalogue):
    """BPS Provinsi Kalimantan Utara (6500), WITA: the office that offers consultation walk-in."""
    return Office.objects.get(code="6500")


@pytest.fixture
def visitor_ani(db):
    return VisitorFactory(email="ani@contoh.id", full_name="Ani Rahmawati")


@pytest.fixture
def visitor_budi(db):
    return VisitorFactory(email="budi@contoh.id", full_name="Budi Santoso")


@pytest.fixture
def officer_kotabaru(kotabaru):
    return OfficerFactory(email="petugas.kotabaru@bps.go.id", office=kotabaru)


@pytest.fixture
def head_kotabaru(kotabaru):
    return HeadFactory(email="kepala.kotabaru@bps.go.id", office=kotabaru)


@pytest.fixture
def officer_banjarmasin(banjarmasin):
    return OfficerFactory(email="petugas.banjarmasin@bps.go.id", office=banjarmasin)


@pytest.fixture
def administrator(db):
    return UserFactory(
        email="admin@bps.go.id", role=Role.ADMIN, is_staff=True, is_superuser=True
    )


# Playwright (pytest-playwright) with Debian's Chromium, kept off the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(os.path.exists(chromium_path()), "Chromium (/usr/bin/chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script: let it past our CSP in tests only.
    return {**browser_context_args, "bypass_csp": True, "locale": "id-ID"}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits live in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


SUMMARY = "summary"
_summary_lines = []


@pytest.fixture
def show_in_summary(request):
    """``show_in_summary(line)``: print ``line`` at the end of the run's output. The line travels in the
    test's report (its user_properties), so it shows under pytest-xdist too, where a worker's own
    output is not shown."""
    return lambda line: request.node.user_properties.append((SUMMARY, line))


def pytest_runtest_logreport(report):
    if report.when == "call":
        _summary_lines.extend(value for key, value in report.user_properties if key == SUMMARY)


def pytest_terminal_summary(terminalreporter):
    if _summary_lines:
        terminalreporter.section("figures")
        for line in _summary_lines:
            terminalreporter.write_line(line)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true nothing may be skipped: a skip, whatever its cause, is a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (CI=true): {report.longrepr}"
