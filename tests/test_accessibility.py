"""No serious or critical axe-core violations on the pages students and parents use.

axe-core ships inside axe-playwright-python (no download); Debian's chromium renders the pages.
"""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/careers/",
    "/careers/machine-learning-engineer/",
    "/schools/",
    "/schools/?state=MD&sort=-graduation_rate&home_state=VA",
    "/schools/?tuition_in_max=abc&state=ZZ",
    "/schools/university-of-maryland-college-park/",
    "/schools/compare/?school=university-of-maryland-college-park&school=oregon-state-university"
    "&school=university-of-southern-california",
    "/resources/",
    "/search/?q=machine",
]


@pytest.fixture
def seeded(transactional_db):
    call_command("loaddata", "seed", verbosity=0)


def serious(violations):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_reports_a_real_violation(live_server, transactional_db, browser):
    """The check above can fail: a page with an unlabelled field is caught."""
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python missing"
    )
    page = browser.new_page()
    try:
        page.set_content("<html lang=en><title>t</title><main><input type=text></main></html>")
        assert "label" in {v["id"] for v in axe_module.Axe().run(page).response["violations"]}
    finally:
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_pages_have_no_serious_accessibility_violations(live_server, seeded, browser, width, scheme):
    """In both colour schemes (prefers-color-scheme): axe checks text contrast in each."""
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python missing"
    )
    axe = axe_module.Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    try:
        for path in PAGES:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            report = axe.run(page).response
            assert report["passes"], f"axe-core did not run on {path}"
            found = serious(report["violations"])
            if found:
                problems[path] = found
    finally:
        context.close()
    assert problems == {}
