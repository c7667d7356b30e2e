"""The registry of school figures is the one list every page, the CSV and the API read."""

import re
from pathlib import Path

import pytest

from schools import figures
from schools.admin import FIGURE_FORMATS, FIGURE_ROWS
from schools.models import CSV_COLUMNS, School, SchoolQuerySet
from schools.tests.factories import SchoolFactory

SCHOOLS_DIR = Path(__file__).resolve().parent.parent


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


def test_labels_are_one_each_and_sort_keys_match_the_queryset():
    labels = [figure.label for figure in figures.FIGURES]
    assert len(labels) == len(set(labels))
    assert figures.BY_FIELD["median_earnings"].label == "Median earnings 10 years after entry"
    for key, figure in figures.BY_SORT_KEY.items():
        assert SchoolQuerySet.SORT_FIELDS[key] == figure.field


def test_csv_columns_are_specs_and_come_from_the_registry():
    assert CSV_COLUMNS == (
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
    )
    assert CSV_COLUMNS[5:-1] == tuple(figure.field for figure in figures.CSV_FIGURES)


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
    rate = figures.BY_FIELD["graduation_rate"]
    assert rate.cohort_text(SchoolFactory(graduation_cohort=4512)) == "of 4,512 students"
    small = SchoolFactory(graduation_cohort=29)
    assert rate.cohort_text(small) == "of 29 students; small group"
    assert rate.small_group(small)
    assert not rate.small_group(SchoolFactory(graduation_cohort=30))
    assert rate.cohort_text(SchoolFactory()) == ""  # cohort unknown: nothing claimed
    assert figures.BY_FIELD["tuition_in_state"].cohort_text(small) == ""


def test_schools_imports_no_app_above_it():
    """schools sits below careers and resources: only filters.py (the finder engineer's, moving
    its career filter to careerguide/careers/finder.py) may still name them."""
    upward = re.compile(r"^\s*(from|import)\s+(careerguide\.careers|resources)\b", re.M)
    offenders = [
        str(path.relative_to(SCHOOLS_DIR))
        for path in SCHOOLS_DIR.rglob("*.py")
        if "tests" not in path.parts and path.name != "filters.py" and upward.search(path.read_text())
    ]
    assert offenders == []


def test_the_admin_edits_every_sourced_figure_of_the_registry(editor_client, db):
    sourced = {figure.field: figure.source_field for figure in figures.FIGURES if figure.source_field}
    assert set(School.METRICS) == set(sourced) == set(FIGURE_FORMATS)
    assert [row for row in FIGURE_ROWS if isinstance(row, tuple) and row[0] in sourced] == list(
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
