"""The finder's program matching on the real public data in ../shared/data, checked against the
SPEC section 4 rule computed here straight from the raw files (not from the database).

The data is the run's one real import (the `real_data` fixture)."""

import csv
import io
import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import zipcodes
from django.conf import settings
from django.db.models import DecimalField

from careerguide.core.text import whole_words
from schools.models import School, csv_columns
from tests import markup

DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
IPEDS_PROGRAMS = DATA / "programs" / "ipeds_c2024_bachelor_programs.csv"
SCORECARD_FIELDS = DATA / "programs" / "scorecard_field_of_study_2025_all_levels.csv"
BACHELORS = "3"
MARYLAND = "state=MD&home_state=MD&your_tuition_max=20000&graduation_rate_min=60"

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(
        not IPEDS_PROGRAMS.exists(),
        reason=f"the public data extracts are not in {DATA} (they are not shipped with the project)",
    ),
]


@pytest.fixture
def real(real_data, db):
    return real_data


def rows(path):
    with path.open(newline="", encoding="utf-8-sig") as file:
        yield from csv.DictReader(file)


def ipeds_unitids(matches):
    """UNITIDs IPEDS lists a bachelor's program for whose 6-digit code `matches`."""
    return {int(row["UNITID"]) for row in rows(IPEDS_PROGRAMS) if matches(row["CIPCODE"])}


def scorecard_unitids(series, levels=None):
    """UNITIDs the Scorecard lists the 4-digit `series` (e.g. "11.07") for, at `levels` (all if None)."""
    code = series.replace(".", "")
    return {
        int(row["UNITID"])
        for row in rows(SCORECARD_FIELDS)
        if row["CIPCODE"] == code and (levels is None or row["CREDLEV"] in levels)
    }


def exported(client, query):
    """The UNITIDs of the CSV export of a finder search (every matching school)."""
    response = client.get(f"/schools/export.csv?{query}")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    return {int(line.split(",", 1)[0]) for line in lines[1:]}


def page_text(client, query):
    return markup.text(client.get(f"/schools/?{query}"))


def exact_unitids(code, levels=None):
    """SPEC section 4's `match=exact` for a 6-digit `code` at `levels` (CREDLEV strings; all when
    None), the finest detail at each level: IPEDS's programs at bachelor's, the Scorecard's series
    at every other level."""
    found = set()
    if levels is None or BACHELORS in levels:
        found |= ipeds_unitids(lambda listed: listed == code)
    others = {str(level) for level in range(1, 9)} - {BACHELORS}
    wanted = others if levels is None else set(levels) - {BACHELORS}
    if wanted:
        found |= scorecard_unitids(code[:5], wanted)
    return found


def test_maryland_computer_science_bachelors(client, real):
    # The rest of the search (Maryland, in-state tuition at most $20,000, graduation at least 60%)
    # from the database; which schools offer the program from the raw files, by the SPEC rule.
    others = set(
        School.objects.filter(state="MD", tuition_in_state__lte=20000, graduation_rate__gte=60).values_list(
            "unitid", flat=True
        )
    )
    exact = exact_unitids("11.0701", {BACHELORS}) & others
    field = (
        ipeds_unitids(lambda code: code.startswith("11.07")) | scorecard_unitids("11.07", {BACHELORS})
    ) & others
    query = f"{MARYLAND}&program=11.0701&level=bachelors"
    listed = exported(client, query)
    assert listed == exact
    assert len(exact) == 4
    added = len(field) - len(exact)
    text = page_text(client, query)
    assert f"Bachelor's in Computer Science (11.0701) — exact program; {len(exact)} schools." in text
    assert added == 0
    assert "Matching any program in the same field would add no schools." in text
    assert exported(client, f"{query}&match=field") == field


def test_maryland_computer_science_in_words(client, real):
    """ "computer science" stands for every 6-digit program whose CIP title holds both words: in
    Maryland at bachelor's, every school of every such code (SPEC's rule, from the raw files)."""
    titles = {row["CIPCode"].strip('="'): row["CIPTitle"] for row in rows(DATA / "cip" / "CIPCode2020.csv")}
    named = sorted(
        code
        for code, title in titles.items()
        if len(code) == 7 and {"computer", "science"} <= whole_words(title)
    )
    maryland = set(School.objects.filter(state="MD").values_list("unitid", flat=True))
    expected = set().union(*(exact_unitids(code, {BACHELORS}) for code in named)) & maryland
    assert exported(client, "state=MD&program=computer+science&level=bachelors") == expected
    assert len(expected) == 24
    names = dict(School.objects.filter(unitid__in=expected).values_list("name", "unitid"))
    for school in (
        "Johns Hopkins University",
        "Morgan State University",
        "Salisbury University",
        "University of Maryland Global Campus",
        "Bowie State University",
    ):
        assert school in names, school
    assert "11.0101" in named and "11.0701" in named


def test_registered_nursing_at_associate_is_its_series(client, real):
    """A 6-digit code below a bachelor's matches its series as the Scorecard lists it there."""
    known = set(School.objects.values_list("unitid", flat=True))
    expected = exact_unitids("51.3801", {"2"}) & known
    assert expected == scorecard_unitids("51.38", {"2"}) & known
    assert exported(client, "program=51.3801&level=associate") == expected
    assert len(expected) == 1112
    text = page_text(client, "program=51.3801&level=associate&sort=name")
    assert (
        "Associate in Registered Nursing, Nursing Administration, Nursing Research and Clinical Nursing (51.38)"
        in text
    )
    assert "(by field)" in text
    assert "“By field”: no source lists single programs at this level" in text


def test_artificial_intelligence_at_every_level(client, real):
    known = set(School.objects.values_list("unitid", flat=True))
    exact = exact_unitids("11.0102") & known
    bachelors = ipeds_unitids(lambda code: code == "11.0102") & known
    assert exported(client, "program=11.0102&level=bachelors") == bachelors
    assert len(bachelors) == 27
    assert exported(client, "program=11.0102") == exact
    field = (ipeds_unitids(lambda code: code.startswith("11.01")) | scorecard_unitids("11.01")) & known
    text = page_text(client, "program=11.0102")
    assert f"Any level in Artificial Intelligence (11.0102) — exact program; {len(exact):,} schools." in text
    added = len(field) - len(exact)
    if added:
        assert f"would add {added:,} schools: show {len(field):,} schools with a field match." in text
    assert exported(client, "program=11.0102&match=field") == field


def test_computer_science_bachelors_everywhere(client, real):
    known = set(School.objects.values_list("unitid", flat=True))
    exact = exact_unitids("11.0701", {BACHELORS}) & known
    field = (
        ipeds_unitids(lambda code: code.startswith("11.07")) | scorecard_unitids("11.07", {BACHELORS})
    ) & known
    assert exported(client, "program=11.0701&level=bachelors") == exact
    text = page_text(client, "program=11.0701&level=bachelors")
    assert f"exact program; {len(exact):,} schools." in text
    assert f"would add {len(field) - len(exact):,} schools" in text
    # Lake Area Technical College lists Computer Science as certificate and associate only.
    lake_area = School.objects.get(name="Lake Area Technical College").unitid
    assert lake_area not in exact
    assert lake_area in exported(client, "program=11.07&level=associate")
    assert lake_area in exported(client, "program=11.0701&level=associate")


def test_program_page_queries_are_constant(client, real, django_assert_max_num_queries):
    for per_page in (10, 100):
        with django_assert_max_num_queries(8):
            response = client.get(f"/schools/?program=11.07&sort=-program_earnings&per_page={per_page}")
            assert response.status_code == 200


def test_real_csv_rates_are_the_decimals_the_models_read(client, real):
    """The CSV's rates, for every school, are each its Decimal as the model reads it, in plain form
    ("44.87", "5.50", "100.00"), or empty when unknown."""
    response = client.get("/schools/export.csv")
    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    rates = [name for name in csv_columns() if isinstance(School._meta.get_field(name), DecimalField)]
    assert rates == ["admission_rate", "graduation_rate", "retention_rate"]
    exported = {int(row[0]): tuple(row[header.index(name)] for name in rates) for row in rows}
    read = {
        unitid: tuple("" if value is None else f"{value:f}" for value in values)
        for unitid, *values in School.objects.values_list("unitid", *rates)
    }
    assert exported == read
    assert len(read) > 6_000
    assert {value for values in read.values() for value in values} >= {"", "100.00", "50.00"}


MERGED = DATA / "scorecard" / "MERGED2023_24_PP_extract.csv"
INSTITUTIONS = DATA / "scorecard" / "Most-Recent-Cohorts-Institution_extract.csv"


def merged_number(raw):
    return None if raw.strip() in ("NA", "PS", "") else int(raw)


def csv_lines(client, query):
    response = client.get(f"/schools/export.csv?{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_maryland_public_schools_by_the_net_price_of_the_lowest_incomes(client, real):
    """`income=25000` reads the $0–30,000 band (NPT41_PUB at a public school, from the raw file):
    lowest first, unknowns last, ties by name; alike in the page, the CSV and the JSON."""
    band = {int(row["UNITID"]): merged_number(row["NPT41_PUB"]) for row in rows(MERGED)}
    schools = School.objects.filter(state="MD", control=1).values_list("unitid", "name")
    expected = sorted(
        schools,
        key=lambda school: (band.get(school[0]) is None, band.get(school[0]) or 0, school[1].lower()),
    )
    query = "income=25000&state=MD&control=public&sort=net_price"
    exported_rows = csv_lines(client, query)
    assert [int(row["unitid"]) for row in exported_rows] == [unitid for unitid, _ in expected]
    assert [row["net_price"] for row in exported_rows] == [
        "" if band.get(unitid) is None else str(band[unitid]) for unitid, _ in expected
    ]
    assert {row["income_band"] for row in exported_rows} == {"0-30000"}
    page = client.get(f"/schools/?{query}&per_page=100")
    assert markup.finder_names(page) == [name for _, name in expected]
    api = client.get(f"/api/schools/?{query}&per_page=100").json()
    assert [entry["unitid"] for entry in api["results"]] == [unitid for unitid, _ in expected]
    # A real list: known figures first, then the schools the Scorecard gives no band for.
    known = [unitid for unitid, _ in expected if band.get(unitid) is not None]
    assert 10 < len(known) < len(expected)


def raw_coordinates():
    """Each UNITID's coordinates by SPEC section 3: the 2023-24 file first, then the institution
    extract."""
    found = {}
    for path in (INSTITUTIONS, MERGED):  # the later file wins
        for row in rows(path):
            latitude, longitude = row["LATITUDE"].strip(), row["LONGITUDE"].strip()
            if latitude not in ("NA", "", "NULL") and longitude not in ("NA", "", "NULL"):
                found[int(row["UNITID"])] = (float(latitude), float(longitude))
    return found


def test_schools_within_25_miles_of_college_park(client, real, zip_codes):
    centre = zipcodes.matching("20742")[0]
    origin = (float(centre["lat"]), float(centre["long"]))
    known = set(School.objects.values_list("unitid", flat=True))
    radius = 3958.8

    def great_circle(point):
        p1, p2 = math.radians(origin[0]), math.radians(point[0])
        dp, dl = p2 - p1, math.radians(point[1] - origin[1])
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * radius * math.asin(math.sqrt(a))

    distances = {
        unitid: great_circle(point) for unitid, point in raw_coordinates().items() if unitid in known
    }
    names = dict(School.objects.values_list("unitid", "name"))
    within = sorted((d, names[u].lower(), u) for u, d in distances.items() if d <= 25)
    exported_rows = csv_lines(client, "near=20742&within=25")
    assert [int(row["unitid"]) for row in exported_rows] == [unitid for _, _, unitid in within]
    assert [row["distance_miles"] for row in exported_rows] == [
        str(Decimal(repr(d)).quantize(Decimal("0.1"), ROUND_HALF_UP)) for d, _, _ in within
    ]
    assert len(within) > 40
    # The University of Maryland is the nearest (its campus is the ZIP code).
    assert exported_rows[0]["name"] == "University of Maryland-College Park"
