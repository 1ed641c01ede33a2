"""A visitor's first visit, in real headless Chromium against the live server.

Ani reads the home page and the catalogue, opens the Kotabaru standard for a
statistical-activity recommendation, downloads its PDF, signs up, confirms her
email from the message she receives, signs in, and switches the portal to English.
Every page she reads passes axe-core without serious or critical violations.
"""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import require

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}

EMAIL = "ani.rahmawati@contoh.id"
PASSWORD = "Statistik-Kotabaru-2026"
FULL_NAME = "Ani Rahmawati"


def assert_accessible(page: Page, where: str):
    """Run axe-core on the page as it is now; fail on serious or critical violations."""
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("axe.run()")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {where} ({page.url}):\n" + describe(blocking)


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def pdf_text(path: Path) -> str:
    completed = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return completed.stdout


def confirmation_url(outbox, live_server_url: str) -> str:
    """The confirmation link from the one verification email sent to EMAIL."""
    sent = [message for message in outbox if EMAIL in message.to]
    assert len(sent) == 1, f"expected one email to {EMAIL}, outbox: {[m.to for m in outbox]}"
    assert sent[0].subject.startswith("[PST BPS] "), sent[0].subject
    match = re.search(re.escape(live_server_url) + r"/akun/confirm-email/\S+/", sent[0].body)
    assert match, f"no confirmation link to {live_server_url} in the email:\n{sent[0].body}"
    return match.group(0)


@pytest.mark.browser
def test_visitor_reads_standard_downloads_pdf_signs_up_verifies_and_switches_language(
    transactional_db, live_server, catalogue, settings, mailoutbox, page: Page, tmp_path
):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    # pytest-django swaps EMAIL_BACKEND for locmem; put the portal's own backend back so
    # the email takes the production path: on_commit -> Celery (eager) -> delivery
    # backend (locmem in test settings) -> mailoutbox. The live server runs in a thread
    # of this process, so it sees the override and fills the same outbox.
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    page.set_default_timeout(10_000)  # fail fast: every step takes well under a second
    nav = page.get_by_role("navigation", name="Navigasi utama")
    main = page.get_by_role("main")

    # The home page speaks Indonesian.
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(
        page.get_by_role("heading", level=1, name="Layanan statistik BPS dalam satu tempat")
    ).to_be_visible()
    assert_accessible(page, "the home page")

    # To the catalogue by the main navigation.
    nav.get_by_role("link", name="Layanan", exact=True).click()
    expect(page).to_have_url(live_server.url + "/layanan/")
    expect(page.get_by_role("heading", level=1, name="Katalog kantor dan layanan")).to_be_visible()
    assert_accessible(page, "the catalogue")

    # Kotabaru's standard for a statistical-activity recommendation.
    kotabaru = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name="BPS Kabupaten Kotabaru", exact=True)
    )
    kotabaru.get_by_role("link", name="Rekomendasi Kegiatan Statistik").click()
    expect(page).to_have_url(live_server.url + "/layanan/6302/rekomendasi/")
    expect(
        page.get_by_role("heading", level=1, name="Rekomendasi Kegiatan Statistik")
    ).to_be_visible()
    expect(main.get_by_text("Nomor 118 Tahun 2023")).to_be_visible()
    expect(
        main.get_by_text(
            "Pengguna layanan adalah instansi pemerintah penyelenggara kegiatan statistik sektoral"
        ).first
    ).to_be_visible()
    assert_accessible(page, "the Kotabaru recommendation standard")

    # The printable standard: a PDF with the office letterhead and page numbers.
    with page.expect_download() as download_info:
        main.get_by_role("link", name="Unduh PDF standar").click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    pdf_path = tmp_path / download.suggested_filename
    download.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf_path)
    for expected in (
        "BADAN PUSAT STATISTIK",
        "KABUPATEN KOTABARU",
        "Rekomendasi Kegiatan Statistik",
        "Halaman 1 dari",
    ):
        assert expected in text, f"{expected!r} not in the PDF text:\n{text[:2000]}"

    # Sign up.
    nav.get_by_role("link", name="Daftar", exact=True).click()
    expect(page).to_have_url(live_server.url + "/akun/signup/")
    expect(page.get_by_role("heading", level=1, name="Daftar")).to_be_visible()
    assert_accessible(page, "the sign-up form")
    page.get_by_label("Nama lengkap").fill(FULL_NAME)
    page.get_by_label(re.compile(r"^\s*Email")).fill(EMAIL)
    page.get_by_label(re.compile(r"^\s*Sandi")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*Kata sandi \(lagi\)")).fill(PASSWORD)
    main.get_by_role("button", name="Daftar").click()
    expect(page).to_have_url(live_server.url + "/akun/confirm-email/")
    expect(
        page.get_by_role("heading", level=1, name="Verifikasi Alamat E-mail Anda")
    ).to_be_visible()
    assert_accessible(page, "the verification-sent page")

    # Confirm the address with the link from the email, then sign in.
    page.goto(confirmation_url(mailoutbox, live_server.url))
    expect(page.get_by_role("heading", level=1, name="Konfirmasi Alamat E-mail")).to_be_visible()
    expect(main).to_contain_text(EMAIL)
    main.get_by_role("button", name="Konfirmasi").click()
    expect(page).to_have_url(live_server.url + "/akun/login/")
    expect(page.get_by_role("heading", level=1, name="Masuk")).to_be_visible()
    assert_accessible(page, "the sign-in form")
    page.get_by_label(re.compile(r"^\s*Email")).fill(EMAIL)
    page.get_by_label(re.compile(r"^\s*Sandi")).fill(PASSWORD)
    main.get_by_role("button", name="Masuk").click()

    # Signed in, a visitor lands on their profile.
    expect(page).to_have_url(live_server.url + "/akun/profil/")
    expect(page.get_by_role("heading", level=1, name="Profil Anda")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^\s*Nama lengkap"))).to_have_value(FULL_NAME)
    expect(main).to_contain_text(EMAIL)
    assert_accessible(page, "the profile page")

    # Switch to English; the choice sticks on the next page. (Only the language itself is
    # asserted: the English catalogue of messages is still being written.)
    header = page.get_by_role("banner")
    header.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + "/akun/profil/")
    expect(header.get_by_role("button", name="Bahasa Indonesia")).to_be_visible()
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("django_language") == "en", cookies
    header.get_by_role("link", name=re.compile(r"^PST\b")).click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(header.get_by_role("button", name="Bahasa Indonesia")).to_be_visible()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 360, "height": 800})
def test_standard_page_fits_a_360px_phone_without_horizontal_scrolling(
    transactional_db, live_server, catalogue, page: Page
):
    page.goto(live_server.url + "/layanan/6302/rekomendasi/")
    title = page.get_by_role("heading", level=1, name="Rekomendasi Kegiatan Statistik")
    expect(title).to_be_visible()
    assert page.viewport_size == {"width": 360, "height": 800}
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the standard page scrolls sideways at 360 px: it is {width} px wide"
