"""The finder's and the explorer's layouts in a real browser: every column of the finder's results in
view at 1,280 and 1,440 px, nothing inside `main` past a 375 px phone, the state filter used
without modifier keys."""

import re
from decimal import Decimal

import pytest

from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from schools.tests.factories import ProgramOfferingFactory, SchoolFactory
from schools.vocabulary import SchoolType

pytestmark = pytest.mark.browser

# Every column the finder can show: your tuition (home state), the net price at an income, the
# distance (ZIP code), a program's matches, and a sort.
EVERY_COLUMN = (
    "/schools/?home_state=VA&income=30001&near=21201&within=500&program=11.0701&sort=-graduation_rate"
)
NO_HOME_STATE = "/schools/?program=11.0701"


@pytest.fixture
def schools(transactional_db, zip_codes):
    long_names = [
        "Pennsylvania State University-Penn State Great Valley School of Graduate Professional Studies",
        "University of Maryland Global Campus-Adelphi",
        "Saint Mary-of-the-Woods College",
    ]
    for n, name in enumerate(long_names):
        school = SchoolFactory(
            name=name,
            city="Philadelphia",
            state="PA",
            control=SchoolType.NONPROFIT if n else SchoolType.PUBLIC,
            tuition_in_state=66104 + n,
            tuition_out_of_state=66104 + n,
            admission_rate=Decimal("5.90"),
            graduation_rate=Decimal("96.00") if n else None,  # one "Not reported"
            enrollment=28711,
            median_earnings=111371,
            net_price=24000,
            net_price_income_2=4759,
            cost_of_attendance=85738,
            latitude=Decimal("39.9522"),
            longitude=Decimal("-75.1932"),
        )
        ProgramOfferingFactory(
            school=school, field__code="11.0701", field__title="Computer Science", graduates=108
        )


@pytest.fixture
def careers(transactional_db):
    for n in range(3):
        CareerFactory(
            title=f"Supply Chain Managers and Logisticians of Very Long Occupation Titles {n}",
            occupation=OccupationFactory(
                typical_entry_education="Bachelor's degree", annual_median_wage=102010
            ),
        )


def overflow_right(page, selector, width):
    """Elements inside `selector` whose box, or whose text, ends past `width` px."""
    return page.evaluate(
        """([selector, width]) => [...document.querySelectorAll(selector + ' *')]
            .filter(el => el.getClientRects().length && !el.closest('.visually-hidden'))
            .filter(el => el.getBoundingClientRect().right > width + 0.5
                || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'))
            .map(el => el.tagName + '.' + el.className)""",
        [selector, width],
    )


@pytest.mark.parametrize("width", [1280, 1440])
def test_every_finder_column_in_view_without_sideways_scrolling(live_server, schools, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{EVERY_COLUMN}")
        headings = page.locator(".results thead th").all_inner_texts()
        assert headings[0].startswith("School") and headings[1].startswith("Your tuition")
        assert any(heading.startswith("Distance") for heading in headings)
        assert any("Net price" in heading for heading in headings)
        assert page.locator(".results tbody tr:not(.matched-row)").count() == 3
        scroll = page.locator(".results-scroll")
        scroll_width, client_width = scroll.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert scroll_width <= client_width, (scroll_width, client_width)
        last = page.locator(".results thead th").last.bounding_box()
        box = scroll.bounding_box()
        assert last["x"] + last["width"] <= box["x"] + box["width"] + 0.5
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


@pytest.mark.parametrize("path", [NO_HOME_STATE, EVERY_COLUMN, "/careers/", "/careers/?sort=-wage"])
def test_nothing_inside_main_extends_past_a_phone(live_server, schools, careers, browser, path):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{path}")
        assert overflow_right(page, "main", 375) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        if path.startswith("/schools/"):
            # The programs matched at a school are inside its card, full width.
            card = page.locator(".results tbody tr:not(.matched-row)").first.bounding_box()
            programs = page.locator(".results tbody tr.matched-row").first.bounding_box()
            assert programs["width"] == pytest.approx(card["width"], abs=1)
            assert programs["y"] == pytest.approx(card["y"] + card["height"], abs=1)
            assert (
                "Bachelor's in Computer Science (11.0701)"
                in page.locator(".matched-programs").first.inner_text()
            )
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("width", [375, 1280])
def test_states_chosen_with_plain_clicks(live_server, browser, transactional_db, width, javascript):
    for name, state in [("Old Line College", "MD"), ("Potomac College", "VA"), ("Lone Star College", "TX")]:
        SchoolFactory(name=name, state=state)
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/schools/")
        if width < 600:
            page.click("#filters > summary")
        words = page.get_by_placeholder("Find a state")
        if javascript:
            words.fill("virg")
            visible = page.locator("#state-options label:visible").all_inner_texts()
            assert sorted(text.strip() for text in visible) == [
                "U.S. Virgin Islands",
                "Virginia",
                "West Virginia",
            ]
            page.get_by_label("Virginia", exact=True).click()
            words.fill("mary")
            page.get_by_label("Maryland", exact=True).click()
            words.fill("")
        else:
            assert not words.is_visible()  # narrowing needs the script; the ticks do not
            page.get_by_label("Virginia", exact=True).click()
            page.get_by_label("Maryland", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("button", name="Show schools").click()
        assert re.search(r"state=MD&state=VA", page.url)
        names = page.locator(".results tbody th.col-name a").all_inner_texts()
        assert sorted(names) == ["Old Line College", "Potomac College"]
        assert page.get_by_label("Maryland", exact=True).is_checked()
    finally:
        context.close()
