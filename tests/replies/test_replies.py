"""Reply templates (/petugas/balasan/): kept per office (and optionally per service) by its officers and
head, another office's a 404; offered beside a return note and a consultation message on the staff's
pages with the visitor's name and the request code filled in, through the core's generic hook."""
import io

import pytest
from django.core.management import call_command

from replies.models import ReplyTemplate, fill
from requests_app import registry
from services.catalogue.models import Office, ServiceKind
from tests.factories import HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import file_request

GREETING = "Yth. {nama}, permintaan {kode} kami kembalikan: mohon lengkapi surat pengantar."


@pytest.fixture
def office(catalogue):
    return Office.objects.get(code="6500")


@pytest.fixture
def dewi(office):
    return OfficerFactory(email="dewi@bps.go.id", full_name="Dewi Petugas", office=office)


@pytest.fixture
def other_office_officer(catalogue):
    return OfficerFactory(email="petugas.kotabaru@bps.go.id", office=Office.objects.get(code="6302"))


def reply(office, title="Kurang surat pengantar", body=GREETING, service=None):
    kind = ServiceKind.objects.get(slug=service) if service else None
    return ReplyTemplate.objects.create(office=office, title=title, body=body, service_kind=kind)


def test_an_officer_adds_edits_and_deletes_a_template(client, dewi):
    client.force_login(dewi)
    consultation = ServiceKind.objects.get(slug="konsultasi")
    response = client.post("/petugas/balasan/baru/", {"title": "Salam", "service_kind": consultation.pk,
                                                      "body": "Halo {nama}"})
    assert response.status_code == 302
    saved = ReplyTemplate.objects.get()
    assert (saved.office, saved.service_kind, saved.created_by) == (dewi.office, consultation, dewi)
    page = client.get("/petugas/balasan/").content.decode()
    assert "Salam" in page and "Halo {nama}" in page and "{kode}" in page  # the placeholders explained
    edited = {"title": "Salam pembuka", "service_kind": "", "body": "Selamat siang {nama}"}
    assert client.post(f"/petugas/balasan/{saved.pk}/ubah/", edited).status_code == 302
    saved.refresh_from_db()
    assert (saved.title, saved.service_kind, saved.body) == ("Salam pembuka", None, "Selamat siang {nama}")
    assert "Hapus templat" in client.get(f"/petugas/balasan/{saved.pk}/hapus/").content.decode()
    assert client.post(f"/petugas/balasan/{saved.pk}/hapus/").status_code == 302
    assert not ReplyTemplate.objects.exists()


def test_a_template_needs_a_title_and_a_text(client, dewi):
    client.force_login(dewi)
    response = client.post("/petugas/balasan/baru/", {"title": "", "body": ""})
    assert response.status_code == 400 and not ReplyTemplate.objects.exists()


def test_the_head_keeps_the_offices_templates_too(client, office, dewi):
    own = reply(office)
    client.force_login(HeadFactory(email="kepala@bps.go.id", office=office))
    assert "Kurang surat pengantar" in client.get("/petugas/balasan/").content.decode()
    assert client.get(f"/petugas/balasan/{own.pk}/ubah/").status_code == 200


def test_another_offices_templates_are_neither_listed_nor_reachable(client, office, other_office_officer):
    theirs = reply(office, title="Milik Kaltara")
    client.force_login(other_office_officer)
    assert "Milik Kaltara" not in client.get("/petugas/balasan/").content.decode()
    assert client.get(f"/petugas/balasan/{theirs.pk}/ubah/").status_code == 404
    assert client.post(f"/petugas/balasan/{theirs.pk}/ubah/", {"title": "x", "body": "y"}).status_code == 404
    assert client.post(f"/petugas/balasan/{theirs.pk}/hapus/").status_code == 404
    assert ReplyTemplate.objects.filter(pk=theirs.pk, title="Milik Kaltara").exists()


def test_a_visitor_may_not_keep_templates(client, catalogue):
    client.force_login(ProfiledVisitorFactory())
    assert client.get("/petugas/balasan/").status_code == 403


def test_placeholders_are_filled_and_other_braces_kept():
    assert fill("Yth. {nama} ({kode}) {lain}", "Ani", "6500-26-ABC") == "Yth. Ani (6500-26-ABC) {lain}"


def picker(html, textarea_id):
    start = html.index(f'data-reply-target="{textarea_id}"')
    return html[start:html.index("</details>", start)]


def test_the_staff_page_offers_the_filled_templates_beside_the_return_note(client, office, dewi,
                                                                            other_office_officer):
    request = file_request(ProfiledVisitorFactory(full_name="Ani Rahmawati"))
    reply(office)
    reply(office, title="Untuk konsultasi", body="Konsultasi {kode}", service="konsultasi")
    reply(office, title="Untuk penjualan", body="Pesanan {kode}", service="penjualan-produk")
    reply(other_office_officer.office, title="Kantor lain")
    client.force_login(dewi)
    html = client.get(f"/petugas/permintaan/{request.code}/").content.decode()
    note = picker(html, "id_note")
    assert f"Yth. Ani Rahmawati, permintaan {request.code} kami kembalikan" in note
    assert f"Konsultasi {request.code}" in note and "{nama}" not in note
    assert "Untuk penjualan" not in note and "Kantor lain" not in note
    assert '<select class="form-select form-select-sm reply-picker-select" id="reply-picker-id_note">' in note
    assert "js/reply-picker.js" in html


def test_the_consultation_message_form_offers_them_to_staff_only(client, office, dewi):
    request = file_request(ProfiledVisitorFactory(full_name="Ani Rahmawati"))
    reply(office)
    client.force_login(dewi)
    html = client.get(f"/petugas/permintaan/{request.code}/").content.decode()
    assert 'id="message_body"' in html
    assert f"Yth. Ani Rahmawati, permintaan {request.code}" in picker(html, "message_body")
    client.force_login(request.visitor)
    visitor_page = client.get(request.get_absolute_url()).content.decode()
    assert 'id="message_body"' in visitor_page and "reply-picker" not in visitor_page


def test_the_core_hook_renders_only_what_a_helper_has_for_the_user(catalogue, dewi, monkeypatch):
    request = file_request(ProfiledVisitorFactory())
    monkeypatch.setattr(registry, "_text_helpers", [])
    registry.register_text_helper("a.html", lambda user, box, subject: {"box": box})
    registry.register_text_helper("b.html", lambda user, box, subject: None)
    registry.register_text_helper("a.html", registry._text_helpers[0][1])  # once only
    assert registry.text_helpers(dewi, "id_note", request) == [("a.html", {"box": "id_note"})]


def test_make_runs_demo_has_each_offices_templates_once(catalogue, settings, client):
    settings.DEBUG = True
    call_command("create_demo_accounts", stdout=io.StringIO())
    count = ReplyTemplate.objects.filter(office__code="6500").count()
    call_command("create_demo_accounts", stdout=io.StringIO())
    assert count == ReplyTemplate.objects.filter(office__code="6500").count() == 3
