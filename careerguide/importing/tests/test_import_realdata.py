"""The real public data in ../shared/data (the `real_data` fixture: imported once a run, after every
other test, and rolled back at the end): facts a user can look up."""

import csv
import html
import lzma
import re
from decimal import Decimal
from itertools import zip_longest

import pytest
from django.db.models import F

from careerguide.careers.models import Career, CrosswalkLink, Occupation
from careerguide.importing.snapshot import SNAPSHOT_PATH, snapshot_text
from conftest import PUBLIC_DATA
from schools.models import DataSource, FieldOfStudy, School
from schools.vocabulary import PredominantDegree, SchoolType
from tests import markup

from .test_import_commands import changes, summary

pytestmark = pytest.mark.realdata


@pytest.fixture
def first(real_data, db):
    return real_data[0]


@pytest.fixture
def second(real_data, db):
    return real_data[1]


def test_university_of_maryland(first):
    umd = School.objects.get(unitid=163286)
    assert (umd.name, umd.city, umd.state) == ("University of Maryland-College Park", "College Park", "MD")
    assert umd.control == SchoolType.PUBLIC
    assert (umd.tuition_in_state, umd.tuition_out_of_state) == (11505, 40306)
    assert umd.enrollment == 40813
    assert umd.graduation_rate == 84
    # SPEC section 3: the API extract's newer admit_rate × 100 first (the 2022 ADM_RATE was 0.5096).
    api = raw_rows("scorecard/api_extract_2026.csv", "id")["163286"]
    assert umd.admission_rate == Decimal(api["admit_rate"]) * 100 == Decimal("44.84")
    assert umd.admission_rate_source.name == "College Scorecard API"
    cohort = raw_rows("ipeds/ipeds2023_gradrates.csv", "UnitID")["163286"]["TOTAL_COHORT_2015"]
    assert umd.graduation_cohort == int(cohort) == 8433
    assert umd.predominant_degree == PredominantDegree.BACHELORS
    assert umd.predominant_degree_source.name == "College Scorecard API"


def raw_rows(relative, key):
    """{key column: row} of a raw extract in ../shared/data."""
    with (PUBLIC_DATA / relative).open(encoding="utf-8-sig", newline="") as file:
        return {row[key]: row for row in csv.DictReader(file)}


def test_each_school_credits_whole_source_names(first):
    """The school page says which import last changed its figures: a name is never cut short."""
    labels = {str(source) for source in DataSource.objects.all()}
    changed_by = set(
        School.objects.exclude(figures_changed_by="").values_list("figures_changed_by", flat=True)
    )
    assert changed_by
    for credit in changed_by:
        listed = re.fullmatch(r"Import: (.*?)(?: and \d+ more)?", credit)
        assert listed, credit
        assert set(listed[1].split(", ")) <= labels, credit


def test_cohorts_and_predominant_degrees_from_the_raw_files(first):
    unitids = set(School.objects.values_list("unitid", flat=True))
    cohorts = {
        int(unitid): int(row["TOTAL_COHORT_2015"])
        for unitid, row in raw_rows("ipeds/ipeds2023_gradrates.csv", "UnitID").items()
        if row["TOTAL_COHORT_2015"].strip()
    }
    assert dict(
        School.objects.filter(graduation_cohort__isnull=False).values_list("unitid", "graduation_cohort")
    ) == {unitid: cohort for unitid, cohort in cohorts.items() if unitid in unitids}
    degrees = {
        int(unitid): int(row["predom_degree_awarded"])
        for unitid, row in raw_rows("scorecard/api_extract_2026.csv", "id").items()
        if row["predom_degree_awarded"].strip() not in ("", "0")
    }
    assert dict(
        School.objects.filter(predominant_degree__isnull=False).values_list("unitid", "predominant_degree")
    ) == {unitid: degree for unitid, degree in degrees.items() if unitid in unitids}
    # Every school of the raw files is one of ours: 3,620 cohorts, 5,922 predominant degrees
    # (of 5,924 API rows, two say 0, "not classified").
    assert (len(cohorts), len(degrees)) == (3620, 5922)
    assert School.objects.filter(graduation_cohort__isnull=False).count() == len(cohorts)
    assert School.objects.filter(predominant_degree__isnull=False).count() == len(degrees)


def test_admission_rates_take_the_api_extract_first(first):
    api = {
        int(unitid): Decimal(row["admit_rate"]) * 100
        for unitid, row in raw_rows("scorecard/api_extract_2026.csv", "id").items()
        if row["admit_rate"].strip() not in ("", "nan", "NULL", "PS", "PrivacySuppressed")
    }
    from_api = dict(
        School.objects.filter(admission_rate_source__key="scorecard-api-2026").values_list(
            "unitid", "admission_rate"
        )
    )
    assert from_api == api


MERGED = "scorecard/MERGED2023_24_PP_extract.csv"


def merged_number(row, column, scale=1):
    text = row[column].strip()
    return None if text in ("NA", "PS", "") else Decimal(text) * scale


def test_the_2023_24_figures_of_every_school_from_the_raw_file(first):
    """SPEC section 3's table, computed here from the raw file, against what every school holds."""
    held_unitids = set(School.objects.values_list("unitid", flat=True))
    every_row = raw_rows(MERGED, "UNITID")
    # Rows for a UNITID in neither institution file are not schools of ours (the import lists them).
    rows = {unitid: row for unitid, row in every_row.items() if int(unitid) in held_unitids}

    def expected(row):
        sector = "PUB" if row["CONTROL"] == "1" else "PRIV"
        bands = {}
        for number in range(1, 6):
            bands[f"net_price_income_{number}"] = merged_number(row, f"NPT4{number}_{sector}")
            bands[f"net_price_students_{number}"] = merged_number(row, f"NUM4{number}_{sector}")
        four_year, other = merged_number(row, "RET_FT4", 100), merged_number(row, "RET_FTL4", 100)
        academic, program = merged_number(row, "COSTT4_A"), merged_number(row, "COSTT4_P")
        return {
            "cost_of_attendance": academic if academic is not None else program,
            "books_supplies": merged_number(row, "BOOKSUPPLY"),
            "housing_food_on_campus": merged_number(row, "ROOMBOARD_ON"),
            "housing_food_off_campus": merged_number(row, "ROOMBOARD_OFF"),
            "other_expenses_on_campus": merged_number(row, "OTHEREXPENSE_ON"),
            "other_expenses_off_campus": merged_number(row, "OTHEREXPENSE_OFF"),
            "retention_rate": four_year if four_year is not None else other,
            "pell_share": merged_number(row, "PCTPELL", 100),
            "loan_share": merged_number(row, "PCTFLOAN", 100),
            "default_rate": merged_number(row, "CDR3", 100),
            "open_admission": {"1": True, "2": False}.get(row["OPENADMP"]),
            "is_main_campus": {"1": True, "0": False}.get(row["MAIN"]),
            **bands,
        }

    fields = list(expected(next(iter(rows.values()))))
    held = {
        values[0]: dict(zip(fields, values[1:], strict=True))
        for values in School.objects.values_list("unitid", *fields)
    }
    mismatches = [
        (unitid, field, held[int(unitid)][field], value)
        for unitid, row in rows.items()
        for field, value in expected(row).items()
        if held[int(unitid)][field] != value
    ]
    assert mismatches == []
    # Negative net prices are real (aid above the cost) and keep their sign.
    negative = School.objects.filter(net_price_income_1__lt=0)
    assert negative.count() == sum(
        1
        for row in rows.values()
        if (merged_number(row, "NPT41_PUB" if row["CONTROL"] == "1" else "NPT41_PRIV") or 0) < 0
    )
    assert negative.exists()
    # The schools only the older files know keep these figures unknown (not zero, not "closed").
    only_older = School.objects.exclude(unitid__in=[int(unitid) for unitid in rows])
    assert only_older.filter(cost_of_attendance__isnull=False).count() == 0
    assert only_older.filter(open_admission__isnull=False).count() == 0
    # The calculators: every row that names one, as an absolute address.
    calculators = dict(
        School.objects.exclude(net_price_calculator="").values_list("unitid", "net_price_calculator")
    )
    named = {
        int(unitid): row["NPCURL"].strip()
        for unitid, row in rows.items()
        if row["NPCURL"].strip() not in ("NA", "")
    }
    assert calculators.keys() == named.keys()
    assert calculators[163286].startswith("https://")
    assert calculators[163286].removeprefix("https://") == named[163286].removeprefix("https://")
    # 83 rows of the file are for UNITIDs outside the set: listed by the import, not imported.
    assert (len(every_row), len(rows)) == (6429, 6346)
    assert School.objects.filter(open_admission=True).count() == 3553


def test_every_school_of_both_files(first):
    assert School.objects.count() == 6998
    assert summary(first)["schools"]["created"] + summary(first)["schools"]["updated"] == 6998


def test_seed_schools_are_updated_in_place(first):
    umd = School.objects.get(unitid=163286)
    assert umd.slug == "university-of-maryland-college-park"
    assert umd.figures_changed_by.startswith("Import: IPEDS 2023-24")


def test_data_scientists_wages(first):
    assert set(
        Occupation.objects.filter(soc_code="15-2051").values_list("annual_median_wage", flat=True)
    ) == {112590}


def test_machine_learning_engineer_is_an_alternate_title_of_data_scientists(first):
    assert (
        Occupation.objects.get(code="15-2051.00")
        .alternate_titles.filter(title="Machine Learning Engineer")
        .exists()
    )


def test_computer_science_leads_to_data_scientists(first):
    assert CrosswalkLink.objects.filter(field_id="11.0701", soc_code="15-2051").exists()
    assert FieldOfStudy.objects.get(code="11.0701").title == "Computer Science"


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_data_scientists_page_lists_amazon_redshift(first, client):
    career = Career.objects.get(slug="data-scientists")
    assert (career.title, career.occupation.code) == ("Data Scientists", "15-2051.00")
    technologies = markup.page(client.get("/careers/data-scientists/")).select_one("section#technologies")
    heading = next(
        h3
        for h3 in technologies.select("h3")
        if h3.get_text() == "Data base user interface and query software"
    )
    listed = [
        markup.squashed(item.get_text())
        for item in heading.find_next_sibling("ul", class_="tech-list").select("li")
    ]
    assert any(item.startswith("Amazon Redshift") for item in listed), listed


def test_the_reference_page_keeps_its_editors_content(first):
    career = Career.objects.get(slug="machine-learning-engineer")
    assert career.occupation.code == "15-2051.00"
    assert career.overview.startswith("As a Machine Learning Engineer")
    assert career.faqs.exists()


def test_machine_learning_finds_the_engineer_and_data_scientists(first, client):
    titles = markup.card_titles(client.get("/careers/?q=machine+learning"))
    assert {"Machine Learning Engineer", "Data Scientists"} <= set(titles), titles
    assert titles[0] == "Machine Learning Engineer"


def test_every_occupation_has_a_career_page(first):
    assert Occupation.objects.count() == 1016
    assert not Occupation.objects.filter(careers__isnull=True).exists()
    # Its own page, under its O*NET title, beside any editorial page linked to it.
    own = Career.objects.filter(title=F("occupation__title")).values("occupation").distinct()
    assert own.count() == 1016


def test_fields_of_study(first):
    assert FieldOfStudy.objects.count() == 2849


def test_illinois_offers_computer_science_and_data_science(first):
    uiuc = School.objects.get(unitid=145637)
    bachelor = set(uiuc.programs.filter(credential_level=3).values_list("field_id", flat=True))
    assert {"11.0701", "30.7001"} <= bachelor
    assert uiuc.programs.get(field_id="11.07", credential_level=3).median_earnings_5yr == 170405


def test_second_run_changes_nothing(second):
    assert changes(second) == 0, second
    assert second.rstrip().endswith("No changes.")
    assert "were kept" not in second  # CIP 51.16, created from the Scorecard file, is no stale row


def test_the_committed_snapshot_is_this_import_exported(first):
    """Regenerating the snapshot from an import of ../shared/data gives the committed snapshot. Its
    text is compared, which skips the compression (most of a minute at xz's best): that the same
    text is written as the same bytes is `test_export_is_deterministic_and_holds_the_onet_prose`'s
    business."""
    text, _ = snapshot_text()
    committed = lzma.decompress(SNAPSHOT_PATH.read_bytes()).decode("utf-8")
    differences = (
        (number, old, new)
        for number, (old, new) in enumerate(zip_longest(committed.splitlines(), text.splitlines()), start=1)
        if old != new
    )
    assert next(differences, None) is None  # else the first line that differs, not a diff of 24 MB
