"""Key student flows in real headless Chromium (Debian's `chromium`, driven by Playwright).

With --screenshots, the finder and the comparison at 1280 and 375 px land in build/screenshots/.
"""

import re
from decimal import Decimal

import pytest

from schools.models import School
from schools.tests.factories import ProgramOfferingFactory, SchoolFactory

pytestmark = pytest.mark.browser

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
        SchoolFactory(
            name=name,
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


def shoot(page, screenshot, name, viewport):
    page.set_viewport_size(viewport)
    screenshot(page, f"{name}-{viewport['width']}")


def test_filter_sort_shortlist_and_compare(live_server, schools, context, screenshot):
    page = context.new_page()
    page.goto(f"{live_server.url}/schools/")
    assert page.locator(".result-count").inner_text() == "7 schools match"

    # Filter by state and tuition.
    page.get_by_label("Maryland", exact=True).check()
    page.get_by_label("Virginia", exact=True).check()
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
    shoot(page, screenshot, "finder", DESKTOP)

    # Add the top three to the shortlist, in place.
    for name in ("Potomac College", "Chesapeake University", "Blue Ridge Institute"):
        row = page.locator(".results tbody tr", has_text=name)
        row.locator("button[name=add]").click()
        row.locator("button[name=remove]").wait_for()
    assert page.locator("[data-tray-count]").inner_text() == "3"

    shoot(page, screenshot, "finder", PHONE)
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
    shoot(page, screenshot, "compare", DESKTOP)

    # On a wide screen the table scrolls sideways inside its frame, the figure names stay in view.
    page.set_viewport_size({"width": 700, "height": 900})
    scroller = page.locator(".compare-scroll")
    if scroller.evaluate("el => el.scrollWidth > el.clientWidth"):
        scroller.evaluate("el => el.scrollLeft = 200")
        box = page.locator("table.compare tbody th.metric-col").first.bounding_box()
        assert abs(box["x"] - scroller.bounding_box()["x"]) < 2

    # On a phone every value sits beside its school's name, and nothing scrolls sideways.
    shoot(page, screenshot, "compare", PHONE)
    graduation = page.locator("table.compare tbody tr", has_text="Graduation rate")
    cells = graduation.locator("td")
    for index, name in enumerate(["Potomac College", "Chesapeake University", "Blue Ridge Institute"]):
        school = cells.nth(index).locator(".cell-school")
        value = cells.nth(index).locator(".cell-value")
        assert school.is_visible() and school.inner_text() == name
        assert abs(school.bounding_box()["y"] - value.bounding_box()["y"]) < 12  # side by side
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
        page.locator(".results tbody tr", has_text="Lone Star University").locator("button[name=add]").click()
        page.wait_for_url(re.compile(r"/schools/\?state=TX$"))
        assert "Added Lone Star University to your shortlist (1 of 10)." in page.inner_text(".messages")
        assert page.locator("[data-tray-count]").inner_text() == "1"
        # The row's button, pointing at the page's one form, now removes it; back to the same page.
        page.locator(".results tbody tr", has_text="Lone Star University").locator(
            "button[name=remove]"
        ).click()
        page.wait_for_url(re.compile(r"/schools/\?state=TX$"))
        assert "Removed Lone Star University from your shortlist." in page.inner_text(".messages")
        assert page.locator("[data-tray-count]").inner_text() == "0"
        # The filters are a plain <details>: collapsed on a phone, opened by a tap.
        assert not page.locator("#id_state").is_visible()
        page.click("#filters > summary")
        assert page.locator("#id_state").is_visible()
    finally:
        context.close()


def visit(page, url):
    """Go to `url`; return the list that records every later navigation of the main frame."""
    page.goto(url)
    navigations = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and navigations.append(frame.url))
    return navigations


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_adding_the_third_result_stays_put(live_server, schools, browser, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        url = f"{live_server.url}/schools/?sort=-graduation_rate"
        navigations = visit(page, url)
        third = page.locator(".results tbody tr").nth(2)
        assert third.locator("th.col-name a").inner_text() == "Potomac College"
        third.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 40)")
        before = page.evaluate("window.scrollY")
        assert before > 0
        third.locator("button[name=add]").click()
        third.locator("button[name=remove]").wait_for()
        assert page.locator("[data-tray-count]").inner_text() == "1"
        assert page.locator("[data-tray-compare]").inner_text() == "Compare 1 school"
        assert page.locator("[data-tray-compare]").is_visible()
        assert page.evaluate("window.scrollY") == before
        assert page.url == url and navigations == []
        # The button the template supplied names the school for screen readers.
        assert " ".join(third.locator("button[name=remove]").inner_text().split()) == (
            "✓ Remove Potomac College from your shortlist"
        )
        # And back: removing restores the add button, still without a page load.
        third.locator("button[name=remove]").click()
        third.locator("button[name=add]").wait_for()
        assert page.locator("[data-tray-count]").inner_text() == "0"
        assert not page.locator("[data-tray-compare]").is_visible()
        assert page.evaluate("window.scrollY") == before and navigations == []
        # The shortlist is a cookie, not a session.
        names = {cookie["name"] for cookie in context.cookies()}
        assert "sessionid" not in names
    finally:
        context.close()


def ten_schools(schools):
    for n in range(3):
        SchoolFactory(name=f"Extra College {n}", slug=f"extra-college-{n}", tuition_in_state=5000 + n)
    return [school.slug for school in School.objects.order_by("name")][:10]


def test_no_sideways_scroll_on_a_phone(live_server, schools, browser, screenshot):
    slugs = ten_schools(schools)
    school = School.objects.get(slug="chesapeake-university")
    for n in range(40):
        ProgramOfferingFactory(
            school=school, field__code=f"{11 + n % 30:02d}.{1 + n // 30:02d}", graduates=100 + n
        )
    ProgramOfferingFactory(school=school, field__code="11.0701")
    compare = "/schools/compare/?" + "&".join(f"school={slug}" for slug in slugs) + "&home_state=MD"
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        for name, path in [
            ("finder-phone", "/schools/?home_state=MD&sort=-graduation_rate"),
            ("compare-10-phone", compare),
            ("school-phone", "/schools/chesapeake-university/"),
        ]:
            page.goto(f"{live_server.url}{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
            screenshot(page, f"{name}-375")
        # The finder's results are cards: no table header, the figures it is sorted by labelled.
        page.goto(f"{live_server.url}/schools/?home_state=MD&sort=-graduation_rate")
        assert not page.locator(".results thead").is_visible()
        card = page.locator(".results tbody tr").first
        featured = card.locator("td.featured")
        assert [
            cell.evaluate("el => getComputedStyle(el, '::before').content") for cell in featured.all()
        ] == [
            '"Your tuition"',
            '"Graduation rate"',
        ]
        assert card.locator("td:not(.featured)").first.is_hidden()
        # Every button is at least 44 px tall.
        heights = page.locator("button:visible, .button:visible").evaluate_all(
            "els => els.map(el => el.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 44
    finally:
        context.close()


def test_copy_link_beside_the_shared_comparison(live_server, schools, browser):
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/schools/compare/?school=lone-star-university&school=pricey-academy")
        link = page.locator("#share-url").input_value()
        assert link == f"{live_server.url}/schools/compare/?school=lone-star-university&school=pricey-academy"
        page.click("button[data-copy-link]")
        # A selector, not wait_for_function: its later polls eval the predicate in the page, which
        # the page's CSP (no 'unsafe-eval') refuses whenever the first poll comes too early.
        page.wait_for_selector("[data-share-status]:not(:empty)")
        assert page.locator("[data-share-status]").inner_text() == "Link copied."
        assert page.evaluate("navigator.clipboard.readText()") == link
    finally:
        context.close()
    # Without JavaScript there is nothing to click that would not work: the buttons stay hidden.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/schools/compare/?school=lone-star-university")
        assert page.locator("#share-url").is_visible()
        assert not page.locator("button[data-copy-link]").is_visible()
    finally:
        context.close()


def test_the_filter_form_sends_only_what_was_chosen(live_server, schools, context, browser):
    """With the script, the address holds the choices and nothing else (no empty boxes, no usual
    order, page size or distance); without it, the same form lands on the same results."""
    page = context.new_page()
    page.goto(f"{live_server.url}/schools/")
    page.fill("#id_q", "college")
    page.get_by_label("Maryland", exact=True).check()
    page.get_by_label("Virginia", exact=True).check()
    with page.expect_navigation():
        page.click(".filter-form button[type=submit]")
    assert page.url == f"{live_server.url}/schools/?q=college&state=MD&state=VA"
    with_script = result_names(page)
    assert sorted(with_script) == ["Old Line College", "Potomac College"]
    assert page.locator("#id_sort").input_value() == ""
    assert "Sorted with the best match for your words first" in page.locator(".sort-note").inner_text()

    without = browser.new_context(java_script_enabled=False)
    plain = without.new_page()
    plain.goto(f"{live_server.url}/schools/")
    plain.fill("#id_q", "college")
    plain.get_by_label("Maryland", exact=True).check()
    plain.get_by_label("Virginia", exact=True).check()
    with plain.expect_navigation():
        plain.click(".filter-form button[type=submit]")
    assert "q=college" in plain.url and "sort=&" in plain.url  # every field, the empty ones too
    assert result_names(plain) == with_script
    assert plain.locator(".notice-error, .field-error").count() == 0
    without.close()
