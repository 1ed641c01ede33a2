"""Shared fixtures: the loaded catalogue and the people of our stories.

Ani and Budi are visitors; each seed office has an officer and a head. With
CI=true a test that needs PostgreSQL, Redis or Chromium fails instead of skipping.
"""
import os
import shutil

import pytest

from accounts.models import Role
from services.catalogue.loader import load_catalogue
from services.catalogue.models import Office

from .factories import HeadFactory, OfficerFactory, UserFactory, VisitorFactory

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


@pytest.fixture
def catalogue(db):
    load_catalogue()


@pytest.fixture
def kotabaru(catalogue):
    return Office.objects.get(code="6302")


@pytest.fixture
def banjarmasin(catalogue):
    return Office.objects.get(code="6371")


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true nothing may be skipped: a skip, whatever its cause, is a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (CI=true): {report.longrepr}"
