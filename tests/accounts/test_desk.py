"""The service desk reaches a visitor's account only with the visitor present: the code emailed to the
address, read out and typed by the officer (issue 15, item 1). Both desks: walk-in orders and walk-in
recommendations."""
import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import desk
from accounts.models import DeskCode, Segment, User
from requests_app.models import Request
from services.catalogue.loader import load_products
from services.catalogue.models import Office
from services.product_sales.models import Product
from tests.factories import AgencyVisitorFactory, OfficerFactory, ProfiledVisitorFactory, VisitorFactory
from tests.requests_helpers import desk_code_sent_to, desk_order_lines

PUBLICATION = "kotawaringin-timur-dalam-angka-2025"
TOLD_NPWP = "012345674901000"


@pytest.fixture
def sales(catalogue):
    load_products()
    return Office.objects.get(code="6202")


@pytest.fixture
def officer(sales):
    return OfficerFactory(email="petugas.kotim@bps.go.id", office=sales)


def order_form(email, **changes):
    publication = Product.objects.get(slug=PUBLICATION)
    return {"email": email, "full_name": "Nama di Meja", "phone": "0812 9999 0000", "segment": "private",
            "institution": "CV Ketikan Petugas", "npwp": TOLD_NPWP, "medium": "physical",
            **desk_order_lines((publication, "PDF")), **changes}


def recommendation_form(email, **changes):
    return {"email": email, "full_name": "Nama di Meja", "phone": "0812 9999 0000",
            "institution": "Pemerintah Kota Banjarmasin", "agency_unit": "Unit Ketikan Petugas",
            "form": "fs3", **changes}


@pytest.fixture(params=["order", "recommendation"])
def at_desk(request, officer, officer_banjarmasin, client):
    """(url, form builder, officer) of one of the two desks, the officer signed in."""
    if request.param == "order":
        chosen = (reverse("product_sales:walk_in_order"), order_form, officer)
    else:
        chosen = (reverse("recommendation:walk_in_recommendation"), recommendation_form, officer_banjarmasin)
    client.force_login(chosen[2])
    return chosen


def visible(response, email):
    """The page as the officer reads it, whatever the address typed (and the form's CSRF token)."""
    page = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_the_desk_reaches_no_account_without_the_visitors_code(client, at_desk):
    url, form, _officer = at_desk
    visitor = AgencyVisitorFactory(email="pemilik@contoh.id", phone="+6281311112222",
                                   institution="Rahasia Jaya", agency_unit="Bagian Tersembunyi",
                                   npwp="998877666544332")
    response = client.post(url, form(visitor.email))
    assert response.status_code == 200
    page = response.content.decode()
    assert "perlu dikonfirmasi" in page
    for private in ("6281311112222", "Rahasia Jaya", "Bagian Tersembunyi", "998877666544332",
                    visitor.full_name):
        assert private not in page
    assert not Request.objects.filter(visitor=visitor).exists()
    wrong_code = f"{(int(desk_code_sent_to(visitor.email)) + 1) % 10**6:06d}"
    wrong = client.post(url, form(visitor.email, code=wrong_code))
    assert wrong.status_code == 400 and "tidak cocok" in wrong.content.decode()
    assert not Request.objects.filter(visitor=visitor).exists()
    client.force_login(visitor)
    assert "Nama di Meja" not in client.get(reverse("requests_app:mine")).content.decode()


def test_the_desk_writes_no_field_of_an_existing_profile_and_keeps_what_it_was_told(client, at_desk):
    url, form, officer = at_desk
    segment = Segment.PRIVATE if url.endswith("penjualan-langsung/") else Segment.GOVERNMENT
    visitor = VisitorFactory(email="kosong@contoh.id", full_name="Pemilik Akun", segment=segment)
    before = {f: getattr(visitor, f) for f in ("full_name", "phone", "institution", "agency_unit", "npwp",
                                               "segment")}
    assert client.post(url, form(visitor.email)).status_code == 200
    response = client.post(url, form(visitor.email, code=desk_code_sent_to(visitor.email)))
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert {f: getattr(visitor, f) for f in before} == before
    request = Request.objects.get(visitor=visitor)
    told = request.desk_details
    assert (told.full_name, told.phone) == ("Nama di Meja", "+6281299990000")
    if segment == Segment.PRIVATE:
        assert told.institution == "CV Ketikan Petugas" and told.npwp == TOLD_NPWP
        assert request.order.npwp == TOLD_NPWP
    else:
        assert told.agency_unit == "Unit Ketikan Petugas"
    client.force_login(officer)
    staff_page = client.get(request.get_staff_url()).content.decode()
    assert "Keterangan di meja layanan" in staff_page and "+6281299990000" in staff_page


def test_every_kind_of_address_gets_the_same_message(client, at_desk):
    url, form, officer = at_desk
    addresses = {
        "staff": OfficerFactory(email="staf.lain@bps.go.id", office=officer.office).email,
        "agency": AgencyVisitorFactory(email="instansi@contoh.id").email,
        "other visitor": ProfiledVisitorFactory(email="mahasiswa@contoh.id").email,
        "new": "belum.ada@contoh.id",
    }
    first = {kind: client.post(url, form(email)) for kind, email in addresses.items()}
    assert {r.status_code for r in first.values()} == {200}
    pages = {visible(first[kind], email) for kind, email in addresses.items()}
    assert len(pages) == 1 and "perlu dikonfirmasi" in pages.pop()
    assert not User.objects.filter(email="belum.ada@contoh.id").exists()
    wrong = {kind: client.post(url, form(email, code="12345x")) for kind, email in addresses.items()}
    assert {r.status_code for r in wrong.values()} == {400}
    assert len({visible(wrong[kind], email) for kind, email in addresses.items()}) == 1
    assert not Request.objects.exists()


def test_a_new_address_gets_its_account_with_the_code(client, at_desk):
    url, form, _officer = at_desk
    assert client.post(url, form("baru.sekali@contoh.id")).status_code == 200
    assert not User.objects.filter(email="baru.sekali@contoh.id").exists()
    code = desk_code_sent_to("baru.sekali@contoh.id")
    response = client.post(url, form("baru.sekali@contoh.id", code=code))
    assert response.status_code == 302
    made = User.objects.get(email="baru.sekali@contoh.id")
    assert made.full_name == "Nama di Meja" and not made.has_usable_password()
    assert any("Kata Sandi" in m.subject for m in mail.outbox if m.to == [made.email])


def test_a_code_works_once_and_for_the_officer_who_asked(client, at_desk, kotabaru):
    url, form, officer = at_desk
    visitor = AgencyVisitorFactory(email="sekali@contoh.id")
    client.post(url, form(visitor.email))
    code = desk_code_sent_to(visitor.email)
    # Another officer (of another office) who learns the code cannot use it.
    stranger = OfficerFactory(email="petugas.lain@bps.go.id", office=kotabaru)
    assert not desk.code_accepted(stranger, visitor.email, code)
    assert client.post(url, form(visitor.email, code=code)).status_code == 302
    again = client.post(url, form(visitor.email, code=code))
    assert again.status_code == 400 and "tidak cocok" in again.content.decode()
    assert Request.objects.filter(visitor=visitor).count() == 1


def test_a_code_expires(client, at_desk):
    url, form, _officer = at_desk
    visitor = AgencyVisitorFactory(email="lambat@contoh.id")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(url, form(visitor.email))
    code = desk_code_sent_to(visitor.email)
    with time_machine.travel(start + desk.CODE_LIFETIME + datetime.timedelta(seconds=1), tick=False):
        late = client.post(url, form(visitor.email, code=code))
        assert late.status_code == 400 and "tidak cocok" in late.content.decode()
        assert not Request.objects.filter(visitor=visitor).exists()
        # "Kirim kode baru": a new code, which works.
        assert client.post(url, form(visitor.email, code=code, send_code="1")).status_code == 200
        fresh = desk_code_sent_to(visitor.email)
        assert client.post(url, form(visitor.email, code=fresh)).status_code == 302


def test_a_code_allows_few_attempts_and_is_stored_hashed(client, at_desk):
    url, form, _officer = at_desk
    visitor = AgencyVisitorFactory(email="tebak@contoh.id")
    client.post(url, form(visitor.email))
    code = desk_code_sent_to(visitor.email)
    stored = DeskCode.objects.get(email=visitor.email)
    assert code not in (stored.code_hash, stored.salt)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _attempt in range(desk.MAX_ATTEMPTS):
        assert client.post(url, form(visitor.email, code=wrong)).status_code == 400
    late = client.post(url, form(visitor.email, code=code))
    assert late.status_code == 400 and "tidak cocok" in late.content.decode()
    assert not Request.objects.filter(visitor=visitor).exists()


def test_only_a_few_codes_go_to_one_address(client, at_desk):
    url, form, _officer = at_desk
    for _sent in range(desk.MAX_CODES_PER_HOUR):
        assert client.post(url, form("banyak@contoh.id")).status_code == 200
    refused = client.post(url, form("banyak@contoh.id"))
    assert refused.status_code == 400 and "terlalu banyak kode" in refused.content.decode()
    assert len([m for m in mail.outbox if m.to == ["banyak@contoh.id"]]) == desk.MAX_CODES_PER_HOUR
