"""The kiosk at the entrance: enrolled by an officer of its office, revocable at once, refused to any other
browser or office, bounded in rate; its guest book validates identity documents as the profile does,
finds a returning visitor without showing their identity number, and issues the service's ticket."""
import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from desk import desk as desk_work
from desk import kiosk as kiosks
from desk.kiosk_models import Guest, GuestBookEntry, Kiosk, mask_identity
from desk.models import Ticket
from desk.numbering import issue_ticket, office_lines
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

NIK = "6302011203850002"
GUEST = {"full_name": "Siti Aminah", "phone": "0812 3456 7802", "email": "siti@contoh.id",
         "institution": "Universitas Lambung Mangkurat", "identity_type": "ktp", "identity_number": NIK,
         "purpose": "Data kemiskinan Kotabaru 2025.", "service": "penjualan-produk"}


def kiosk_url(office):
    return reverse("desk:kiosk", kwargs={"office_code": office.code})


def enrol_link(client, officer, name="Tablet pintu masuk"):
    """The one-time link the officer is shown after enrolling a kiosk."""
    client.force_login(officer)
    response = client.post(reverse("desk:kiosks"), {"name": name})
    assert response.status_code == 200
    return re.search(r'href="https?://[^/]+(/antrian/kiosk/pasang/[^/"]+/)"', response.content.decode())[1]


def enrolled_client(client_class, officer):
    """A fresh browser (the tablet) that opened the officer's link and pressed the button."""
    tablet = client_class()
    link = enrol_link(client_class(), officer)
    assert tablet.post(link).status_code == 302
    return tablet


@pytest.fixture
def tablet(client, officer_kotabaru):
    return enrolled_client(client.__class__, officer_kotabaru)


def test_an_officer_enrols_a_kiosk_whose_browser_then_issues_tickets(client, kotabaru, officer_kotabaru):
    link = enrol_link(client, officer_kotabaru)
    tablet = client.__class__()
    assert "Tablet pintu masuk" in tablet.get(link).content.decode()
    response = tablet.post(link)
    assert response.status_code == 302 and response["Location"] == kiosk_url(kotabaru)
    cookie = response.cookies[kiosks.cookie_name()]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    kiosk = Kiosk.objects.get(office=kotabaru)
    token = tablet.cookies[kiosks.cookie_name()].value.split(":")[0]
    assert kiosk.token_hash and token not in kiosk.token_hash and len(token) >= 40  # only a hash is stored
    assert tablet.get(kiosk_url(kotabaru)).status_code == 200
    assert tablet.post(kiosk_url(kotabaru), GUEST).status_code == 302
    assert Ticket.objects.get(office=kotabaru).code == "P-001"
    assert "_auth_user_id" not in tablet.session  # nobody is signed in on the kiosk
    assert client.__class__().post(link).status_code == 404  # the link works once


def test_a_revoked_kiosk_stops_at_once(client, tablet, kotabaru, officer_kotabaru):
    kiosk = Kiosk.objects.get(office=kotabaru)
    client.force_login(officer_kotabaru)
    assert "Tablet pintu masuk" in client.get(reverse("desk:kiosks")).content.decode()
    client.post(reverse("desk:kiosk_revoke", kwargs={"kiosk": kiosk.pk}))
    response = tablet.post(kiosk_url(kotabaru), GUEST)
    assert response.status_code == 403
    assert "Kiosk belum terdaftar" in response.content.decode()
    assert not Ticket.objects.exists()


def test_another_offices_officer_cannot_revoke_the_kiosk(client, tablet, kotabaru, officer_banjarmasin):
    kiosk = Kiosk.objects.get(office=kotabaru)
    client.force_login(officer_banjarmasin)
    assert client.post(reverse("desk:kiosk_revoke", kwargs={"kiosk": kiosk.pk})).status_code == 404
    assert tablet.get(kiosk_url(kotabaru)).status_code == 200


def test_an_unenrolled_browser_or_another_offices_kiosk_cannot_issue(client, tablet, kotabaru, banjarmasin,
                                                                   officer_kotabaru):
    response = client.post(kiosk_url(kotabaru), GUEST)
    assert response.status_code == 403 and "Kiosk belum terdaftar" in response.content.decode()
    client.force_login(officer_kotabaru)  # a signed-in officer is no kiosk either
    assert client.post(kiosk_url(kotabaru), GUEST).status_code == 403
    forged = client.__class__()
    forged.cookies[kiosks.cookie_name()] = "a-guessed-token"
    assert forged.post(kiosk_url(kotabaru), GUEST).status_code == 403
    assert tablet.post(kiosk_url(banjarmasin), GUEST).status_code == 403
    assert not Ticket.objects.exists()


def test_the_kiosk_issues_at_a_bounded_rate(tablet, kotabaru):
    for _n in range(kiosks.TICKETS_PER_MINUTE):
        assert tablet.post(kiosk_url(kotabaru), GUEST).status_code == 302
    response = tablet.post(kiosk_url(kotabaru), GUEST)
    assert response.status_code == 429
    assert "terlalu banyak permintaan" in response.content.decode()
    assert Ticket.objects.filter(office=kotabaru).count() == kiosks.TICKETS_PER_MINUTE


def test_a_bad_nik_is_refused_next_to_its_field_and_nothing_typed_is_lost(tablet, kotabaru):
    response = tablet.post(kiosk_url(kotabaru), {**GUEST, "identity_number": "6302013203850002"})
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["identity_number"]
    assert "Tanggal lahir pada NIK" in form.errors["identity_number"][0]
    page = response.content.decode()
    for typed in ("Siti Aminah", "Universitas Lambung Mangkurat", "Data kemiskinan Kotabaru 2025.",
                  "0812 3456 7802", "6302013203850002"):
        assert typed in page
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(("kind", "number", "message"), [
    ("passport", "A1", "Nomor paspor"), ("sim", "12345", "Nomor SIM"), ("ktp", "", "Isi nomor kartu")])
def test_each_identity_document_is_checked_by_its_type(tablet, kotabaru, kind, number, message):
    response = tablet.post(kiosk_url(kotabaru), {**GUEST, "identity_type": kind, "identity_number": number})
    assert response.status_code == 400 and message in response.context["form"].errors["identity_number"][0]


def test_a_returning_visitor_is_found_by_phone_without_showing_their_identity_number(tablet, kotabaru):
    tablet.post(kiosk_url(kotabaru), GUEST)
    response = tablet.post(kiosk_url(kotabaru), {"lookup": "1", "phone": "+62 812-3456-7802", "email": ""})
    page = response.content.decode()
    assert "Selamat datang kembali, Siti Aminah" in page
    assert 'value="Siti Aminah"' in page
    for private in (NIK, "siti@contoh.id", "Universitas Lambung Mangkurat", mask_identity(NIK)):
        assert private not in page
    response = tablet.post(kiosk_url(kotabaru), {"phone": "081234567802", "full_name": "Siti Aminah",
                                                 "identity_type": "ktp", "identity_number": "",
                                                 "purpose": "Rekomendasi survei.", "service": "rekomendasi"})
    assert response.status_code == 302  # not retyped: the identity on file is kept
    entry = GuestBookEntry.objects.get(ticket__code="R-001")
    assert entry.identity_number == NIK and Guest.objects.count() == 1


def test_a_stranger_typing_an_unknown_phone_learns_nothing(tablet, kotabaru):
    tablet.post(kiosk_url(kotabaru), GUEST)
    page = tablet.post(kiosk_url(kotabaru), {"lookup": "1", "phone": "0813 0000 1111"}).content.decode()
    assert "Belum ada catatan" in page and "Siti Aminah" not in page


def test_the_ticket_shows_big_with_its_service_prefix_a_qr_and_the_masked_number(tablet, kotabaru):
    response = tablet.post(kiosk_url(kotabaru), {**GUEST, "service": "rekomendasi"}, follow=True)
    page = response.content.decode()
    ticket = Ticket.objects.get()
    assert ticket.code == "R-001" and ticket.service == "rekomendasi"
    assert 'class="kiosk-code" id="ticket-code">R-001<' in page
    assert "6302********0002" in page and NIK not in page
    assert 'src="data:image/png;base64,' in page
    assert 'data-kiosk-clear-after="20"' in page
    assert "0 orang menunggu" in page


def test_the_masked_number_and_the_full_number_for_the_offices_staff(client, tablet, kotabaru,
                                                                    officer_kotabaru, officer_banjarmasin):
    assert mask_identity("6371011203850001") == "6371********0001"
    assert mask_identity("A1234567") == "A1****67"
    tablet.post(kiosk_url(kotabaru), GUEST)
    client.force_login(officer_kotabaru)
    assert NIK in client.get(reverse("desk:guest_book")).content.decode()
    client.force_login(officer_banjarmasin)
    assert NIK not in client.get(reverse("desk:guest_book")).content.decode()


def test_the_kiosk_offers_the_offices_walk_in_services_and_clears_itself(tablet, kotabaru):
    page = tablet.get(kiosk_url(kotabaru)).content.decode()
    # Kotabaru has no consultation standard in force: the kiosk offers what the office offers walk-in.
    assert [slug for slug, _name in office_lines(kotabaru)] == ["penjualan-produk", "rekomendasi"]
    assert 'value="penjualan-produk"' in page and 'value="konsultasi"' not in page
    assert 'data-kiosk-clear-after="60"' in page
    assert "js/kiosk.js" in page


def test_a_ticket_page_is_shown_only_on_the_kiosk_that_issued_it(client, tablet, kotabaru, officer_kotabaru):
    url = tablet.post(kiosk_url(kotabaru), GUEST)["Location"]
    assert tablet.get(url).status_code == 200
    other = enrolled_client(client.__class__, OfficerFactory(office=kotabaru))
    assert other.get(url).status_code == 404
    assert client.__class__().get(url).status_code == 403


def test_the_kiosk_signs_out_whoever_was_signed_in_on_it(tablet, kotabaru, officer_kotabaru):
    tablet.force_login(officer_kotabaru)
    assert tablet.get(kiosk_url(kotabaru)).status_code == 200
    assert "_auth_user_id" not in tablet.session
    assert tablet.get(reverse("desk:home")).status_code == 302  # to the sign-in page


@time_machine.travel(datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC))  # 11.00 WITA
def test_the_ticket_shows_the_estimated_wait_from_todays_pace(tablet, kotabaru, officer_kotabaru):
    start = timezone.now() - datetime.timedelta(minutes=30)  # the same office day, whenever the suite runs
    desk = desk_work.open_desk(kotabaru, officer_kotabaru, "Loket 1", ["penjualan-produk"], now=start)
    served = issue_ticket(kotabaru, "penjualan-produk", "Pertama", now=start)
    desk_work.call_next(desk, officer_kotabaru, now=start)
    desk_work.start_serving(desk, served, now=start)
    desk_work.finish(desk, served, now=start + datetime.timedelta(minutes=6))
    issue_ticket(kotabaru, "penjualan-produk", "Kedua")  # one waits ahead
    page = tablet.post(kiosk_url(kotabaru), GUEST, follow=True).content.decode()
    assert "1 orang menunggu" in page
    assert "sekitar 6 menit" in page  # 1 ahead × 6 minutes ÷ 1 desk


def test_a_kiosk_of_an_office_serving_only_online_says_so_and_issues_nothing(client, catalogue):
    from services.catalogue.models import Office

    online_only = Office.objects.get(code="6202")
    tablet = enrolled_client(client.__class__, OfficerFactory(office=online_only))
    page = tablet.get(kiosk_url(online_only)).content.decode()
    assert "tidak melayani pengunjung yang datang langsung" in page and "Ambil nomor antrean" not in page
    assert "href=\"/layanan/\"" not in page  # a shared kiosk links nowhere off its own page
    assert tablet.post(kiosk_url(online_only), {**GUEST, "service": "penjualan-produk"}).status_code == 400
    assert not Ticket.objects.exists()


def test_the_kiosk_ticket_shows_its_time_on_the_offices_clock_with_the_zone_once(tablet, kotabaru):
    page = tablet.post(kiosk_url(kotabaru), GUEST, follow=True).content.decode()
    issued = Ticket.objects.get().issued_at
    shown = timezone.localtime(issued, kotabaru.zone).strftime("%H.%M")
    assert f'{shown} WITA</time>' in page
    assert "WITA WITA" not in page
