"""The product catalogue and the PNBP tariff: prices by pages, by size and per map, the full set
against a subset of variables, several lines, the regulation in force on a date, Rp0 rules."""
import datetime
import re

import pytest

from services.catalogue.loader import load_products
from services.catalogue.models import Office
from services.product_sales import pricing
from services.product_sales.models import Product, ProductVariable, TariffRegulation

PP7_DAY = datetime.date(2020, 6, 1)  # PP 7/2015 in force
PP13_DAY = datetime.date(2026, 11, 23)  # PP 13/2024 in force


@pytest.fixture
def tariff(catalogue):
    load_products()


@pytest.fixture
def big_microdata(tariff):
    """100,000 records × 10 numeric variables of 8 bytes: 8,000,000 bytes in full."""
    product = Product.objects.create(
        office=Office.objects.get(code="6302"), kind=Product.Kind.MICRODATA, slug="uji-besar",
        title="Data mikro uji", year=2024, formats="CSV", records=100_000,
    )
    ProductVariable.objects.bulk_create(
        ProductVariable(product=product, order=n, name=f"V{n}", label=f"Variabel {n}", width_bytes=8)
        for n in range(1, 11)
    )
    return product


def product(slug):
    return Product.objects.get(slug=slug)


def test_money_is_written_the_indonesian_way():
    assert pricing.rupiah(1250000) == "Rp1.250.000"
    assert pricing.rupiah(0) == "Rp0"
    assert pricing.rupiah(25_000) == "Rp25.000"


@pytest.mark.parametrize("pages, price", [(1, 50_000), (50, 50_000), (51, 65_000), (100, 65_000),
                                          (101, 80_000), (412, 170_000)])
def test_a_publication_costs_a_first_block_of_pages_and_each_further_block(tariff, pages, price):
    publication = product("kotawaringin-timur-dalam-angka-2025")
    publication.pages = pages
    assert pricing.quote_line(publication, on=PP13_DAY).amount == price


def test_microdata_costs_by_the_size_of_the_full_set_or_of_the_chosen_variables(big_microdata):
    full = pricing.quote_line(big_microdata, on=PP13_DAY)
    assert (full.quantity, full.unit) == (8_000_000, "bita")
    assert full.amount == 25_000 + 7_000 * 25  # first 1 MB, then Rp25 per further 1,000 bytes
    two = list(big_microdata.variables.order_by("order")[:2])
    subset = pricing.quote_line(big_microdata, two, on=PP13_DAY)
    assert (subset.quantity, subset.amount) == (1_600_000, 25_000 + 600 * 25)
    small = pricing.quote_line(big_microdata, two[:1], on=PP13_DAY)
    assert (small.quantity, small.amount) == (800_000, 25_000)  # within the first megabyte


def test_a_part_of_a_block_costs_a_whole_block(big_microdata):
    big_microdata.records = 125_001  # 1,000,008 bytes for one variable: 8 bytes over the first MB
    one = list(big_microdata.variables.order_by("order")[:1])
    assert pricing.quote_line(big_microdata, one, on=PP13_DAY).amount == 25_000 + 25


def test_a_map_costs_a_price_per_map_by_its_level(tariff):
    assert pricing.quote_line(product("wilkerstat-kotim-kecamatan"), on=PP13_DAY).amount == 35_000
    assert pricing.quote_line(product("wilkerstat-kotabaru-desa"), on=PP13_DAY).amount == 80_000


def test_an_order_of_several_lines_is_priced_by_one_regulation(tariff, big_microdata):
    lines = [(product("kotabaru-dalam-angka-2025"), None), (product("wilkerstat-kotabaru-desa"), None),
             (big_microdata, list(big_microdata.variables.order_by("order")[:2]))]
    quote = pricing.quote(lines, on=PP13_DAY)
    assert [line.amount for line in quote.lines] == [155_000, 80_000, 40_000]
    assert (quote.total, quote.total_display) == (275_000, "Rp275.000")
    assert quote.regulation.name.startswith("PP 13/2024")


def test_the_regulation_in_force_on_the_day_decides_the_price(tariff):
    survey_map = product("wilkerstat-kotabaru-desa")
    assert pricing.regulation_in_force(PP7_DAY).name.startswith("PP 7/2015")
    assert pricing.quote_line(survey_map, on=PP7_DAY).amount == 70_000
    assert pricing.quote_line(survey_map, on=PP13_DAY).amount == 80_000
    assert pricing.quote_line(survey_map, on=datetime.date(2024, 3, 31)).amount == 70_000  # day before
    with pytest.raises(pricing.PricingError):
        pricing.regulation_in_force(datetime.date(2010, 1, 1))


def test_a_new_regulation_is_new_rows_and_changes_no_earlier_price(tariff):
    TariffRegulation.objects.create(name="Peraturan uji 2027", effective_from=datetime.date(2027, 1, 1))
    survey_map = product("wilkerstat-kotabaru-desa")
    assert pricing.quote_line(survey_map, on=PP13_DAY).amount == 80_000
    with pytest.raises(pricing.PricingError, match="no rate"):
        pricing.quote_line(survey_map, on=datetime.date(2027, 2, 1))  # its rates are not entered yet


def test_a_variable_of_another_product_cannot_be_priced(big_microdata):
    other = Product.objects.get(slug="sakernas-agustus-2024-kotabaru").variables.first()
    with pytest.raises(pricing.PricingError):
        pricing.quote_line(big_microdata, [other], on=PP13_DAY)


def test_rp0_rules_follow_the_regulation_and_the_segment(tariff):
    assert [r.segment for r in pricing.zero_tariff_rules("academic", on=PP13_DAY)] == ["academic"]
    assert pricing.zero_tariff_rules("private", on=PP13_DAY) == []
    assert pricing.zero_tariff_rules("international", on=PP7_DAY)
    assert pricing.zero_tariff_rules("international", on=PP13_DAY) == []


def test_loading_the_products_twice_creates_them_once(tariff):
    assert load_products() == (0, 0)
    assert Product.objects.count() == 10 and TariffRegulation.objects.count() == 2


def listed(client, url):
    """The product list of a catalogue page (not its filters)."""
    page = client.get(url).content.decode()
    start = page.index('class="list-unstyled product-list"')
    return page[start:page.index("</ul>", start)]


def test_the_catalogue_finds_products_by_title_survey_and_variable(client, tariff):
    page = listed(client, "/layanan/produk/?q=umur")  # a variable label
    assert "Sakernas Agustus 2024" in page and "Susenas Maret 2024" in page
    assert "Dalam Angka" not in page
    maps = listed(client, "/layanan/produk/?jenis=map")
    assert "Peta WilKerStat Kabupaten Kotabaru" in maps and "Sakernas" not in maps
    kotabaru = listed(client, "/layanan/produk/?kantor=6302")
    assert "Kabupaten Kotabaru Dalam Angka 2025" in kotabaru and "Kotawaringin" not in kotabaru


def test_the_catalogue_runs_a_fixed_number_of_queries(client, tariff, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/layanan/produk/?q=Susenas").status_code == 200


def test_a_product_page_says_what_the_buyer_receives_and_its_price(client, tariff):
    page = client.get("/layanan/produk/6500/susenas-maret-2024-kor-individu-kaltara/").content.decode()
    assert "21460 record, 15 variabel" in page
    assert "<code>KAPITA</code>" in page and "Penimbang individu" in page
    assert "Rp64.400" in page and "PP 13/2024" in page  # 21,460 × 120 bytes under PP 13/2024
    assert client.get("/layanan/produk/6302/susenas-maret-2024-kor-individu-kaltara/").status_code == 404


def test_a_product_no_longer_sold_is_not_shown(client, tariff):
    Product.objects.filter(slug="kotabaru-dalam-angka-2025").update(is_active=False)
    assert client.get("/layanan/produk/6302/kotabaru-dalam-angka-2025/").status_code == 404
    assert "Kotabaru Dalam Angka" not in listed(client, "/layanan/produk/")


# ---------------------------------------------------------------- who sells online (issue 14, item 1)


def sidebar(page):
    """The product page's price and ordering card."""
    start = page.index('<aside class="card">')
    return page[start:page.index("</aside>", start)]


def test_only_an_office_selling_online_offers_pesan_and_every_link_of_the_page_exists(client, tariff):
    from services.catalogue.selectors import product_sales

    offered = {}
    for item in Product.objects.available().select_related("office"):
        card = sidebar(client.get(item.get_absolute_url()).content.decode())
        offered[item.office.code] = f"/pesan/{item.office.code}/" in card
        for href in re.findall(r'href="(/[^"]*)"', card):
            assert client.get(href.replace("&amp;", "&")).status_code != 404, (item.slug, href)
        assert offered[item.office.code] is product_sales(item.office).online
    assert offered == {"6202": True, "6302": False, "6371": False, "6500": False}


def test_a_walk_in_office_gives_its_desk_address_and_hours(client, tariff):
    card = sidebar(client.get("/layanan/produk/6302/kotabaru-dalam-angka-2025/").content.decode())
    assert "meja layanan PST" in card and "Jalan Jamrud" in card
    assert "Senin 08.00–15.30 WITA" in card
    assert 'href="/layanan/6302/penjualan-produk/"' in card  # its walk-in standard exists


def test_an_office_without_a_sales_standard_points_to_the_office_that_sells_online(client, tariff):
    page = client.get("/layanan/produk/6500/susenas-maret-2024-kor-individu-kaltara/")
    card = sidebar(page.content.decode())
    assert "belum menerbitkan standar pelayanan penjualan produk" in card
    assert "/layanan/6500/penjualan-produk/" not in card
    assert "05522033254" in card and 'href="/layanan/produk/?kantor=6202"' in card


def test_ordering_where_nothing_is_sold_online_lands_on_the_product_page(client, tariff):
    from tests.factories import ProfiledVisitorFactory

    client.force_login(ProfiledVisitorFactory())
    for url in (
        "/pesan/6500/susenas-maret-2024-kor-individu-kaltara/",
        "/pesan/6371/kota-banjarmasin-dalam-angka-2025/",
        "/pesan/6302/kotabaru-dalam-angka-2025/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response.redirect_chain[-1][0] == url.replace("/pesan/", "/layanan/produk/")


def test_the_demo_sells_online_a_microdata_set_whose_price_depends_on_the_variables(tariff):
    from services.catalogue.selectors import product_sales

    varying = []
    for item in Product.objects.available().filter(kind=Product.Kind.MICRODATA).select_related("office"):
        one = list(item.variables.order_by("order")[:1])
        if product_sales(item.office).online and (
            pricing.quote_line(item, one).amount < pricing.quote_line(item).amount
        ):
            varying.append(item.slug)
    assert varying == ["st2023-rumah-tangga-pertanian-kotim"]
