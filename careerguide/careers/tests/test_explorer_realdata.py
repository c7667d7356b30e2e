"""The careers explorer over the real O*NET and BLS files in ../shared/data ("done means" of issue 10).

The occupation files are imported once for the module, inside one transaction rolled back at its
end; each test runs in a savepoint within it. The expected careers are computed here from the raw
BLS files, not from the database.
"""

import csv
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from careerguide.careers.models import Career

from .test_explorer import cards

DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
EP = DATA / "bls" / "ep_table1.2_occupational_projections_2024-34.csv"
OEWS = DATA / "bls" / "oews_national_M2024_dl.csv"
ONET_OCCUPATIONS = DATA / "onet" / "Occupation Data.txt"

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(
        not (EP.exists() and OEWS.exists() and ONET_OCCUPATIONS.exists()),
        reason=f"the public data extracts are not in {DATA} (they are not shipped with the project)",
    ),
]


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, tmp_path_factory):
    """The O*NET and BLS files only (the schools and programs are not needed), imported once."""
    folder = tmp_path_factory.mktemp("occupation-data")
    for sub in ("onet", "bls"):
        (folder / sub).mkdir()
        for path in (DATA / sub).iterdir():
            (folder / sub / path.name).symlink_to(path)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_public_data", str(folder), stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def real(imported, db):
    return None


# --- The raw files --------------------------------------------------------------------------


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def column(row, pattern):
    return next(value for key, value in row.items() if re.fullmatch(pattern, key.strip(), re.IGNORECASE))


def onet_occupations():
    """{O*NET-SOC code: title} from Occupation Data.txt."""
    with ONET_OCCUPATIONS.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["O*NET-SOC Code"]: row["Title"] for row in rows}


def by_soc(rows, code_pattern, keep):
    return {column(row, code_pattern).strip(): row for row in rows if keep(row)}


def for_occupation(table, code):
    """The BLS row of an O*NET occupation: its 6-digit SOC code's, or, where BLS publishes only the
    combined group (13-1020), the group's."""
    return table.get(code[:7]) or table.get(code[:6] + "0")


def projections():
    return by_soc(
        read_csv(EP),
        r".*matrix code",
        lambda row: row["Occupation type"].strip().lower() == "line item",
    )


def median_wage(row):
    """OEWS A_MEDIAN as a number; "#" (at or above $239,200) as the cap; unknown as None."""
    raw = (row or {}).get("A_MEDIAN", "").replace(",", "").strip()
    if raw == "#":
        return 239200
    return int(raw) if raw.isdigit() else None


def wages():
    oews = by_soc(read_csv(OEWS), r"OCC_CODE", lambda row: row["O_GROUP"].strip().lower() == "detailed")
    return {code: median_wage(for_occupation(oews, code)) for code in onet_occupations()}


def listed(client, url):
    """Every card of `url`, following its "Next" links through pages of 100: [(title, facts)]."""
    found, page = [], 1
    while True:
        response = client.get(f"{url}&per_page=100&page={page}")
        found += cards(response)
        if 'rel="next"' not in response.content.decode():
            return found
        page += 1


# --- Done means ---------------------------------------------------------------------------------


def test_bachelors_by_highest_median_wage_first(client, real):
    occupations = onet_occupations()
    ep = projections()
    wage_of = wages()
    bachelors = [
        code
        for code in occupations
        if (row := for_occupation(ep, code))
        and column(row, r"typical education needed for entry") == "Bachelor's degree"
    ]
    known = sorted(
        (code for code in bachelors if wage_of[code] is not None),
        key=lambda code: (-wage_of[code], occupations[code].lower()),
    )
    unknown = sorted(
        (code for code in bachelors if wage_of[code] is None), key=lambda code: occupations[code].lower()
    )
    expected = [occupations[code] for code in known + unknown]
    assert len(expected) > 150

    found = listed(client, "/careers/?education=bachelors&sort=-wage")
    assert [title for title, _ in found] == expected
    # Each card shows the file's median and the entry education asked for.
    for (title, facts), code in zip(found, known + unknown, strict=True):
        assert facts["Entry education"] == "Bachelor's degree", title
        wage = wage_of[code]
        shown = "Not reported" if wage is None else f"${wage:,}{' or more' if wage == 239200 else ''} a year"
        assert facts["Median pay"] == shown, title


def test_growth_of_twenty_percent_or_more_only(client, real):
    occupations = onet_occupations()
    ep = projections()
    expected = set()
    for code, title in occupations.items():
        row = for_occupation(ep, code)
        change = column(row, r"employment change, percent.*") if row else ""
        if change.strip() not in ("", "—") and float(change) >= 20:
            expected.add(title)
    assert len(expected) > 10

    found = listed(client, "/careers/?growth_min=20")
    assert sorted(title for title, _ in found) == sorted(expected)
    for title, facts in found:
        growth = float(re.match(r"\+([\d.]+)%", facts["Job outlook"]).group(1))
        assert growth >= 20, title


def test_every_career_is_counted_and_exported(client, real):
    total = Career.objects.count()
    assert total == len(onet_occupations())
    assert f"{total:,} careers" in client.get("/careers/").content.decode()
    response = client.get("/careers/export.csv?education=bachelors&sort=-wage")
    rows = list(csv.reader(StringIO(b"".join(response.streaming_content).decode())))
    api = client.get("/api/careers/?education=bachelors&sort=-wage&per_page=10").json()
    assert len(rows) - 1 == api["count"]
    assert [row[0] for row in rows[1:11]] == [career["slug"] for career in api["results"]]
