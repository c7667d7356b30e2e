"""The finder's result rows as a phone reads them (cards): which figures each card features, the
school's kind, small-group notes, and the count with a thousands separator."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest

from schools.models import School
from schools.tests.factories import SchoolFactory
from schools.vocabulary import PredominantDegree

pytestmark = pytest.mark.django_db


class Cells(HTMLParser):
    """Each result row's <td>s as (classes, data-label, text)."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag == "td" and self.in_body:
            self.cell = [attrs.get("class", ""), attrs.get("data-label"), ""]

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append((self.cell[0], self.cell[1], " ".join(self.cell[2].split())))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[2] += " " + data


def cells(client, query):
    response = client.get(f"/schools/?{query}")
    assert response.status_code == 200
    parser = Cells()
    parser.feed(response.content.decode())
    return parser.rows


@pytest.fixture
def college(db):
    return SchoolFactory(
        name="Chesapeake College",
        state="MD",
        tuition_in_state=9000,
        tuition_out_of_state=30000,
        graduation_rate=Decimal("100.00"),
        graduation_cohort=22,
        enrollment=1500,
        predominant_degree=PredominantDegree.ASSOCIATE,
    )


def featured(row):
    return [(label, text) for classes, label, text in row if "featured" in classes.split()]


def test_a_card_features_your_tuition_and_what_the_results_are_sorted_and_filtered_by(client, college):
    (row,) = cells(client, "home_state=MD&sort=-graduation_rate&enrollment_min=1000")
    assert featured(row) == [
        ("Your tuition", "$9,000 in-state"),
        ("Graduation rate", "100% small group"),
        ("Total enrollment", "1,500"),
    ]
    # The other figures are in the row (the wide table shows them) but not featured.
    assert ("", None, "$30,000") in row
    # The school's kind is a line of its name cell, not a column of its own: every cell a figure,
    # a bare <td> unless featured or unknown.
    assert {classes for classes, _, _ in row} <= {"", "featured", "not-reported", "featured not-reported"}
    assert all(("not-reported" in classes) == (text == "Not reported") for classes, _, text in row)
    page = client.get("/schools/?home_state=MD").content.decode()
    assert '<span class="cell-note school-kind">Public · Mostly associate degrees</span>' in page


def test_without_a_home_state_a_card_features_both_tuitions(client, college):
    (row,) = cells(client, "")
    # …and the figure of the default order (largest first), which explains the order.
    assert featured(row) == [
        ("In-state tuition and fees", "$9,000"),
        ("Out-of-state tuition and fees", "$30,000"),
        ("Total enrollment", "1,500"),
    ]


def test_an_unknown_figure_has_no_note(client, db):
    SchoolFactory(name="Quiet College", state="VA")
    (row,) = cells(client, "home_state=MD")
    assert featured(row) == [("Your tuition", "Not reported"), ("Total enrollment", "Not reported")]


def test_count_has_a_thousands_separator(client, db):
    School.objects.bulk_create(
        School(unitid=900000 + n, name=f"School {n:04d}", slug=f"school-{n:04d}", state="MD")
        for n in range(1234)
    )
    content = client.get("/schools/?per_page=10").content.decode()
    assert '<h2 id="results-heading" class="result-count">1,234 schools match</h2>' in content
    assert "Download these 1,234 schools" in content
