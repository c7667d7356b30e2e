"""The editors' admin pages in real headless Chromium at 1,280 px: nothing scrolls sideways.

With --screenshots, the admin index (as an editor), the career form and the schools list land in
build/screenshots/admin-*.png.
"""

import pytest
from django.conf import settings

from careerguide.careers.models import Career
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.browser


# The page's own width, and that of any element that scrolls by itself (a changelist's table).
WIDTHS = """() => ({
    page: document.documentElement.scrollWidth,
    scrolled: [...document.querySelectorAll('.results, .tabular')]
        .filter(element => element.scrollWidth > element.clientWidth)
        .map(element => element.className + ' ' + element.scrollWidth),
})"""


@pytest.fixture
def editor_page(live_server, seed, editor, context, client):
    # The longest names and figures an editor meets in the real data.
    SchoolFactory(
        with_figures=True, name="Pennsylvania State University-Penn State Harrisburg Capital College Campus"
    )
    SchoolFactory(
        with_figures=True, name="ACUPUNCTURE AND MASSAGE SCHOOL OF ORIENTAL MEDICINE", tuition_in_state=63468
    )
    # Signed in as Django's test client signs in: these tests are about the pages, not the login form
    # (tests/test_security_browser.py signs in through the form).
    client.force_login(editor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return context.new_page()


def fits(page):
    widths = page.evaluate(WIDTHS)
    assert widths["page"] <= 1280, widths
    assert widths["scrolled"] == [], widths


def test_admin_index_fits_1280(editor_page, live_server, screenshot):
    editor_page.goto(f"{live_server.url}/admin/")
    assert editor_page.get_by_role("link", name="What needs work").is_visible()
    fits(editor_page)
    screenshot(editor_page, "admin-index-1280")


def test_career_form_fits_1280_with_every_section_open(editor_page, live_server, screenshot):
    career = Career.objects.get(slug="machine-learning-engineer")
    editor_page.goto(f"{live_server.url}/admin/careers/career/{career.pk}/change/")
    fits(editor_page)
    screenshot(editor_page, "admin-career-form-1280")
    # Sections open and close without JavaScript: they are <details> elements.
    best_schools = editor_page.locator("details.career-section", has_text="Best schools").first
    assert not best_schools.evaluate("element => element.open")
    best_schools.locator("summary").click()
    assert best_schools.evaluate("element => element.open")
    assert best_schools.get_by_text("University of Maryland-College Park").first.is_visible()
    # Django's inline script still adds rows inside a section.
    rows = best_schools.locator("tr.form-row.has_original")
    assert rows.count() == 6
    best_schools.get_by_text("Add another Best school").click()
    assert best_schools.locator("tr.form-row.dynamic-best_schools").count() == 7
    fits(editor_page)
    editor_page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    fits(editor_page)
    screenshot(editor_page, "admin-career-form-open-1280")


@pytest.mark.parametrize(
    "path", ["/admin/schools/school/", "/admin/schools/programoffering/", "/admin/careers/career/"]
)
def test_lists_fit_1280(editor_page, live_server, path, screenshot):
    editor_page.goto(f"{live_server.url}{path}")
    fits(editor_page)
    if path == "/admin/schools/school/":
        for header in ["city, state", "in-state", "enrollment", "pinned", "updated"]:
            assert editor_page.locator("#result_list thead th", has_text=header).first.is_visible()
        screenshot(editor_page, "admin-schools-list-1280")
