"""The head opens the performance dashboard from their workspace at 1280 px and on a 360 px phone: the
numbers are in the tables (the charts beside them hidden from screen readers), the page does not scroll
sideways, the exports are links, and axe finds nothing serious. Screenshots go to $PERFORMANCE_SHOTS
(default: the test's temporary directory)."""
import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from performance.aggregates import local_day, rebuild_range
from requests_app.models import Request, Status
from services.catalogue.models import Office, Standard
from tests.browser.conftest import NO_SIDEWAYS_SCROLL
from tests.browser.test_request_journey import sign_in
from tests.browser.test_visitor_journey import assert_accessible
from tests.factories import HeadFactory


def made(office, *, closed, due_in_hours):
    standard = Standard.objects.in_force().get(office=office, service_kind__slug="rekomendasi")
    now = timezone.now()
    filed = now - datetime.timedelta(minutes=5)
    return Request.objects.create(
        office=office, service_kind=standard.service_kind, standard=standard, channel="online",
        purpose="Uji dasbor", status=Status.COMPLETED if closed else Status.IN_PROCESS, created_at=filed,
        submitted_at=filed, clock_started_at=filed, due_at=now + datetime.timedelta(hours=due_in_hours),
        closed_at=now - datetime.timedelta(minutes=2) if closed else None)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 800}],
                         ids=["1280", "360"])
def test_the_head_opens_the_dashboard(transactional_db, live_server, catalogue, page: Page, viewport,
                                      tmp_path):
    office = Office.objects.get(code="6302")
    made(office, closed=True, due_in_hours=24)  # on time
    made(office, closed=False, due_in_hours=-1)  # open, overdue now
    today = local_day(office, timezone.now())
    rebuild_range(office, today - datetime.timedelta(days=1), today)
    head = HeadFactory(email="kepala.dasbor@bps.go.id", office=office)
    page.set_viewport_size(viewport)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, head.email)
    page.goto(live_server.url + "/kepala/")
    page.get_by_role("link", name="Dasbor kinerja kantor").click()
    expect(page.get_by_role("heading", level=1, name="Dasbor kinerja kantor")).to_be_visible()
    services = page.locator('table[data-table="layanan"]')
    total = services.locator('tr[data-line="total"]')
    expect(total.locator('[data-figure="filed"]')).to_have_text("2")
    expect(total.locator('[data-figure="completed"]')).to_have_text("1")
    expect(total.locator('[data-figure="on_time_percent"]')).to_contain_text("100")
    expect(total.locator('[data-figure="overdue_now"]')).to_have_text("1")
    expect(page.locator("svg.perf-chart-svg").first).to_have_attribute("aria-hidden", "true")
    expect(page.get_by_role("link", name="XLSX").first).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"the dashboard scrolls sideways at {viewport['width']} px"
    shots = Path(os.environ.get("PERFORMANCE_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"dashboard-{viewport['width']}.png"), full_page=True)
    assert_accessible(page, f"the head's dashboard at {viewport['width']} px")
