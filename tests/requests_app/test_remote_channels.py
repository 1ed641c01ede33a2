"""Requests that arrived by WhatsApp (SISUKA), LiveChat, email or phone (issue 17, item 6): an officer
of office 6500 (BPS Provinsi Kalimantan Utara, WITA) records a consultation told that way in one form;
it is filed as a visitor's submission is, served on the standard's online section (3 working days).
An email without an account gets an account and an invitation; an existing account's address is never
used without its owner's consent: the owner is emailed a link and the request waits without a visitor.
"""
import re

import pytest
from django.core import mail

from accounts.models import User
from requests_app.models import Request, RequestEvent, Status
from requests_app.remote_models import RemoteContact
from services.catalogue.models import Channel, Office
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request, standard

URL = "/petugas/kanal-lain/"
BY_WHATSAPP = {"channel": "whatsapp", "full_name": "Rudi Hartono", "phone": "0812 3456 7890",
               "email": "", "institution": "Universitas Borneo Tarakan",
               "purpose": "Berapa jumlah penduduk miskin Tarakan tahun 2025?"}


@pytest.fixture
def kaltara(catalogue):
    return Office.objects.get(code="6500")


@pytest.fixture
def officer(kaltara):
    return OfficerFactory(email="petugas.kaltara@bps.go.id", full_name="Dewi Petugas", office=kaltara)


@pytest.fixture
def citra(db):
    return ProfiledVisitorFactory(email="citra@contoh.id", full_name="Citra Lestari", phone="+6281111111111",
                                  institution="Dinas Rahasia Citra")


def record(client, officer, django_capture_on_commit_callbacks, **changes):
    client.force_login(officer)
    data = {"standard": standard("6500", "konsultasi").pk, **BY_WHATSAPP, **changes}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302, response.context["form"].errors
    return Request.objects.get(channel=data["channel"]), response


def test_a_consultation_by_whatsapp_with_a_phone_only_is_filed_without_an_account(
        client, officer, django_capture_on_commit_callbacks):
    users_before = User.objects.count()
    recorded, response = record(client, officer, django_capture_on_commit_callbacks)
    assert response["Location"] == f"/petugas/permintaan/{recorded.code}/"
    assert (recorded.status, recorded.visitor, recorded.service_kind.slug, recorded.office.code) == (
        Status.SUBMITTED, None, "konsultasi", "6500")
    assert recorded.submitted_at is not None and recorded.purpose == BY_WHATSAPP["purpose"]
    assert recorded.working_days_allowed == 3  # the online section's 3 working days
    assert User.objects.count() == users_before and mail.outbox == []
    contact = recorded.remote_contact
    assert (contact.full_name, contact.phone, contact.email) == ("Rudi Hartono", "+6281234567890", "")
    (event,) = RequestEvent.objects.filter(request=recorded, action="record_remote")
    assert event.actor == officer and event.to_status == Status.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert "WhatsApp (SISUKA)" in page and "Rudi Hartono" in page and "+6281234567890" in page
    assert "Tanpa akun (tamu)" in page
    queue = client.get("/petugas/").content.decode()
    row = queue[queue.index(f'data-code="{recorded.code}"'):]
    assert "Rudi Hartono" in row[:row.index("</tr>")]


def test_each_channel_is_recorded_and_the_queue_is_split_by_channel(
        client, officer, citra, django_capture_on_commit_callbacks):
    online = file_request(citra)
    codes = {}
    for channel in ("whatsapp", "livechat", "email", "phone"):
        recorded, _response = record(client, officer, django_capture_on_commit_callbacks, channel=channel)
        codes[channel] = recorded.code
    filter_form = client.get("/petugas/").content.decode()
    for label in ("WhatsApp (SISUKA)", "LiveChat di situs web", "Telepon"):
        assert label in filter_form
    for channel, code in codes.items():
        page = client.get("/petugas/", {"channel": channel}).content.decode()
        shown = set(re.findall(r'data-code="([^"]+)"', page))
        assert shown == {code}, channel
    assert set(re.findall(r'data-code="([^"]+)"', client.get("/petugas/", {"channel": "online"})
                          .content.decode())) == {online.code}


def test_a_new_email_address_gets_an_account_an_invitation_and_the_request(
        client, officer, django_capture_on_commit_callbacks):
    recorded, response = record(client, officer, django_capture_on_commit_callbacks, channel="email",
                                email="Rudi.Baru@Contoh.id", phone="")
    user = User.objects.get(email="rudi.baru@contoh.id")
    assert recorded.visitor == user and user.role == "visitor" and not user.has_usable_password()
    assert (user.full_name, user.institution) == ("Rudi Hartono", "Universitas Borneo Tarakan")
    to_rudi = [m for m in mail.outbox if m.to == ["rudi.baru@contoh.id"]]
    assert any("/akun/password/reset/key/" in m.body for m in to_rudi)  # the invitation
    assert any(recorded.code in m.body and "dicatat" in m.body for m in to_rudi)  # the request's email
    followed = client.get(response["Location"]).content.decode()
    assert "Akun baru dibuat untuk alamat email itu" in followed
    client.force_login(user)
    assert recorded.code in client.get("/permintaan/").content.decode()


def test_an_existing_accounts_address_is_not_attached_and_its_owner_is_asked(
        client, officer, citra, django_capture_on_commit_callbacks):
    recorded, response = record(client, officer, django_capture_on_commit_callbacks, channel="email",
                                email="CITRA@contoh.id", full_name="Citra L.", phone="", institution="")
    assert recorded.visitor is None
    citra.refresh_from_db()
    assert citra.full_name == "Citra Lestari"  # the profile is not written
    (asked,) = [m for m in mail.outbox if m.to == ["citra@contoh.id"]]
    assert recorded.code in asked.body and BY_WHATSAPP["purpose"] not in asked.body
    link = re.search(r"https?://\S+/permintaan/konfirmasi/[0-9a-f-]+/", asked.body).group(0)
    page = client.get(response["Location"]).content.decode()
    assert "Perlu dikonfirmasi pemilik alamat email" in page and "perlu dikonfirmasi pemiliknya" in page
    assert "+6281111111111" not in page and "Dinas Rahasia Citra" not in page  # nothing of her profile
    client.force_login(citra)
    assert recorded.code not in client.get("/permintaan/").content.decode()
    path = link[link.index("/permintaan/"):]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    recorded.refresh_from_db()
    assert recorded.visitor == citra
    assert RequestEvent.objects.filter(request=recorded, action="confirm_contact", actor=citra).exists()
    assert recorded.code in client.get("/permintaan/").content.decode()
    mine = client.get(recorded.get_absolute_url()).content.decode()
    assert "Konsultasi Statistik · Email" in mine and BY_WHATSAPP["purpose"] in mine
    assert client.get(path).status_code == 404  # used once


def test_only_the_owner_of_the_address_may_follow_the_link(
        client, officer, citra, django_capture_on_commit_callbacks):
    recorded, _response = record(client, officer, django_capture_on_commit_callbacks, channel="email",
                                 email="citra@contoh.id")
    token = RemoteContact.objects.get(request=recorded).claim_token
    path = f"/permintaan/konfirmasi/{token}/"
    stranger = ProfiledVisitorFactory(email="budi@contoh.id")
    for user in (stranger, officer):
        client.force_login(user)
        assert client.get(path).status_code in (403, 404)
        assert client.post(path).status_code in (403, 404)
    client.logout()
    assert client.post(path).status_code == 302  # to sign in
    recorded.refresh_from_db()
    assert recorded.visitor is None


def test_only_an_officer_of_the_office_records_and_sees_such_a_request(
        client, officer, citra, kaltara, django_capture_on_commit_callbacks):
    outsider = OfficerFactory(email="petugas.kotabaru@bps.go.id", office=Office.objects.get(code="6302"))
    data = {"standard": standard("6500", "konsultasi").pk, **BY_WHATSAPP}
    for user, status in ((citra, 403), (HeadFactory(office=kaltara), 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(URL).status_code == status
        assert client.post(URL, data).status_code == status
    assert not Request.objects.filter(channel="whatsapp").exists()
    recorded, _response = record(client, officer, django_capture_on_commit_callbacks)
    client.force_login(outsider)
    assert client.get(recorded.get_staff_url()).status_code == 404


def test_a_request_without_phone_or_email_or_for_a_service_with_its_own_forms_is_refused(
        client, officer, kaltara):
    client.force_login(officer)
    form = client.get(URL).content.decode()
    assert "Konsultasi Statistik" in form and 'value="whatsapp"' in form and 'value="walk_in"' not in form
    base = {"standard": standard("6500", "konsultasi").pk, **BY_WHATSAPP}
    assert client.post(URL, {**base, "phone": "", "email": ""}).status_code == 200
    assert client.post(URL, {**base, "channel": "walk_in"}).status_code == 200
    officer_6202 = OfficerFactory(email="petugas.kotim@bps.go.id", office=Office.objects.get(code="6202"))
    client.force_login(officer_6202)  # product sales only: its orders have their own forms
    assert client.get(URL).status_code == 404
    assert not Request.objects.filter(channel__in=["whatsapp", "walk_in"]).exists()
    assert Channel.WHATSAPP.label == "WhatsApp (SISUKA)"
