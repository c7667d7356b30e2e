"""Printing (Chromium's own PDF) and the focus ring, in a real browser."""

import re

import pytest
from django.core.management import call_command

from schools.models import School

pytestmark = pytest.mark.browser

CAREER = "/careers/machine-learning-engineer/"
SCHOOL = "/schools/university-of-maryland-college-park/"


@pytest.fixture
def seeded(transactional_db):
    call_command("loaddata", "seed", verbosity=0)


def compare_path(count, extra=""):
    slugs = School.objects.order_by("name").values_list("slug", flat=True)[:count]
    return "/schools/compare/?" + "&".join(f"school={slug}" for slug in slugs) + extra


def pdf_pages(pdf):
    """The page boxes of a PDF Chromium wrote: (width, height) in points, one a page."""
    return [
        (float(width), float(height))
        for width, height in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    ]


@pytest.mark.parametrize("extra", ["", "&home_state=CA&income=30001"])
def test_a_comparison_of_four_schools_prints_on_one_landscape_page(live_server, seeded, browser, extra):
    page = browser.new_page()
    try:
        path = compare_path(4, extra)
        assert page.goto(f"{live_server.url}{path}").status == 200
        assert page.locator("table.compare thead .school-col").count() == 4
        pages = pdf_pages(page.pdf(prefer_css_page_size=True))
        assert len(pages) == 1, pages
        width, height = pages[0]
        assert width > height  # landscape, as the page's CSS asks
    finally:
        page.close()


@pytest.mark.parametrize("path", [CAREER, SCHOOL, "compare"])
def test_print_leaves_out_navigation_buttons_and_forms(live_server, seeded, browser, path):
    page = browser.new_page()
    try:
        page.goto(f"{live_server.url}{compare_path(3) if path == 'compare' else path}")
        on_screen = page.locator("header nav, button:visible, .button:visible, main form").count()
        assert on_screen > 0
        page.emulate_media(media="print")
        shown = page.evaluate(
            """() => [...document.querySelectorAll('.site-header, nav, button, .button, form')]
                .filter(el => el.getClientRects().length > 0)
                .map(el => el.tagName + '.' + el.className)"""
        )
        assert shown == []
        assert page.locator("h1").is_visible()
        # The figures stay, in black on white.
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    finally:
        page.close()


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour(css):
    return tuple(int(part) for part in re.findall(r"\d+", css)[:3])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_stands_out_at_least_three_to_one(live_server, seeded, browser, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the site's name, in the header
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # the search box, on the page
        rings = []
        for _ in range(3):
            rings.append(
                page.evaluate(
                    """() => { const el = document.activeElement;
                    let back = el.parentElement, bg = 'rgba(0, 0, 0, 0)';
                    while (back && (bg = getComputedStyle(back).backgroundColor) === 'rgba(0, 0, 0, 0)') back = back.parentElement;
                    const style = getComputedStyle(el);
                    return [el.tagName, style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor, bg]; }"""
                )
            )
            page.keyboard.press("Tab")
        for tag, style, width, ring, background in rings:
            assert style == "solid" and width >= 3, tag
            assert contrast(colour(ring), colour(background)) >= 3, (tag, ring, background)
        # In the header, whose colour is not the page's, the ring takes the header's text colour.
        page.goto(f"{live_server.url}/")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        tag, style, width, ring, background = page.evaluate(
            """() => { const el = document.activeElement; const style = getComputedStyle(el);
            return [el.className, style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor,
                    getComputedStyle(el.closest('header')).backgroundColor]; }"""
        )
        assert tag == "brand"
        assert contrast(colour(ring), colour(background)) >= 3, (ring, background)
    finally:
        context.close()
