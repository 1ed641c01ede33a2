# TEMPORARY: runs the journey with axe in report-only mode, to see every page's violations.
import tests.browser.test_visitor_journey as journey

def soft(page, where):
    page.add_script_tag(path=str(journey.AXE_JS))
    results = page.evaluate("axe.run()")
    print(f"\n=== axe on {where} ({page.url}) ===")
    print(journey.describe(results["violations"]) or "none")

journey.assert_accessible = soft
from tests.browser.test_visitor_journey import *  # noqa
