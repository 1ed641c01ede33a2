"""Public pages: what they show, how many queries they cost, and the friendly error pages."""
import re

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.catalogue.models import Office, Standard, StandardSection


def test_home_lists_offices_by_province_and_the_three_services(client, catalogue):
    page = client.get("/").content.decode()
    for text in ("Konsultasi Statistik", "Penjualan Produk Statistik", "Rekomendasi Kegiatan Statistik",
                 "Kalimantan Selatan", "Kalimantan Tengah", "Kalimantan Utara",
                 "/layanan/6500/konsultasi/", "/layanan/6202/penjualan-produk/"):
        assert text in page


def test_catalogue_groups_offices_under_their_province(client, catalogue):
    page = client.get("/layanan/").content.decode()
    kalsel = page.index("Provinsi Kalimantan Selatan")
    kalteng = page.index("Provinsi Kalimantan Tengah")
    assert kalsel < page.index("BPS Kabupaten Kotabaru") < kalteng or (
        kalteng < kalsel < page.index("BPS Kabupaten Kotabaru"))
    assert "Belum ada standar pelayanan yang dimuat untuk kantor ini." in page  # 6200 and 6300


def test_standard_page_shows_both_channels_walk_in_first(client, catalogue):
    page = client.get("/layanan/6500/konsultasi/").content.decode()
    assert page.index("kunjungan langsung") < page.index("daring (online)")
    assert "3 Hari" in page and "Tidak dipungut biaya" in page
    assert "https://s.bps.go.id/pengaduan6500" in page


def add_office_with_standard(code, name):
    """Another regency under Kalimantan Selatan, with a copy of Banjarmasin's standard."""
    source = Standard.objects.get(office__code="6371")
    office = Office.objects.create(code=code, name=name, level="regency", province_name="Kalimantan Selatan",
                                   parent=Office.objects.get(code="6300"), time_zone="Asia/Makassar")
    copy = Standard.objects.create(
        office=office, service_kind=source.service_kind, title=source.title, sk_number="1/2026",
        effective_from=source.effective_from, fee_kind=source.fee_kind, fee_wording=source.fee_wording)
    for section in source.sections.all():
        new = StandardSection.objects.create(
            standard=copy, channel=section.channel, completion_kind=section.completion_kind,
            completion_value=section.completion_value, completion_wording=section.completion_wording)
        for requirement in section.requirements.all():
            requirement.pk, requirement.section = None, new
            requirement.save()


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/", "/layanan/", "/layanan/6302/rekomendasi/", "/pengaduan/"])
def test_public_pages_cost_a_fixed_number_of_queries(client, catalogue, path):
    before = count_queries(client, path)
    assert before <= 8
    add_office_with_standard("6301", "BPS Kabupaten Tanah Laut")
    add_office_with_standard("6303", "BPS Kabupaten Banjar")
    assert count_queries(client, path) == before


def test_server_error_page_is_friendly_and_bilingual(client, catalogue, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("services.catalogue.selectors.offices_by_province", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Terjadi gangguan pada portal" in page and "Sorry, something went wrong" in page


ROMANTIK_STEP = ("Pengguna layanan mengakses layanan rekomendasi kegiatan statistik melalui aplikasi "
                 "Romantik (Rekomendasi Statistik Online) dengan alamat http://romantik.bps.go.id")
SILASTIK_STEP = ("Pengguna layanan mengajukan permintaan layanan penjualan data mikro dan atau peta digital "
                 "wilayah kerja statistik pada Silastik")
PORTAL_NOTE = "Catatan portal: di kantor ini, yang disebut dilakukan di %s dilakukan di portal ini."


@pytest.mark.parametrize("path, published, system", [
    ("/layanan/6302/rekomendasi/", ROMANTIK_STEP, "Romantik (romantik.bps.go.id)"),
    ("/layanan/6202/penjualan-produk/", SILASTIK_STEP, "Silastik (silastik.bps.go.id)"),
])
def test_a_step_done_in_another_bps_system_says_this_portal_is_where_it_is_done(client, catalogue, path,
                                                                              published, system):
    page = client.get(path).content.decode()
    items = re.findall(r"(?s)<li>(.*?)</li>", page)
    (item,) = [i for i in items if published in i]  # the published text, unchanged
    assert PORTAL_NOTE % system in item
    assert 'href="/permintaan/baru/' in item  # where it is done here
    plain = [i for i in items if "Pengguna layanan" in i and "omantik" not in i and "ilastik" not in i]
    assert plain and not any("Catatan portal" in i for i in plain)
    client.post("/bahasa/", {"language": "en", "next": path})
    english = client.get(path).content.decode()
    note = f"Portal note: at this office, what this says is done in {system} is done in this portal."
    assert note in english
    assert published in english


def test_every_page_finds_its_favicon(client, catalogue):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("img/favicon.ico")
    with open(finders.find("img/favicon.ico"), "rb") as icon:  # served by WhiteNoise from the static files
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an icon file


@pytest.mark.parametrize("path", ["/tidak-ada/", "/layanan/9999/konsultasi/", "/lacak/tidak-ada"])
def test_with_debug_on_a_missing_page_is_the_portals_own_404(client, catalogue, settings, path):
    settings.DEBUG = True  # make run
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page and "Kembali ke beranda" in page
    assert "URLconf" not in page and "healthz" not in page  # not Django's list of URL patterns
    settings.DEBUG_404 = True  # asked for the debug page
    assert "URLconf" in client.get("/tidak-ada/").content.decode()


def test_with_debug_on_a_missing_slash_is_still_added(client, catalogue, settings):
    settings.DEBUG = True
    response = client.get("/layanan")
    assert response.status_code == 301 and response["Location"] == "/layanan/"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/catalogue/office/",
        "/admin/catalogue/standard/",
        "/admin/catalogue/standardsection/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
    ],
)
def test_administrator_keeps_the_catalogue_and_staff_in_admin(client, administrator, catalogue, path):
    client.force_login(administrator)
    assert client.get(path).status_code == 200


def test_admin_edits_standard_requirements_and_steps_inline(client, administrator, catalogue):
    client.force_login(administrator)
    section = StandardSection.objects.get(standard__office__code="6371")
    page = client.get(f"/admin/catalogue/standardsection/{section.pk}/change/").content.decode()
    assert "requirements-TOTAL_FORMS" in page and "steps-TOTAL_FORMS" in page
    standard = section.standard
    page = client.get(f"/admin/catalogue/standard/{standard.pk}/change/").content.decode()
    assert "sections-TOTAL_FORMS" in page and "outputs-TOTAL_FORMS" in page


def test_password_reset_sends_a_link(client, visitor_ani):
    response = client.post(reverse("account_reset_password"), {"email": visitor_ani.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/akun/password/reset/key/" in mail.outbox[0].body
