"""The registry of school figures is the one list every page, the CSV and the API read."""

import csv
import dataclasses
import io

import pytest

from schools import figures
from schools.admin import figure_formats, figure_rows
from schools.models import School, csv_columns
from schools.tests.factories import SchoolFactory


def test_every_figure_is_a_school_field_with_its_source():
    for figure in figures.FIGURES:
        if figure.needs_home_state:
            continue  # an annotation (with_your_tuition), not a column
        field = School._meta.get_field(figure.field)
        assert field.null, figure.field  # unknown stays unknown
        if figure.source_field:
            assert School._meta.get_field(figure.source_field).related_model.__name__ == "DataSource"
        if figure.cohort_field:
            School._meta.get_field(figure.cohort_field)
    sourced = {figure.field for figure in figures.FIGURES if figure.source_field}
    assert sourced == set(School.METRICS)


def test_labels_and_sort_keys_are_one_each():
    labels = [figure.label for figure in figures.FIGURES]
    assert len(labels) == len(set(labels))
    assert figures.figure_of("median_earnings").label == "Median earnings 10 years after entry"
    keys = [figure.sort_key for figure in figures.FIGURES if figure.sort_key]
    assert len(keys) == len(set(keys))
    assert figures.by_sort_key()["earnings"].field == "median_earnings"


def test_csv_columns_are_specs_and_come_from_the_registry():
    assert csv_columns() == (
        "unitid",
        "name",
        "city",
        "state",
        "control",
        "tuition_in_state",
        "tuition_out_of_state",
        "admission_rate",
        "graduation_rate",
        "enrollment",
        "median_earnings",
        "net_price",
        "website",
        "cost_of_attendance",
        "open_admission",
        "retention_rate",
    )
    assert csv_columns()[5:12] + csv_columns()[13:] == tuple(figure.field for figure in figures.csv_figures())


@pytest.mark.parametrize(
    ("values", "better", "best"),
    [
        ([5000, 9000, None], "lower", 5000),
        ([5000, 9000, None], "higher", 9000),
        ([5000, 5000], "lower", None),  # nothing differs: no best
        ([5000, None], "lower", None),  # one known value: nothing to compare
        ([-3220, 100], "lower", -3220),
    ],
)
def test_best_of(values, better, best):
    figure = figures.Figure("net_price", "Average net price", "money", better=better)
    assert figure.best_of(values) == best


@pytest.mark.django_db
def test_cohort_text_and_small_group():
    rate = figures.figure_of("graduation_rate")
    assert rate.cohort_text(SchoolFactory(graduation_cohort=4512)) == "of 4,512 students"
    small = SchoolFactory(graduation_cohort=29)
    assert rate.cohort_text(small) == "of 29 students; small group"
    assert rate.small_group(small)
    assert not rate.small_group(SchoolFactory(graduation_cohort=30))
    assert rate.cohort_text(SchoolFactory()) == ""  # cohort unknown: nothing claimed
    assert figures.figure_of("tuition_in_state").cohort_text(small) == ""


def test_the_admin_edits_every_sourced_figure_of_the_registry(editor_client, db):
    sourced = {figure.field: figure.source_field for figure in figures.FIGURES if figure.source_field}
    assert set(School.METRICS) == set(sourced) == set(figure_formats())
    assert [row for row in figure_rows() if isinstance(row, tuple) and row[0] in sourced] == list(
        sourced.items()
    )
    school = SchoolFactory()
    response = editor_client.get(f"/admin/schools/school/{school.pk}/change/")
    assert response.status_code == 200
    for field in [*sourced, *sourced.values(), "graduation_cohort", "predominant_degree"]:
        assert f'name="{field}"' in response.content.decode(), field


def test_a_zero_admission_rate_is_explained_wherever_it_is_shown(client, db):
    SchoolFactory(name="Closed Door College", slug="closed-door", admission_rate=0, enrollment=500)
    SchoolFactory(name="Open Door College", slug="open-door", admission_rate=100, enrollment=400)
    page = client.get("/schools/closed-door/")
    assert page.status_code == 200
    assert figures.ZERO_ADMISSION_NOTE.capitalize()[:40] in page.content.decode()
    assert figures.ZERO_ADMISSION_NOTE[:40] not in client.get("/schools/open-door/").content.decode()
    finder = client.get("/schools/?sort=-enrollment")
    assert finder.status_code == 200
    assert "as reported: ask the school" in finder.content.decode()
    compare = client.get("/schools/compare/?school=closed-door&school=open-door")
    assert compare.status_code == 200
    assert figures.ZERO_ADMISSION_NOTE[:40] in compare.content.decode()


# A figure the registry did not list: the schools' SAT average, filtered, sorted, exported and compared.
SAT = figures.Figure(
    "sat_average",
    "SAT average",
    "count",
    sort_key="sat",
    high_first=True,
    range_filter="range",
    range_name="SAT average",
    better="higher",
    best_means="highest SAT average",
    source_field="sat_average_source",
    chart_max=1600,
    admin_column="SAT",
)


@pytest.fixture
def sat_figure(monkeypatch):
    """The registry with the SAT average in every list (in place of its school-page-only entry)."""
    registry = tuple(SAT if figure.field == "sat_average" else figure for figure in figures.FIGURES)
    assert registry != figures.FIGURES
    monkeypatch.setattr(figures, "FIGURES", registry)


@pytest.fixture
def sat_schools(db):
    return [
        SchoolFactory(name="High Scores University", slug="high-scores", sat_average=1510),
        SchoolFactory(name="Middle Scores College", slug="middle-scores", sat_average=1180),
        SchoolFactory(name="Unscored College", slug="unscored", sat_average=None),
    ]


def test_a_figure_added_to_the_registry_is_in_the_finders_filters_and_sorts(client, sat_figure, sat_schools):
    page = client.get("/schools/?sat_min=1200&sort=-sat")
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="sat_min"' in content and 'name="sat_max"' in content
    assert "SAT average ≥ 1,200" in content  # its chip
    assert "High Scores University" in content and "Middle Scores College" not in content
    assert '<option value="-sat" selected>SAT average (high to low)</option>' in content
    assert ">1,510<" in content
    by_score = client.get("/schools/?sort=sat").content.decode()
    assert by_score.index("Middle Scores College") < by_score.index("High Scores University")
    assert by_score.index("High Scores University") < by_score.index("Unscored College")  # unknown last
    refused = client.get("/schools/?sat_min=1300&sat_max=1200").content.decode()
    assert "The minimum SAT average (1,300) is more than the maximum (1,200)." in refused


def test_a_figure_added_to_the_registry_is_in_the_csv_and_the_json(client, sat_figure, sat_schools):
    response = client.get("/schools/export.csv?sat_min=1100&sort=-sat")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["name"], row["sat_average"]) for row in rows] == [
        ("High Scores University", "1510"),
        ("Middle Scores College", "1180"),
    ]
    results = client.get("/api/schools/?sort=-sat").json()["results"]
    assert [(school["slug"], school["sat_average"]) for school in results] == [
        ("high-scores", 1510),
        ("middle-scores", 1180),
        ("unscored", None),
    ]


def test_a_figure_added_to_the_registry_is_compared_and_charted(client, sat_figure, sat_schools):
    content = client.get("/schools/compare/?school=high-scores&school=middle-scores").content.decode()
    row = content[content.index('<th scope="row" class="metric-col">SAT average</th>') :]
    row = row[: row.index("</tr>")]
    assert "1,510" in row and "1,180" in row and "highest SAT average" in row
    assert 'id="chart-sat-title"' in content


def test_a_figure_added_to_the_registry_is_a_column_of_the_admins_list(
    editor_client, sat_figure, sat_schools
):
    content = editor_client.get("/admin/schools/school/?o=-5").content.decode()
    assert "SAT</a>" in content or ">SAT<" in content
    assert "1,510" in content


def test_the_added_figure_is_a_real_change(client, sat_schools):
    """Without the fixture, the registry lists the SAT average on the school page only."""
    content = client.get("/schools/?sat_min=1200").content.decode()
    assert 'name="sat_min"' not in content
    assert dataclasses.replace(SAT, in_finder=False) not in figures.FIGURES
