"""The workspaces' "Permintaan menurut kanal" card on a 360 px phone: the table scrolls inside its
keyboard-focusable wrapper, the page does not scroll sideways, and axe finds nothing serious."""
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from requests_app.models import Request, Status
from services.catalogue.models import Office, Standard
from tests.browser.test_request_journey import sign_in
from tests.browser.test_visitor_journey import assert_accessible
from tests.factories import HeadFactory, OfficerFactory

PHONE = {"width": 360, "height": 800}


def filed_now(office, channel):
    standard = Standard.objects.in_force().get(office=office, service_kind__slug="rekomendasi")
    now = timezone.now()
    return Request.objects.create(office=office, service_kind=standard.service_kind, standard=standard,
                                  channel=channel, purpose="Uji", status=Status.IN_PROCESS, submitted_at=now,
                                  created_at=now)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
@pytest.mark.parametrize("role", ["head", "officer"])
def test_the_channel_figures_fit_a_phone(transactional_db, live_server, catalogue, page: Page, role):
    office = Office.objects.get(code="6302")
    filed_now(office, "online")
    filed_now(office, "whatsapp")
    factory, path = (HeadFactory, "/kepala/") if role == "head" else (OfficerFactory, "/petugas/")
    person = factory(email=f"{role}.kotabaru@bps.go.id", office=office)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, person.email)
    page.goto(live_server.url + path)
    card = page.get_by_role("region", name="Permintaan menurut kanal")
    expect(card).to_be_visible()
    wrapper = card.get_by_label("Tabel permintaan menurut kanal")
    wrapper.focus()
    expect(wrapper).to_be_focused()
    total = card.locator('tr[data-channel="total"] [data-figure="filed"]')
    expect(total).to_have_text("2")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the {role}'s workspace scrolls sideways at 360 px: it is {width} px wide"
    assert_accessible(page, f"the {role}'s workspace with the figures by channel")
