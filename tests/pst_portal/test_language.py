"""Indonesian by default, English on request, on every page."""
import re
from pathlib import Path

import pytest

PO_FILE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_portal_speaks_indonesian_even_to_an_english_browser(client, catalogue):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page
    assert "Layanan statistik BPS dalam satu tempat" in page


@pytest.mark.parametrize("path", ["/", "/layanan/", "/layanan/6302/rekomendasi/", "/pengaduan/",
                                  "/akun/login/", "/akun/signup/"])
def test_every_page_offers_the_language_switch(client, catalogue, path):
    page = client.get(path).content.decode()
    assert 'name="language" value="en"' in page


def test_choosing_english_switches_and_sticks(client, catalogue):
    response = client.post("/bahasa/", {"language": "en", "next": "/layanan/"})
    assert response.status_code == 302 and response["Location"] == "/layanan/"
    page = client.get("/layanan/").content.decode()
    assert '<html lang="en">' in page
    assert "Catalogue of offices and services" in page
    assert "Statistical Consultation" in page  # service names in English
    page = client.get("/").content.decode()
    assert 'name="language" value="id"' in page


def test_english_catalogue_has_no_untranslated_message():
    text = PO_FILE.read_text(encoding="utf-8")
    entries = re.split(r"\n\n+", text)
    untranslated = [
        e for e in entries[1:]
        if re.search(r'^msgstr ""\s*$', e, re.M) and not re.search(r'^msgstr ""\n"', e, re.M)
        and "msgid_plural" not in e
    ]
    fuzzy = [e for e in entries[1:] if "#, fuzzy" in e]
    assert not untranslated, untranslated[:5]
    assert not fuzzy, fuzzy[:5]
