"""Key student flows in real headless Chromium (Debian's `chromium`, driven by Playwright).

Screenshots of the finder and the comparison at 1280 and 375 px land in build/screenshots/.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from schools.models import School
from tests import school_factories as make

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def schools(transactional_db):
    rows = [
        # name, state, in-state tuition, graduation rate
        ("Chesapeake University", "MD", 9695, "89.00"),
        ("Potomac College", "VA", 12000, "93.50"),
        ("Blue Ridge Institute", "VA", 8000, "71.00"),
        ("Severn State University", "MD", 11000, None),
        ("Old Line College", "MD", 18000, "64.20"),
        ("Pricey Academy", "MD", 45000, "97.00"),
        ("Lone Star University", "TX", 7000, "99.00"),
    ]
    for name, state, tuition, graduation in rows:
        make.school(
            name,
            slug=name.lower().replace(" ", "-"),
            state=state,
            city="Annapolis" if state == "MD" else "Richmond" if state == "VA" else "Austin",
            tuition_in_state=tuition,
            tuition_out_of_state=tuition * 3,
            admission_rate=Decimal("55.00"),
            graduation_rate=Decimal(graduation) if graduation else None,
            enrollment=10000 + tuition,
        )
    return School.objects.all()


def squash(texts):
    return [" ".join(text.split()) for text in texts]


def result_names(page):
    return page.locator(".results tbody th.col-name a").all_inner_texts()


def shoot(page, name, viewport):
    page.set_viewport_size(viewport)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport['width']}.png"), full_page=True)


def test_filter_sort_shortlist_and_compare(live_server, schools, context):
    page = context.new_page()
    page.goto(f"{live_server.url}/schools/")
    assert page.locator(".result-count").inner_text() == "7 schools match"

    # Filter by state and tuition.
    page.select_option("#id_state", ["MD", "VA"])
    page.fill("#id_tuition_in_max", "20000")
    page.click("text=Show schools")
    page.wait_for_url(re.compile(r"state=MD&state=VA.*tuition_in_max=20000"))
    assert page.locator(".result-count").inner_text() == "5 schools match"

    # Sort by graduation rate: the column heading sorts high to low first; unknown last.
    page.click(".results thead >> text=Graduation rate")
    page.wait_for_url(re.compile(r"sort=-graduation_rate"))
    assert result_names(page) == [
        "Potomac College",
        "Chesapeake University",
        "Blue Ridge Institute",
        "Old Line College",
        "Severn State University",
    ]
    assert page.locator('.results th[aria-sort="descending"]').inner_text().startswith("Graduation rate")
    assert squash(page.locator(".chip").all_inner_texts()) == [
        "State: Maryland × (remove this filter)",
        "State: Virginia × (remove this filter)",
        "In-state tuition ≤ $20,000 × (remove this filter)",
    ]
    shoot(page, "finder", DESKTOP)

    # Add the top three to the shortlist.
    for name in ("Potomac College", "Chesapeake University", "Blue Ridge Institute"):
        row = page.locator(".results tbody tr", has_text=name)
        row.locator("button[value=add]").click()
        row.locator("button[value=remove]").wait_for()
    assert page.locator("[data-tray-count]").inner_text() == "3"

    shoot(page, "finder", PHONE)
    page.set_viewport_size(DESKTOP)

    # Open the comparison from the tray.
    page.click("[data-tray-compare]")
    page.wait_for_url(re.compile(r"/schools/compare/\?school=potomac-college&school=chesapeake-university"))
    headers = page.locator("table.compare thead th.school-col > a").all_inner_texts()
    assert headers == ["Potomac College", "Chesapeake University", "Blue Ridge Institute"]
    assert page.locator("svg.bar-chart").count() == 5
    assert page.locator("svg.bar-chart rect.chart-bar").count() == 15
    assert page.locator("#chart-tuition-in-title + svg text.chart-value").all_text_contents() == [
        "$12,000",
        "$9,695",
        "$8,000",
    ]
    assert "This is a shared comparison" not in page.content()
    best = page.locator("table.compare tr", has_text="Graduation rate").locator("td.best")
    assert squash([best.inner_text()]) == ["93.5% ★ Best : highest graduation rate"]
    shoot(page, "compare", DESKTOP)
    shoot(page, "compare", PHONE)

    # On a phone the comparison scrolls sideways and the metric names stay in view.
    scroller = page.locator(".compare-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    scroller.evaluate("el => el.scrollLeft = 200")
    metric_cell = page.locator("table.compare tbody th.metric-col").first
    box = metric_cell.bounding_box()
    frame = scroller.bounding_box()
    assert abs(box["x"] - frame["x"]) < 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_shared_comparison_link(live_server, schools, context):
    link = (
        f"{live_server.url}/schools/compare/?school=lone-star-university&school=pricey-academy&home_state=TX"
    )
    page = context.new_page()
    page.goto(link)
    assert page.locator("table.compare thead th.school-col > a").all_inner_texts() == [
        "Lone Star University",
        "Pricey Academy",
    ]
    notice = page.locator(".notice-shared")
    assert "This is a shared comparison." in notice.inner_text()
    assert "Your shortlist is empty." in notice.inner_text()
    your_tuition = page.locator("table.compare tr", has_text="Your tuition").locator("td").all_inner_texts()
    assert squash(your_tuition) == ["$7,000 ★ Best : lowest cost for you", "$135,000"]

    notice.locator("button", has_text="Save these 2 schools as my shortlist").click()
    page.wait_for_load_state()
    assert "Your shortlist now holds the 2 schools of this comparison." in page.inner_text(".messages")
    assert page.locator(".notice-shared").count() == 0
    assert page.locator("[data-tray-count]").inner_text() == "2"


def test_shortlist_works_without_javascript(live_server, schools, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/schools/?state=TX")
        page.locator(".results tbody tr", has_text="Lone Star University").locator(
            "button[value=add]"
        ).click()
        page.wait_for_url(re.compile(r"/schools/\?state=TX$"))
        assert "Added Lone Star University to your shortlist (1 of 10)." in page.inner_text(".messages")
        assert page.locator("[data-tray-count]").inner_text() == "1"
        # The filters are a plain <details>: collapsed on a phone, opened by a tap.
        assert not page.locator("#id_state").is_visible()
        page.click("#filters > summary")
        assert page.locator("#id_state").is_visible()
    finally:
        context.close()
