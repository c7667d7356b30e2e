"""Charts drawn in a real browser under the production headers: the site's Content-Security-Policy
(style-src 'self') refuses inline `style` attributes, so a bar sized by one would be 0 px wide."""

from decimal import Decimal

import pytest

from careerguide.careers.models import EducationLevelShare
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory

pytestmark = pytest.mark.browser

SHARES = [(5, "Associate's Degree (or other 2-year degree)", "19.39"), (6, "Bachelor's Degree", "55.92")]


@pytest.fixture
def generated_career(transactional_db):
    occupation = OccupationFactory(soc_code="29-1141", typical_entry_education="Bachelor's degree")
    for category, label, percent in SHARES:
        EducationLevelShare.objects.create(
            occupation=occupation, category=category, label=label, percent=Decimal(percent)
        )
    return CareerFactory(occupation=occupation, overview="")


def test_education_bars_draw_under_the_csp_in_proportion_to_their_shares(
    live_server, generated_career, context
):
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )
    response = page.goto(f"{live_server.url}{generated_career.get_absolute_url()}")
    assert response.status == 200
    assert "style-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("main [style]").count() == 0

    rows = page.locator("#education .share-table tbody tr")
    assert rows.count() == 2
    measured = []
    for index in range(2):
        row = rows.nth(index)
        track = row.locator("svg.share-bar").bounding_box()
        bar = row.locator("svg.share-bar rect").bounding_box()
        measured.append((row.locator("td").inner_text().strip(), track["width"], bar["width"]))
    assert [text for text, _, _ in measured] == ["19.4%", "55.9%"]
    for (_, track, bar), (_, _, percent) in zip(measured, SHARES, strict=True):
        assert track > 0 and bar > 0
        assert bar / track == pytest.approx(float(percent) / 100, abs=0.01)
    assert violations == []
