"""A product order's whole life in real headless Chromium against the live server.

Budi, a private-segment buyer with a valid NPWP, opens the Susenas microdata set of the
Kotawaringin Timur office and orders only some of its variables: he filters the variable list,
clears and ticks boxes, and the count and price beside the list follow him (htmx, no reload).
He picks CSV, writes the abstract of how he will use the data, accepts the SPPD in his account's name
and submits. Sari, an officer of that office, confirms the order and its price from her own
browser and issues a SIMPONI billing code. Budi pays and uploads the bank's receipt; Sari
verifies it, attaches the prepared CSV and delivers. Budi's page shows the order done with a
private download link; the file he downloads is the one Sari attached, and the download is
recorded. The variable picker, the SPPD page and both request pages pass axe-core without
serious or critical violations.
"""
import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from accounts.models import Segment
from requests_app.models import Request, Status
from services.catalogue.loader import load_products
from services.catalogue.models import Office
from services.product_sales import pricing
from services.product_sales.models import Download, Product
from tests.browser.test_request_journey import PDF_BYTES, sign_in
from tests.browser.test_visitor_journey import assert_accessible
from tests.factories import OfficerFactory, ProfiledVisitorFactory

OFFICE = "6202"
MICRODATA = "susenas-maret-2024-kotim"
BUYER_EMAIL = "budi.santoso@contoh.id"
BUYER_NAME = "Budi Santoso"
OFFICER_EMAIL = "sari.petugas@bps.go.id"
OFFICER_NAME = "Sari Petugas"
VALID_NPWP = "012345674901000"  # 15 digits, the legacy format

# The seed set has 1,160 households: every subset of it fits in the tariff's first megabyte and
# costs the same. With more records the full set costs more than a few variables of it, so the
# price beside the list moves as the buyer chooses (records x 8 bytes x variables).
RECORDS = 20_000
CHOSEN = ["R101", "R102", "R105", "KAPITA"]
ABSTRACT = ("Kajian pengeluaran per kapita rumah tangga menurut kecamatan di Kotawaringin Timur "
            "untuk perencanaan pasar ritel PT Data Nusantara.")
BILLING_CODE = "820261123000123"
PAYMENT_NOTE = "Dibayar lewat internet banking."
CSV_NAME = "susenas-kotim-pilihan.csv"
CSV_BYTES = b"R101,R102,R105,KAPITA\n62,02,1,1250000\n62,02,2,980000\n"


def count_text(chosen, total):
    return f"{chosen} dari {total} variabel dipilih"


@pytest.mark.browser
def test_a_buyer_orders_some_variables_pays_and_downloads_them_in_the_browser(
    transactional_db, live_server, catalogue, settings, mailoutbox, page: Page, new_context,
):
    settings.EMAIL_BACKEND = "pst_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    load_products()
    office = Office.objects.get(code=OFFICE)
    Product.objects.filter(office=office, slug=MICRODATA).update(records=RECORDS)
    microdata = Product.objects.get(office=office, slug=MICRODATA)
    variables = list(microdata.variables.order_by("order"))
    total_variables = len(variables)
    full_price = pricing.quote_line(microdata).amount_display
    chosen_price = pricing.quote_line(microdata, [v for v in variables if v.name in CHOSEN]).amount_display
    assert full_price != chosen_price, "the test data must make a subset cheaper than the full set"

    buyer = ProfiledVisitorFactory(email=BUYER_EMAIL, full_name=BUYER_NAME, segment=Segment.PRIVATE,
                                   institution="PT Data Nusantara", npwp=VALID_NPWP)
    OfficerFactory(email=OFFICER_EMAIL, full_name=OFFICER_NAME, office=office)
    base = live_server.url
    page.set_default_timeout(10_000)
    main = page.get_by_role("main")

    # --- 1. Budi opens the product and chooses some of its variables.
    sign_in(page, base, BUYER_EMAIL)
    page.goto(f"{base}/layanan/produk/{OFFICE}/{MICRODATA}/")
    expect(page.get_by_role("heading", level=1, name=microdata.title)).to_be_visible()
    expect(main).to_contain_text(full_price)  # the product page prices the full set
    main.get_by_role("link", name="Pesan (pilih variabel)").click()
    expect(page).to_have_url(f"{base}/pesan/{OFFICE}/{MICRODATA}/")
    expect(page.get_by_role("heading", level=1, name=microdata.title)).to_be_visible()

    quote = page.locator("#line-quote")
    variable_list = page.locator("#variable-list")
    boxes = variable_list.get_by_role("checkbox")  # only the boxes the filter shows
    search = page.get_by_label("Cari variabel")
    # Every variable starts ticked: the full set.
    expect(quote).to_contain_text(count_text(total_variables, total_variables))
    expect(quote).to_contain_text(full_price)
    expect(boxes).to_have_count(total_variables)
    assert_accessible(page, "the variable picker")

    # He clears every box: nothing chosen, no price.
    main.get_by_role("button", name="Hapus centang yang tampil").click()
    expect(quote).to_contain_text(count_text(0, total_variables))
    expect(quote).to_contain_text("Pilih paling sedikit satu variabel.")
    expect(quote).not_to_contain_text("Rp")

    # He narrows the list to the location codes and ticks all three of them.
    search.fill("R10")
    expect(boxes).to_have_count(3)
    for name in ("R101", "R102", "R105"):
        expect(variable_list.get_by_role("checkbox", name=re.compile(rf"^{name} "))).to_be_visible()
    main.get_by_role("button", name="Centang semua yang tampil").click()
    expect(quote).to_contain_text(count_text(3, total_variables))
    expect(quote).to_contain_text(chosen_price)

    # Then he finds per-capita expenditure and ticks it: the codes he can no longer see stay chosen.
    search.fill("kapita")
    expect(boxes).to_have_count(1)
    kapita = variable_list.get_by_role("checkbox", name=re.compile(r"^KAPITA "))
    expect(kapita).not_to_be_checked()
    kapita.check()
    expect(quote).to_contain_text(count_text(4, total_variables))
    expect(quote).to_contain_text(chosen_price)
    expect(quote).to_contain_text("Ukuran berkas sekitar")

    # Clearing the search shows the whole list with exactly his four boxes ticked.
    search.fill("")
    expect(boxes).to_have_count(total_variables)
    for variable in variables:
        box = variable_list.get_by_role("checkbox", name=re.compile(rf"^{variable.name} "))
        if variable.name in CHOSEN:
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()

    page.get_by_label("CSV", exact=True).check()
    expect(quote).to_contain_text(count_text(4, total_variables))  # a new format keeps the choice
    main.get_by_role("button", name="Tambahkan ke pesanan").click()

    # --- 2. The order: the line with his four variables, the abstract, the medium.
    expect(page).to_have_url(re.compile(re.escape(base) + r"/permintaan/[^/]+/pesanan/$"))
    expect(page.get_by_role("heading", level=1, name="Pesanan Anda")).to_be_visible()
    expect(main).to_contain_text(f"{microdata.title} ditambahkan ke pesanan Anda.")
    line = main.locator("table.order-lines tbody tr")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("4 variabel dipilih")
    expect(line.locator("code")).to_have_text(CHOSEN)
    expect(line).to_contain_text("CSV")
    expect(line).to_contain_text(chosen_price)
    main.get_by_label(re.compile(r"^\s*Abstraksi penggunaan data")).fill(ABSTRACT)
    medium = main.get_by_label("Unduh lewat tautan pribadi")
    expect(medium).to_be_checked()  # the default
    main.get_by_role("button", name="Lanjut: periksa dan setujui SPPD").click()

    # --- 3. The check page: the SPPD, his agreement and his name.
    expect(page).to_have_url(re.compile(re.escape(base) + r"/permintaan/[^/]+/periksa/$"))
    expect(page.get_by_role("heading", level=1, name="Periksa pesanan dan setujui SPPD")).to_be_visible()
    expect(main).to_contain_text(ABSTRACT)
    expect(main).to_contain_text("Unduh lewat tautan pribadi")
    expect(main.locator("table.order-lines")).to_contain_text(chosen_price)
    assert_accessible(page, "the order check and SPPD page")
    main.get_by_label(re.compile(r"Saya telah membaca dan menyetujui Surat Perjanjian")).check()
    expect(main).to_contain_text(f"Anda menyetujui atas nama {BUYER_NAME}, nama akun Anda.")
    main.get_by_role("button", name="Setujui SPPD dan ajukan pesanan").click()

    expect(page).to_have_url(re.compile(re.escape(base) + r"/permintaan/[^/]+/terkirim/$"))
    expect(page.get_by_role("heading", level=1, name="Permintaan Anda terkirim")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(rf"{OFFICE}-\d{{2}}-[A-Z0-9]{{6}}", code), code
    request = Request.objects.get(code=code)
    assert request.visitor == buyer and request.status == Status.SUBMITTED
    request_url = base + request.get_absolute_url()
    staff_url = base + request.get_staff_url()

    page.goto(request_url)
    expect(main.locator(".request-summary .status-badge")).to_have_text("Diajukan")
    expect(main.locator("#pesanan")).to_contain_text(f"Disetujui oleh {BUYER_NAME}")

    # --- 4. Sari confirms the order and its price, then issues the billing code.
    officer_page = new_context().new_page()
    officer_page.set_default_timeout(10_000)
    officer_main = officer_page.get_by_role("main")
    sign_in(officer_page, base, OFFICER_EMAIL)
    officer_page.goto(staff_url)
    expect(officer_page.get_by_role("heading", level=1, name=re.compile(re.escape(code)))).to_be_visible()
    expect(officer_main).to_contain_text(ABSTRACT)
    expect(officer_main).to_contain_text(VALID_NPWP)
    order_steps = officer_main.get_by_role("region", name="Langkah pesanan")
    order_steps.get_by_role("button", name="Konfirmasi pesanan dan harga").click()
    expect(officer_page).to_have_url(staff_url + "#pesanan")
    expect(officer_main.locator(".request-summary .status-badge")).to_have_text("Sedang diproses")
    expect(officer_main.locator("table.order-lines tfoot")).to_contain_text("Total (ditetapkan)")
    expect(officer_main.locator("table.order-lines tfoot")).to_contain_text(chosen_price)
    assert_accessible(officer_page, "the officer's order page with the billing form")

    expiry = timezone.localdate(timezone=office.zone) + datetime.timedelta(days=3)
    order_steps.get_by_label(re.compile(r"^\s*Kode billing SIMPONI")).fill(BILLING_CODE)
    order_steps.get_by_label(re.compile(r"^\s*Berlaku sampai tanggal")).fill(expiry.isoformat())
    order_steps.get_by_label(re.compile(r"^\s*pukul")).fill("15:00")
    order_steps.get_by_role("button", name="Terbitkan kode billing").click()
    expect(officer_page).to_have_url(staff_url + "#pesanan")
    expect(officer_main.locator(".request-summary .status-badge")).to_have_text("Menunggu pembayaran")
    expect(officer_main.locator("#pesanan")).to_contain_text(BILLING_CODE)

    billing_mail = [m for m in mailoutbox if BUYER_EMAIL in m.to and BILLING_CODE in m.body]
    assert len(billing_mail) == 1, [(m.to, m.subject) for m in mailoutbox]

    # --- 5. Budi sees the billing code, pays and uploads the receipt.
    page.goto(request_url)
    expect(main.locator(".request-summary .status-badge")).to_have_text("Menunggu pembayaran")
    payment = main.get_by_role("region", name="Bayar pesanan")
    expect(payment).to_contain_text(BILLING_CODE)
    expect(payment).to_contain_text(chosen_price)
    with translation.override("id"):  # the expiry as Sari entered it, in the office's own time
        expiry_text = f"{date_format(expiry, 'j F Y')} 15.00 {office.zone_abbreviation}"
    expect(main.locator("#pesanan")).to_contain_text(f"berlaku sampai {expiry_text}")
    assert_accessible(page, "the buyer's request page with the payment form")
    payment.get_by_label(re.compile(r"^\s*Bukti pembayaran")).set_input_files(
        {"name": "bukti-setor.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    payment.get_by_label(re.compile(r"^\s*Keterangan")).fill(PAYMENT_NOTE)
    payment.get_by_role("button", name="Kirim bukti pembayaran").click()
    expect(page).to_have_url(request_url)
    expect(main).to_contain_text("Bukti pembayaran terkirim. Petugas akan memverifikasinya.")
    expect(main.get_by_role("region", name="Bayar pesanan")).to_have_count(0)
    expect(main.locator("#pesanan")).to_contain_text("menunggu verifikasi petugas")
    expect(main.locator("#pesanan").get_by_role("link", name="bukti-setor.pdf")).to_be_visible()

    # --- 6. Sari verifies the payment, attaches the file and delivers.
    officer_page.goto(staff_url)
    expect(order_steps).to_contain_text("bukti-setor.pdf")
    order_steps.get_by_role("button", name="Pembayaran sah").click()
    expect(officer_page).to_have_url(staff_url + "#pesanan")
    expect(officer_main.locator("#pesanan")).to_contain_text("diverifikasi")
    expect(order_steps.get_by_role("heading", name="Berkas untuk pembeli")).to_be_visible()
    file_label = re.compile(r"^Berkas yang disiapkan: " + re.escape(microdata.title))
    file_input = order_steps.get_by_label(file_label)
    file_input.set_input_files({"name": CSV_NAME, "mimeType": "text/csv", "buffer": CSV_BYTES})
    order_steps.get_by_role("button", name="Lampirkan").click()
    expect(officer_page).to_have_url(staff_url + "#pesanan")
    expect(order_steps.locator(".badge")).to_have_text("siap")
    expect(order_steps).to_contain_text(CSV_NAME)
    order_steps.get_by_role("button", name="Kirim tautan unduhan dan selesaikan pesanan").click()
    expect(officer_page).to_have_url(staff_url + "#pesanan")
    expect(officer_main.locator(".request-summary .status-badge")).to_have_text("Selesai")

    # --- 7. Budi's page shows the order done; he downloads his file.
    page.goto(request_url)
    expect(main.locator(".request-summary .status-badge")).to_have_text("Selesai")
    downloads = main.locator(".download-links")
    # Named after the product, the office and the order, not Sari's own file name.
    download_name = f"{MICRODATA}_bps-kabupaten-kotawaringin-timur_{code}.csv"
    expect(downloads).to_contain_text(download_name)
    with page.expect_download() as download_info:
        downloads.get_by_role("link", name=f"Unduh {microdata.title}").click()
    download = download_info.value
    assert download.suggested_filename == download_name
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == CSV_BYTES

    recorded = Download.objects.filter(link__line__order__request=request)
    assert recorded.count() == 1
    assert recorded.get().link.line.order.request.visitor == buyer
