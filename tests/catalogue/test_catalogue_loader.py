"""The catalogue reproduces the five published standards: every requirement and step,
in order, with the published wording (cleaned of the PDF extraction's artefacts)."""
import datetime
import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from services.catalogue.loader import load_catalogue, read_catalogue
from services.catalogue.models import Office, ProcedureStep, Requirement, Standard

SEEDS = Path(__file__).resolve().parents[2] / "services" / "catalogue" / "data" / "seeds"

# (seed file, office, service): {channel: (requirements, steps, completion kind, value)}
EXPECTED = {
    ("000_12d71a289b5e6b8f.txt", "6302", "penjualan-produk"): {
        "walk_in": (7, 7, "queue_minutes", 10)},
    ("001_5c7a5a94619d3671.txt", "6202", "penjualan-produk"): {
        "online": (4, 5, "working_days", 10)},
    ("002_76b7586fe2840646.txt", "6500", "konsultasi"): {
        "walk_in": (5, 8, "queue_minutes", 10), "online": (3, 9, "working_days", 3)},
    ("003_466d220333e61ff5.txt", "6302", "rekomendasi"): {
        "walk_in": (5, 10, "working_days", 30), "online": (3, 9, "working_days", 30)},
    ("004_b2aff72844408607.txt", "6371", "rekomendasi"): {
        "walk_in": (5, 10, "working_days", 30)},
}


def normalized_seed(name):
    """The seed text with markdown link syntax, emphasis and line breaks undone."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text)


def collapse(value):
    return re.sub(r"\s+", " ", value).strip()


@pytest.fixture
def standards(catalogue):
    return {
        (s.source, s.office.code, s.service_kind.slug): s
        for s in Standard.objects.select_related("office", "service_kind")
    }


def test_every_seed_becomes_one_standard_with_its_sk(standards):
    assert set(standards) == set(EXPECTED)
    assert standards[("000_12d71a289b5e6b8f.txt", "6302", "penjualan-produk")].sk_number == (
        "Nomor 118 Tahun 2023"
    )
    assert standards[("002_76b7586fe2840646.txt", "6500", "konsultasi")].sk_number == (
        "0330001/65/KPG TAHUN 2023"
    )
    assert standards[("004_b2aff72844408607.txt", "6371", "rekomendasi")].sk_number == (
        "019/KPA/2024 TAHUN 2024"
    )
    # Kotawaringin Timur's seed names no SK: nothing is made up.
    assert standards[("001_5c7a5a94619d3671.txt", "6202", "penjualan-produk")].sk_number == ""


@pytest.mark.parametrize("key", list(EXPECTED), ids=[k[0][:3] for k in EXPECTED])
def test_sections_have_the_published_counts_and_completion_time(standards, key):
    standard = standards[key]
    sections = {s.channel: s for s in standard.sections.all()}
    assert set(sections) == set(EXPECTED[key])
    for channel, (n_requirements, n_steps, kind, value) in EXPECTED[key].items():
        section = sections[channel]
        assert section.requirements.count() == n_requirements, channel
        assert section.steps.count() == n_steps, channel
        assert (section.completion_kind, section.completion_value) == (kind, value)


@pytest.mark.parametrize("key", list(EXPECTED), ids=[k[0][:3] for k in EXPECTED])
def test_every_item_keeps_its_published_wording(standards, key):
    standard = standards[key]
    source = normalized_seed(key[0])
    texts = [r.text for r in Requirement.objects.filter(section__standard=standard)]
    texts += [s.text for s in ProcedureStep.objects.filter(section__standard=standard)]
    texts += [s.completion_wording for s in standard.sections.all()]
    texts += [o.text for o in standard.outputs.all()]
    texts += [c.wording for c in standard.complaint_channels.all()]
    for text in texts:
        assert text.strip(), "empty item"
        assert not re.match(r"^(\d+[.)]|[a-e][.)]|-)\s", text), f"numbering left in {text!r}"
        assert "**" not in text and "](" not in text, f"markdown left in {text!r}"
        assert published(collapse(text), key[0]) in source, f"not in {key[0]}: {text!r}"


def corrections(seed):
    (item,) = [s for s in read_catalogue()["standards"] if s["source"] == seed]
    return item.get("corrections", [])


def published(text, seed):
    """``text`` as the seed has it: the standard's documented corrections undone."""
    for fix in corrections(seed):
        text = text.replace(fix["corrected"], fix["published"])
    return text


@pytest.mark.parametrize("seed, office_code, published_text, shown", [
    ("002_76b7586fe2840646.txt", "6500", "Bulungan 777212", "Kabupaten Bulungan 77212"),
    ("000_12d71a289b5e6b8f.txt", "6302", "72113 72116", "Kalimantan Selatan, 72116"),
    ("003_466d220333e61ff5.txt", "6302", "ES3/FP-KPA", "hasil pemeriksaan FS3/FP-KPA maksimal"),
])
def test_obvious_extraction_errors_are_corrected_with_a_note(client, standards, seed, office_code,
                                                            published_text, shown):
    assert published_text in normalized_seed(seed)  # the published original keeps them
    (standard,) = [s for key, s in standards.items() if key[0] == seed]
    page = client.get(f"/layanan/{office_code}/{standard.service_kind.slug}/").content.decode()
    office = Office.objects.get(code=office_code)
    assert shown in page or shown in office.address
    assert published_text not in page and published_text not in office.address
    notes = standard.source_notes.splitlines()
    (note,) = [line for line in notes if published_text in line and line.startswith("Corrected in the ")]
    assert "' -> '" in note and note.endswith(").")  # what was corrected, and why


def test_steps_keep_the_published_order_and_actor(standards):
    kotabaru = standards[("003_466d220333e61ff5.txt", "6302", "rekomendasi")]
    online = kotabaru.sections.get(channel="online")
    steps = list(online.steps.order_by("order"))
    assert steps[0].text.startswith("Pengguna layanan mengakses layanan rekomendasi kegiatan statistik")
    assert [s.actor for s in steps][3:6] == ["officer", "officer", "head"]
    assert steps[-1].text == "Pengguna layanan selesai mengakses layanan rekomendasi kegiatan statistik"


def test_requirements_name_who_they_apply_to(standards):
    sales = standards[("000_12d71a289b5e6b8f.txt", "6302", "penjualan-produk")]
    npwp = Requirement.objects.get(section__standard=sales, text__contains="NPWP")
    assert npwp.applies_to == "private"
    banjarmasin = standards[("004_b2aff72844408607.txt", "6371", "rekomendasi")]
    agency = Requirement.objects.get(section__standard=banjarmasin, text__contains="instansi pemerintah")
    assert agency.applies_to == "government"


def test_offices_have_provinces_zones_and_hours(catalogue):
    kotabaru = Office.objects.get(code="6302")
    assert kotabaru.parent.code == "6300" and kotabaru.time_zone == "Asia/Makassar"
    assert Office.objects.get(code="6202").time_zone == "Asia/Jakarta"
    assert Office.objects.get(code="6371").level == "city"
    assert Office.objects.get(code="6500").parent is None
    assert kotabaru.hours.count() == 5
    assert kotabaru.complaint_channels.filter(standard__isnull=True, kind="email").exists()


def test_loading_twice_changes_nothing(catalogue):
    counts = (Standard.objects.count(), Requirement.objects.count(), ProcedureStep.objects.count())
    report = load_catalogue()
    assert sum(report.created.values()) == 0
    assert (Standard.objects.count(), Requirement.objects.count(), ProcedureStep.objects.count()) == counts


def test_loading_again_keeps_an_administrators_edit(catalogue):
    office = Office.objects.get(code="6302")
    office.address = "Alamat baru yang dikoreksi admin"
    office.save()
    load_catalogue()
    office.refresh_from_db()
    assert office.address == "Alamat baru yang dikoreksi admin"


@pytest.mark.parametrize("key", list(EXPECTED), ids=[k[0][:3] for k in EXPECTED])
def test_standard_page_shows_every_requirement_and_step(client, standards, key):
    standard = standards[key]
    response = client.get(reverse("catalogue:standard", args=[key[1], key[2]]))
    assert response.status_code == 200
    page = collapse(response.content.decode())
    items = Requirement.objects.filter(section__standard=standard).values_list("text", flat=True)
    steps = ProcedureStep.objects.filter(section__standard=standard).values_list("text", flat=True)
    for text in [*items, *steps]:
        assert collapse(html.escape(text, quote=False)) in page or collapse(html.escape(text)) in page, text
    if standard.sk_number:
        assert standard.sk_number in page


def test_unknown_office_or_service_is_a_friendly_404(client, catalogue):
    response = client.get("/layanan/9999/konsultasi/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert client.get("/layanan/6371/konsultasi/").status_code == 404  # not offered there


def test_a_newer_decree_replaces_the_standard_shown(client, catalogue):
    old = Standard.objects.get(office__code="6371", service_kind__slug="rekomendasi")
    old.pk = None
    old.sk_number = "SK BARU 2099"
    old.effective_from = datetime.date(2026, 1, 2)
    old.save()
    page = client.get("/layanan/6371/rekomendasi/").content.decode()
    assert "SK BARU 2099" in page
    assert "019/KPA/2024 TAHUN 2024" in page  # listed under earlier versions
