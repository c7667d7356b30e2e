"""The CSV export and the JSON API: the finder's FilterSet, strict about bad input, constant queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse

from schools.models import School
from schools.tests.factories import DataSourceFactory, ProgramOfferingFactory, SchoolFactory
from schools.vocabulary import PredominantDegree, SchoolType

pytestmark = pytest.mark.django_db

HEADER = (
    b"unitid,name,city,state,control,tuition_in_state,tuition_out_of_state,admission_rate,"
    b"graduation_rate,enrollment,median_earnings,net_price,website,cost_of_attendance,open_admission,"
    b"retention_rate\n"
)


def csv_bytes(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.fixture
def pair(db):
    return [
        SchoolFactory(
            name="University of Maryland-College Park",
            slug="umd",
            unitid=163286,
            city="College Park",
            state="MD",
            control=SchoolType.PUBLIC,
            tuition_in_state=9695,
            tuition_out_of_state=37931,
            admission_rate=Decimal("44.87"),
            graduation_rate=Decimal("50.96"),
            enrollment=40792,
            median_earnings=82000,
            net_price=-250,
            website="https://www.umd.edu/",
            predominant_degree=PredominantDegree.BACHELORS,
            graduation_cohort=4512,
            cost_of_attendance=28073,
            open_admission=False,
            retention_rate=Decimal("95.66"),
            pell_share=Decimal("18.59"),
            loan_share=Decimal("22.69"),
            default_rate=Decimal("0.00"),
        ),
        SchoolFactory(
            name='The "Quoted", College', slug="quoted", unitid=100001, city="", state="VA", control=None
        ),
    ]


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_columns_values_and_unknowns(client, pair):
    response = client.get("/schools/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="schools.csv"'
    # The finder's default order: largest first, unknown enrollment last.
    assert csv_bytes(response) == (
        HEADER
        + b"163286,University of Maryland-College Park,College Park,MD,public,9695,37931,44.87,50.96,40792,"
        b"82000,-250,https://www.umd.edu/,28073,false,95.66\n"
        + b'100001,"The ""Quoted"", College",,VA,,,,,,,,,,,,\n'
    )


def test_csv_neutralises_formulas_in_text_but_keeps_numbers(client, db):
    SchoolFactory(
        name='=HYPERLINK("https://evil.example","Click")',
        unitid=1,
        slug="formula",
        city="+Springfield",
        net_price=-3220,
        tuition_in_state=0,
    )
    SchoolFactory(name="@SUM(A1)", unitid=2, slug="at-sign", city="-Dash")
    SchoolFactory(name="\tTabbed", unitid=3, slug="tabbed", city="\rReturn")
    SchoolFactory(name="Plain = College", unitid=4, slug="plain", city="Town-on-Sea")
    SchoolFactory(name="Two\r\nLines", unitid=5, slug="two-lines", city="Old\rMill")
    rows = list(csv.reader(io.StringIO(csv_bytes(client.get("/schools/export.csv")).decode(), newline="")))
    by_unitid = {row[0]: row for row in rows[1:]}
    formula = by_unitid["1"]
    assert formula[1] == '\'=HYPERLINK("https://evil.example","Click")'
    assert formula[2] == "'+Springfield"
    # Numbers stay numbers: a negative net price is a value, not a formula.
    assert formula[5] == "0"
    assert formula[11] == "-3220"
    assert by_unitid["2"][1:3] == ["'@SUM(A1)", "'-Dash"]
    # A carriage return is written as a line break inside the quoted cell: the row stays whole.
    assert by_unitid["3"][1:3] == ["'\tTabbed", "'\nReturn"]
    assert by_unitid["5"][1:3] == ["Two\nLines", "Old\nMill"]
    assert len(rows) == 6
    assert by_unitid["4"][1:3] == ["Plain = College", "Town-on-Sea"]


@pytest.mark.parametrize(
    ("rate", "written"),
    [("0", "0.00"), ("5.5", "5.50"), ("44.87", "44.87"), ("99.99", "99.99"), ("100", "100.00")],
)
def test_csv_rates_in_plain_form_to_the_cent(client, db, rate, written):
    SchoolFactory(admission_rate=Decimal(rate), graduation_rate=None)
    header, row = csv_bytes(client.get("/schools/export.csv")).decode().splitlines()
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert (cells["admission_rate"], cells["graduation_rate"]) == (written, "")


def test_csv_control_names(client, db):
    SchoolFactory(name="A", unitid=1, control=SchoolType.PUBLIC)
    SchoolFactory(name="B", unitid=2, control=SchoolType.NONPROFIT)
    SchoolFactory(name="C", unitid=3, control=SchoolType.FORPROFIT)
    lines = csv_bytes(client.get("/schools/export.csv")).decode().splitlines()[1:]
    assert [line.split(",")[4] for line in lines] == ["public", "nonprofit", "forprofit"]


def test_csv_is_every_matching_school_filtered_and_sorted_not_one_page(client, db):
    for n in range(60):
        SchoolFactory(
            name=f"School {n:02d}", unitid=500 + n, state="VA" if n % 2 else "MD", tuition_in_state=n * 100
        )
    body = csv_bytes(client.get("/schools/export.csv?state=VA&sort=-tuition_in&per_page=10&page=3"))
    lines = body.decode().splitlines()
    assert len(lines) == 1 + 30
    assert lines[1].startswith("559,School 59,")
    assert lines[-1].startswith("501,School 01,")


@pytest.mark.parametrize("sort", ["", "name", "-name", "-enrollment", "tuition_in", "-graduation_rate"])
def test_csv_lists_every_school_in_the_finders_order(client, db, sort):
    # The export has the database sort every row (not walk an index): the same order as the
    # finder's pages, unknowns last, ties by name case-insensitively.
    for n, (name, enrollment, tuition) in enumerate(
        [
            ("beta", 500, 900),
            ("Alpha", 500, None),
            ("alpha", None, 900),
            ("Gamma", 900, 100),
            ("delta", 500, 100),
        ]
    ):
        SchoolFactory(name=name, unitid=700 + n, enrollment=enrollment, tuition_in_state=tuition)
    exported = [
        row["name"]
        for row in csv.DictReader(
            io.StringIO(csv_bytes(client.get(f"/schools/export.csv?sort={sort}")).decode())
        )
    ]
    listed = [school["name"] for school in client.get(f"/api/schools/?sort={sort}").json()["results"]]
    assert exported == listed and len(listed) == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("tuition_in_max=abc", "tuition_in_max: Enter a whole number."),
        ("state=ZZ", "state: “ZZ” is not a US state or territory code."),
        ("control=bogus", "control: “bogus” is not a type of school"),
        ("sort=drop", "sort: “drop” is not a sort order"),
        ("admission_rate_min=1e309", "admission_rate_min: Ensure this value is less than or equal to 100."),
        ("enrollment_min=-1", "enrollment_min: Ensure this value is greater than or equal to 0."),
        (
            "graduation_rate_min=90&graduation_rate_max=10",
            "graduation_rate_max: The minimum graduation rate (90%) is more than the maximum (10%).",
        ),
        ("your_tuition_max=5000", "your_tuition_max: Choose your home state to filter by your tuition."),
        ("program=11.07&program=xx", "program: No program has every word of “xx” in its name"),
    ],
)
def test_csv_bad_parameter_is_400_plain_text(client, pair, query, message):
    response = client.get(f"/schools/export.csv?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("Bad parameter\n")
    assert message in body


def test_csv_ignores_paging_and_empty_parameters(client, pair):
    response = client.get("/schools/export.csv?page=0&per_page=10000&state=&q=")
    assert response.status_code == 200
    assert len(csv_bytes(response).splitlines()) == 3


def csv_queries(client, django_assert_max_num_queries, count):
    for n in range(count):
        SchoolFactory(name=f"School {n:02d}", state="VA", tuition_in_state=1000)
    with django_assert_max_num_queries(1) as captured:
        body = csv_bytes(client.get("/schools/export.csv?state=VA&home_state=MD&sort=-your_tuition"))
    assert len(body.splitlines()) == count + 1
    return len(captured)


def test_csv_is_one_query_whatever_its_size(client, db, django_assert_max_num_queries):
    small = csv_queries(client, django_assert_max_num_queries, 5)
    School.objects.all().delete()
    assert csv_queries(client, django_assert_max_num_queries, 40) == small == 1


# --- JSON list ---------------------------------------------------------------------------------


def test_api_list_shape_and_values(client, pair):
    response = client.get("/api/schools/?state=MD&home_state=VA")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "unitid": 163286,
                "slug": "umd",
                "name": "University of Maryland-College Park",
                "city": "College Park",
                "state": "MD",
                "control": "public",
                "predominant_degree": "bachelors",
                "tuition_in_state": 9695,
                "tuition_out_of_state": 37931,
                "your_tuition": 37931,
                "admission_rate": 44.87,
                "graduation_rate": 50.96,
                "enrollment": 40792,
                "median_earnings": 82000,
                "net_price": -250,
                "cost_of_attendance": 28073,
                "open_admission": False,
                "retention_rate": 95.66,
                "pell_share": 18.59,
                "loan_share": 22.69,
                "default_rate": 0.0,
                "graduation_cohort": 4512,
                "website": "https://www.umd.edu/",
                "url": "http://testserver/schools/umd/",
                "api_url": "http://testserver/api/schools/umd/",
            }
        ],
    }


def test_api_unknown_values_are_null(client, pair):
    result = client.get("/api/schools/?state=VA").json()["results"][0]
    assert result["control"] is None
    assert result["tuition_in_state"] is None
    assert result["admission_rate"] is None
    assert "your_tuition" not in result


def test_api_pages_keep_the_filters_in_absolute_links(client, db):
    for n in range(25):
        SchoolFactory(name=f"School {n:02d}", state="VA")
    SchoolFactory(name="Elsewhere", state="MD")
    first = client.get("/api/schools/?state=VA&per_page=10").json()
    assert first["count"] == 25
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/schools/?state=VA&per_page=10&page=2"
    assert [school["name"] for school in first["results"]] == [f"School {n:02d}" for n in range(10)]
    second = client.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/schools/?state=VA&per_page=10&page=1"
    assert second["next"] == "http://testserver/api/schools/?state=VA&per_page=10&page=3"
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert [school["name"] for school in third["results"]] == [f"School {n:02d}" for n in range(20, 25)]


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("tuition_in_max=abc", "tuition_in_max", "Enter a whole number."),
        ("state=ZZ", "state", "“ZZ” is not a US state or territory code."),
        ("state=MD&state=ZZ", "state", "“ZZ” is not a US state or territory code."),
        ("control=bogus", "control", "“bogus” is not a type of school: use public, nonprofit or forprofit."),
        ("per_page=0", "per_page", "Show at least 10 schools per page."),
        ("per_page=10000", "per_page", "Show at most 100 schools per page."),
        ("page=0", "page", "There is no page 0."),
        ("page=999999", "page", "There is only 1 page."),
        ("page=abc", "page", "“abc” is not a page number."),
        (
            "tuition_out_min=99999999999999999999",
            "tuition_out_min",
            "Ensure this value is less than or equal to 1000000.",
        ),
        ("career=nope", "career", "No career guide has that address."),
    ],
)
def test_api_bad_parameter_is_400_json(client, pair, query, parameter, message):
    response = client.get(f"/api/schools/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body == {"error": f"{parameter}: {message}"}


def test_api_empty_result_first_page_is_fine(client, db):
    assert client.get("/api/schools/?state=WY").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def api_queries(client, django_assert_max_num_queries, count):
    for n in range(count):
        SchoolFactory(name=f"School {n:02d}", state="VA")
    with django_assert_max_num_queries(2) as captured:  # count, page
        body = client.get("/api/schools/?state=VA&per_page=100&sort=-graduation_rate").json()
    assert len(body["results"]) == count
    return len(captured)


def test_api_queries_do_not_grow_with_the_page(client, db, django_assert_max_num_queries):
    small = api_queries(client, django_assert_max_num_queries, 5)
    School.objects.all().delete()
    assert api_queries(client, django_assert_max_num_queries, 40) == small


# --- JSON detail -------------------------------------------------------------------------------


def test_api_detail_with_sources_and_programs(client, pair):
    school = pair[0]
    ipeds = DataSourceFactory(key="ipeds-2023", name="IPEDS")
    scorecard = DataSourceFactory(key="scorecard-2025", name="College Scorecard", edition="2025")
    school.tuition_in_state_source = ipeds
    school.admission_rate_source = scorecard
    school.net_price_income_1 = 3603
    school.net_price_students_1 = 412
    school.net_price_by_income_source = scorecard
    school.save()
    school.aliases.create(name="UMD")
    ProgramOfferingFactory(school=school, field__code="11.0701", graduates=812, median_earnings_5yr=95000)
    body = client.get("/api/schools/umd/").json()
    assert body["aliases"] == ["UMD"]
    assert body["net_price_by_income"][0] == {
        "income_min": 0,
        "income_max": 30000,
        "net_price": 3603,
        "students": 412,
    }
    assert body["net_price_by_income"][4]["income_max"] is None
    assert body["sources"]["net_price_by_income"]["label"] == "College Scorecard 2025"
    assert body["name"] == "University of Maryland-College Park"
    assert body["admission_rate"] == 44.87
    assert body["sources"]["tuition_in_state"] == {
        "name": "IPEDS",
        "edition": "2023-24",
        "label": "IPEDS 2023-24",
        "url": None,
    }
    assert body["sources"]["admission_rate"]["label"] == "College Scorecard 2025"
    assert body["sources"]["net_price"] is None
    assert set(body["sources"]) == {*School.METRICS, "net_price_by_income"}
    assert body["programs"] == [
        {
            "cip_code": "11.0701",
            "title": "Field 11.0701",
            "credential_level": 3,
            "credential": "Bachelor's degree",
            "graduates": 812,
            "median_earnings_5yr": 95000,
        }
    ]


def test_api_detail_unknown_is_json_404(client, db):
    response = client.get("/api/schools/nope/")
    assert response.status_code == 404
    assert response.json() == {"error": "No school has this address."}
