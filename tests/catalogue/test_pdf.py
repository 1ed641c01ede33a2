"""The printable standard, and the locked-down fetcher behind every PDF."""
import shutil
import subprocess

import pytest

from services.catalogue.pdf import PDF_BASE_URL, RefusedURL, StaticOnlyURLFetcher
from tests.conftest import require


def pdf_text(content, tmp_path):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    path = tmp_path / "standard.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_standard_pdf_is_an_a4_document_with_letterhead_and_page_numbers(client, catalogue, tmp_path):
    response = client.get("/layanan/6500/konsultasi/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="standar-pelayanan-6500-konsultasi.pdf"' == response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "BADAN PUSAT STATISTIK" in text and "PROVINSI KALIMANTAN UTARA" in text
    assert "0330001/65/KPG TAHUN 2023" in text
    assert "Halaman 1 dari" in text
    assert "Petugas layanan menutup percakapan online" in " ".join(text.split())
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert "(A4)" in info


def test_the_english_standard_pdf_is_english_and_marks_the_published_text_as_indonesian(client, catalogue,
                                                                                         tmp_path):
    indonesian = " ".join(pdf_text(client.get("/layanan/6302/rekomendasi/pdf/").content, tmp_path).split())
    assert "Layanan dengan cara kunjungan langsung" in indonesian and "Halaman 1 dari" in indonesian
    client.post("/bahasa/", {"language": "en", "next": "/"})
    response = client.get("/layanan/6302/rekomendasi/pdf/")
    text = " ".join(pdf_text(response.content, tmp_path).split())
    for english in ("Service standard", "Recommendation of Statistical Activities",
                    "Service channel: walk-in", "Requirements", "System, mechanism and procedure",
                    "Completion time", "Fee / tariff",
                    "Page 1 of", "The published standard is shown in Indonesian",
                    "Portal note: at this office, what this says is done in Romantik"):
        assert english in text, english
    for portal_indonesian in ("Layanan dengan cara", "Persyaratan", "Sistem, Mekanisme", "Waktu Penyelesaian",
                              "Halaman 1", "Biaya / Tarif", "Berlaku mulai"):
        assert portal_indonesian not in text, portal_indonesian
    # The standard's own text stays as published, marked as Indonesian.
    assert "Petugas membantu pengguna layanan membuat akun rekomendasi di romantik.bps.go.id" in text
    from django.template.loader import render_to_string
    from django.utils import translation

    from services.catalogue.models import Standard

    standard = Standard.objects.in_force().get(office__code="6302", service_kind__slug="rekomendasi")
    with translation.override("en"):
        html = render_to_string("catalogue/standard_pdf.html",
                                {"standard": standard, "office": standard.office})
    assert '<html lang="en">' in html
    step = standard.sections.first().steps.first()
    assert f'<span lang="id">{step.text}</span>' in html


def test_fetcher_serves_our_static_files():
    response = StaticOnlyURLFetcher().fetch(PDF_BASE_URL + "static/css/pdf.css")
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "https://example.org/logo.png",
        PDF_BASE_URL + "static/../../pst_portal/settings/base.py",
        PDF_BASE_URL + "admin/",
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        StaticOnlyURLFetcher().fetch(url)


def test_user_written_values_are_escaped_in_the_pdf(client, catalogue, tmp_path):
    from services.catalogue.models import Standard

    standard = Standard.objects.get(office__code="6371")
    standard.title = '<img src="file:///etc/passwd">Judul'
    standard.save()
    text = pdf_text(client.get("/layanan/6371/rekomendasi/pdf/").content, tmp_path)
    assert '<img src="file:///etc/passwd">Judul' in text  # shown as text, not fetched
