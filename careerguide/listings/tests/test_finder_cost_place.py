"""What a family would pay and how far from home (SPEC section 4): `income` picks a net price band
for filters, sorting, the table, the CSV and the JSON; `near` and `within` keep the schools within
a distance of a ZIP code's centre, nearest first. The comparison keeps both."""

import csv
import io
import math

import pytest

from schools.models import School, ZipCode
from schools.tests.factories import SchoolFactory
from schools.vocabulary import SchoolType
from tests import markup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zip_codes")]


def get(client, query):
    response = client.get(f"/schools/?{query}")
    assert response.status_code == 200
    return response


def exported(client, query):
    response = client.get(f"/schools/export.csv?{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def listed(client, query):
    response = client.get(f"/api/schools/?{query}&per_page=100")
    assert response.status_code == 200
    return response.json()["results"]


@pytest.fixture
def priced(db):
    """Net prices at the lowest family income (band 1) that order differently from the averages."""
    SchoolFactory(name="Alpha State", net_price=9000, net_price_income_1=4000, net_price_students_1=400)
    SchoolFactory(name="Beta College", net_price=5000, net_price_income_1=7000, net_price_students_1=12)
    SchoolFactory(name="Gamma University", net_price=7000, net_price_income_1=-250, net_price_students_1=90)
    SchoolFactory(name="Delta Institute", net_price=1000)  # no band figure: unknown, never 0
    SchoolFactory(
        name="Epsilon Tech",
        state="VA",
        net_price=3000,
        net_price_income_1=5500,
        net_price_students_1=200,
    )


def test_income_sorts_and_filters_by_its_band_unknowns_last(client, priced):
    query = "income=25000&sort=net_price"
    order = ["Gamma University", "Alpha State", "Epsilon Tech", "Beta College", "Delta Institute"]
    assert markup.finder_names(get(client, query)) == order
    assert [row["name"] for row in exported(client, query)] == order
    assert [entry["name"] for entry in listed(client, query)] == order
    # Descending: unknown still last.
    assert markup.finder_names(get(client, "income=25000&sort=-net_price")) == [
        "Beta College",
        "Epsilon Tech",
        "Alpha State",
        "Gamma University",
        "Delta Institute",
    ]
    # A bound reads the band too; the averages alone would give Beta, Delta and Epsilon.
    assert markup.finder_names(get(client, "income=0&net_price_max=5000&sort=name")) == [
        "Alpha State",
        "Gamma University",
    ]


def test_income_is_named_on_the_page_and_read_in_every_export(client, priced):
    response = get(client, "income=48000&sort=name&home_state=VA")
    page = markup.text(response)
    assert "Family income: $30,001–48,000" in page
    headings = markup.texts(response, ".results thead th")
    assert any(heading.startswith("Net price at a family income of $30,001–48,000 ") for heading in headings)
    first = exported(client, "income=25000&sort=name")
    assert list(first[0])[-1] == "income_band"
    alpha = next(row for row in first if row["name"] == "Alpha State")
    assert (alpha["net_price"], alpha["income_band"]) == ("4000", "0-30000")
    delta = next(row for row in first if row["name"] == "Delta Institute")
    assert (delta["net_price"], delta["income_band"]) == ("", "0-30000")
    entry = next(e for e in listed(client, "income=25000") if e["name"] == "Gamma University")
    assert (entry["net_price"], entry["income_band"]) == (-250, "0-30000")
    top = next(e for e in listed(client, "income=200000") if e["name"] == "Gamma University")
    assert (top["net_price"], top["income_band"]) == (None, "110001-")


def test_band_figures_say_when_they_are_a_small_group_or_in_state(client, priced):
    response = get(client, "income=0&sort=name&home_state=VA")
    cells = {
        row.select_one("th.col-name > a").get_text(): markup.squashed(
            row.select_one("td[data-label^='Net price']").get_text(" ")
        )
        for row in markup.page(response).select(".results tbody tr")
    }
    assert cells["Beta College"] == "$7,000 12 students: a small group"
    assert cells["Alpha State"] == "$4,000 in-state students' figure"  # a Maryland public school
    assert cells["Epsilon Tech"] == "$5,500"  # in the home state
    assert cells["Gamma University"] == "-$250 in-state students' figure"
    assert cells["Delta Institute"] == "Not reported"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("income=abc", "income"),
        ("income=-1", "income"),
        ("income=10000001", "income"),
        ("near=99999", "“99999” is not a US ZIP code we know; write five digits, such as 20742."),
        ("near=2074", "“2074” is not a US ZIP code we know"),
        ("within=25", "Choose a ZIP code (near) to search within a distance of it."),
        ("near=20742&within=501", "within"),
        ("sort=distance", "distance"),
    ],
)
def test_bad_cost_and_place_values(client, priced, query, message):
    page = markup.text(get(client, query))
    assert message in page.lower() if message.islower() else message in page
    assert client.get(f"/api/schools/?{query}").status_code == 400
    assert client.get(f"/schools/export.csv?{query}").status_code == 400


EARTH_RADIUS_MILES = 3958.8


def great_circle(lat1, lon1, lat2, lon2):
    """SPEC section 4's rule, written out here: the haversine formula."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


PLACES = {
    "Campus Next Door": (38.9896, -76.9457),
    "Capital College": (38.8951, -77.0364),
    "Annapolis Academy": (38.9784, -76.4922),
    "Harbor University": (39.2904, -76.6122),
    "Richmond Institute": (37.5407, -77.4360),
}


@pytest.fixture
def placed(db):
    for name, (latitude, longitude) in PLACES.items():
        SchoolFactory(name=name, latitude=latitude, longitude=longitude)
    SchoolFactory(name="Nowhere Known")  # no coordinates: never near anything


def test_near_lists_exactly_the_schools_within_nearest_first(client, placed):
    centre = ZipCode.objects.get(code="20742")
    distances = {
        name: great_circle(float(centre.latitude), float(centre.longitude), *place)
        for name, place in PLACES.items()
    }
    within_25 = sorted((d, name) for name, d in distances.items() if d <= 25)
    assert [name for _, name in within_25] == ["Campus Next Door", "Capital College", "Annapolis Academy"]
    response = get(client, "near=20742&within=25")
    assert markup.finder_names(response) == [name for _, name in within_25]
    assert markup.texts(response, ".results tbody td[data-label='Distance']") == [
        f"{d:.1f} mi" for d, _ in within_25
    ]
    assert "Within 25 miles of 20742 (College Park, MD)" in markup.text(response)
    rows = exported(client, "near=20742-1234&within=25")
    assert list(rows[0])[-1] == "distance_miles"
    assert [(row["name"], row["distance_miles"]) for row in rows] == [(n, f"{d:.1f}") for d, n in within_25]
    assert [(e["name"], e["distance_miles"]) for e in listed(client, "near=20742&within=25")] == [
        (n, round(d, 1)) for d, n in within_25
    ]
    # The default distance is 50 miles; a chosen order replaces nearest first.
    assert markup.finder_names(get(client, "near=20742&sort=name")) == [
        "Annapolis Academy",
        "Campus Next Door",
        "Capital College",
        "Harbor University",
    ]
    assert len(markup.finder_names(get(client, "near=20742&within=500"))) == 5


def test_near_runs_a_constant_number_of_queries(client, placed, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        get(client, "near=20742&within=500")


def test_the_comparison_keeps_the_income_and_the_place(client, priced, placed):
    slugs = {school.name: school.slug for school in School.objects.all()}
    query = f"school={slugs['Alpha State']}&school={slugs['Beta College']}&school={slugs['Campus Next Door']}"
    response = client.get(f"/schools/compare/?{query}&income=25000&near=20742&home_state=VA")
    assert response.status_code == 200
    soup = markup.page(response)
    labels = [th.get_text() for th in soup.select("th.metric-col[scope=row]")]
    assert "Net price at a family income of $0–30,000" in labels
    assert "Average net price" not in labels
    assert "Distance from 20742 (College Park, MD)" in labels
    share = soup.select_one("#share-url")["value"]
    assert share.endswith("&home_state=VA&income=25000&near=20742")
    without = client.get(f"/schools/compare/?{query}")
    assert "Average net price" in [th.get_text() for th in markup.page(without).select("th.metric-col")]


def test_a_bad_comparison_context_is_left_out_with_a_message(client, priced):
    slug = SchoolFactory(name="Omega", control=SchoolType.NONPROFIT).slug
    response = client.get(f"/schools/compare/?school={slug}&income=lots&near=00000&home_state=ZZ")
    assert response.status_code == 200
    page = markup.text(response)
    assert "Write the family income as a whole number of dollars." in page
    assert "“00000” is not a US ZIP code we know" in page
    assert "“ZZ” is not a US state or territory code" in page
    assert markup.page(response).select_one("#share-url")["value"].endswith(f"?school={slug}")


def test_the_finders_shortlist_compares_with_its_context(client, priced):
    alpha = SchoolFactory(name="Zeta College")
    client.post(
        "/schools/shortlist/",
        {"school": alpha.slug, "action": "add"},
        headers={"origin": "http://testserver"},
    )
    response = get(client, "income=25000&near=20742&home_state=MD")
    link = markup.page(response).select_one("a.tray-compare")["href"]
    assert link.endswith(f"?school={alpha.slug}&home_state=MD&income=25000&near=20742")
