"""The careers explorer in headless Chromium: the filter form without JavaScript, a phone's width,
and no serious accessibility violations."""

import re
from decimal import Decimal

import pytest

from careerguide.careers.models import Career, Occupation

pytestmark = pytest.mark.browser


@pytest.fixture
def careers(transactional_db):
    levels = [
        ("Software Developers", 133080, "15.8", "Bachelor's degree"),
        ("Electricians", 62350, "9.5", "High school diploma or equivalent"),
        ("Nurse Practitioners", 129210, "40.1", "Master's degree"),
        ("Actors", None, "0.3", "Some college, no degree"),
    ]
    for n, (title, wage, growth, education) in enumerate(levels):
        occupation = Occupation.objects.create(
            code=f"29-{n:04d}.00",
            soc_code=f"29-{n:04d}",
            title=title,
            annual_median_wage=wage,
            employment_change_percent=Decimal(growth),
            annual_openings=Decimal("10.5"),
            typical_entry_education=education,
            job_zone=3,
        )
        Career.objects.create(title=title, slug=title.lower().replace(" ", "-"), occupation=occupation)


def card_titles(page):
    return page.locator(".career-card .card-title").all_inner_texts()


def test_filter_form_without_javascript_on_a_phone(live_server, careers, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/careers/")
        assert page.locator(".result-count").inner_text() == "4 careers"
        # Nothing wider than the phone: no sideways scroll.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.locator("#filters > summary").click()
        page.get_by_label("Bachelor's degree").check()
        page.get_by_label("Master's degree").check()
        page.locator("#id_sort").select_option("-wage")
        page.get_by_role("button", name="Show careers").click()
        # The new page, once loaded: the URL changes before its cards are parsed.
        page.wait_for_url(re.compile(r"education=bachelors&education=masters"))
        assert card_titles(page) == ["Software Developers", "Nurse Practitioners"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_accessibility_violations(live_server, careers, browser, width):
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python missing"
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = {}
    try:
        for path in (
            "/careers/",
            "/careers/?education=bachelors&sort=-wage",
            "/careers/?education=phd&wage_min=abc",
        ):
            assert page.goto(f"{live_server.url}{path}").status == 200
            violations = axe_module.Axe().run(page).response["violations"]
            found = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
            if found:
                problems[path] = found
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
    assert problems == {}
