"""The variable picker on a 360 px phone (issue 14, item 20): each checkbox sits on the first line of
its own label, and the live price stays in view while the buyer goes down the list and ticks boxes."""
import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Segment
from services.catalogue.loader import load_products
from tests.browser.test_request_journey import sign_in
from tests.factories import ProfiledVisitorFactory

OFFICE = "6202"
MICRODATA = "st2023-rumah-tangga-pertanian-kotim"  # the set whose price follows the variables chosen


def in_view(page, locator):
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 360, "height": 740})
def test_the_variable_list_is_even_and_the_price_stays_in_view_at_360px(
    transactional_db, live_server, catalogue, page: Page
):
    load_products()
    ProfiledVisitorFactory(email="budi.hp@contoh.id", segment=Segment.ACADEMIC, institution="Universitas X")
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "budi.hp@contoh.id")
    page.goto(f"{live_server.url}/pesan/{OFFICE}/{MICRODATA}/")
    assert page.viewport_size["width"] == 360
    quote = page.locator("#line-quote")
    # On a phone the price card sits below the list; the bar under the list keeps the price in view.
    price = page.locator("#line-quote-bar .line-price")
    expect(price).to_have_text(re.compile(r"^Rp"))

    # Every checkbox is on the first line of its label, to the label's left.
    items = page.locator("#variable-list .form-check")
    assert items.count() == 12
    for n in range(items.count()):
        item = items.nth(n)
        box = item.locator("input[type=checkbox]").bounding_box()
        label = item.locator("label").bounding_box()
        line = float(item.locator("label").evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert box["x"] + box["width"] <= label["x"] + 1, f"variable {n + 1}: the box is not left of it"
        assert abs((box["y"] + box["height"] / 2) - (label["y"] + line / 2)) < line / 2, (
            f"variable {n + 1}: the box is not on its label's first line"
        )

    # Going down to the last variable and unticking boxes, the price stays on screen and follows.
    full = price.inner_text()
    boxes = page.locator("#variable-list input[type=checkbox]")
    for n in (11, 10, 9, 8, 7, 6):
        boxes.nth(n).scroll_into_view_if_needed()
        boxes.nth(n).uncheck()
        expect(quote).to_contain_text(f"{n} dari 12 variabel dipilih")
        expect(page.locator("#line-quote-bar")).to_contain_text(f"{n} dari 12 variabel")
        assert in_view(page, price), f"the price is off screen after unticking variable {n + 1}"
        assert in_view(page, boxes.nth(n)), "the price covers the box just unticked"
    assert price.inner_text() != full
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the order page scrolls sideways at 360 px: it is {width} px wide"
