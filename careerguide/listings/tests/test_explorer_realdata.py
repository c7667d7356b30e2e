"""The careers explorer over the real O*NET and BLS files in ../shared/data ("done means" of issue 10).

The data is the run's one real import (the `real_data` fixture). The expected careers are computed here from the raw
BLS files, not from the database.
"""

import csv
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings

from careerguide.careers.models import Career
from conftest import PUBLIC_DATA as DATA

from .test_explorer import cards

EP = DATA / "bls" / "ep_table1.2_occupational_projections_2024-34.csv"
OEWS = DATA / "bls" / "oews_national_M2024_dl.csv"
ONET_OCCUPATIONS = DATA / "onet" / "Occupation Data.txt"

pytestmark = pytest.mark.realdata


@pytest.fixture
def real(real_data, db):
    """The run's one import of the real data (the seed included: the reference career shares
    15-2051 with Data Scientists and is listed like any other career)."""
    return real_data


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


def careers_of_the_files():
    """[(O*NET code, title)]: a generated career per occupation, plus the seed's editorial careers
    (Machine Learning Engineer, on 15-2051.00 beside Data Scientists)."""
    careers = list(onet_occupations().items())
    seed = json.loads((Path(settings.BASE_DIR) / "fixtures" / "seed.json").read_text(encoding="utf-8"))
    careers.extend(
        (entry["fields"]["occupation"][0], entry["fields"]["title"])
        for entry in seed
        if entry["model"] == "careers.career" and entry["fields"].get("occupation")
    )
    return careers


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
    ep = projections()
    wage_of = wages()
    bachelors = [
        (code, title)
        for code, title in careers_of_the_files()
        if (row := for_occupation(ep, code))
        and column(row, r"typical education needed for entry") == "Bachelor's degree"
    ]
    known = sorted(
        (career for career in bachelors if wage_of[career[0]] is not None),
        key=lambda career: (-wage_of[career[0]], career[1].lower()),
    )
    unknown = sorted(
        (career for career in bachelors if wage_of[career[0]] is None), key=lambda career: career[1].lower()
    )
    expected = known + unknown
    assert len(expected) > 150

    found = listed(client, "/careers/?education=bachelors&sort=-wage")
    assert [title for title, _ in found] == [title for _, title in expected]
    # Each card shows the file's median and the entry education asked for.
    for (title, facts), (code, _) in zip(found, expected, strict=True):
        assert facts["Entry education"] == "Bachelor's degree", title
        wage = wage_of[code]
        shown = "Not reported" if wage is None else f"${wage:,}{' or more' if wage == 239200 else ''} a year"
        # (A detailed title's card adds whose pay it is: test_cards_show_experience_training_and_a_shared_wage.)
        assert facts["Median pay"].split(" Shared with ")[0] == shown, title


def test_growth_of_twenty_percent_or_more_only(client, real):
    ep = projections()
    expected = []
    for code, title in careers_of_the_files():
        row = for_occupation(ep, code)
        change = column(row, r"employment change, percent.*") if row else ""
        if change.strip() not in ("", "—") and float(change) >= 20:
            expected.append(title)
    assert len(expected) > 10

    found = listed(client, "/careers/?growth_min=20")
    assert sorted(title for title, _ in found) == sorted(expected)
    assert "Machine Learning Engineer" in expected
    for title, facts in found:
        growth = float(re.match(r"\+([\d.]+)%", facts["Job outlook"]).group(1))
        assert growth >= 20, title


def test_every_career_is_counted_and_exported(client, real):
    total = Career.objects.count()
    assert total == len(careers_of_the_files()) == len(onet_occupations()) + 1
    assert f"{total:,} careers" in client.get("/careers/").content.decode()
    response = client.get("/careers/export.csv?education=bachelors&sort=-wage")
    rows = list(csv.reader(StringIO(b"".join(response.streaming_content).decode())))
    api = client.get("/api/careers/?education=bachelors&sort=-wage&per_page=10").json()
    assert len(rows) - 1 == api["count"]
    assert [row[0] for row in rows[1:11]] == [career["slug"] for career in api["results"]]


def test_cards_show_experience_training_and_a_shared_wage(client, real):
    """Issue 27: "Supply Chain Managers, $102,010, high-school diploma" needs 5+ years; Spa Managers
    and Fitness and Wellness Coordinators show 11-9179's $61,340 and say whose it is."""
    outlook, titles, pay = projections(), onet_occupations(), wages()
    found = dict(listed(client, "/careers/?q=managers"))
    supply = for_occupation(outlook, "11-3071.04")
    assert titles["11-3071.04"] == "Supply Chain Managers"
    assert (
        found["Supply Chain Managers"]["Work experience"]
        == supply["Work experience in a related occupation"]
        == "5 years or more"
    )
    assert (
        found["Supply Chain Managers"]["Job training"]
        == supply["Typical on-the-job training needed to attain competency in the occupation"]
    )
    assert pay["11-9179.02"] == pay["11-9179.00"] == 61340
    assert found["Spa Managers"]["Median pay"] == (
        f"${pay['11-9179.02']:,} a year Shared with “{titles['11-9179.00']}”: BLS reports them together"
    )
    assert found[titles["11-9179.00"]]["Median pay"] == "$61,340 a year"
    # Every detailed title with a wage says whose it is; no .00 occupation does.
    everyone = listed(client, "/careers/?sort=title")
    codes = {title: code for code, title in titles.items()}
    shared = {title for title, facts in everyone if "Shared with" in facts["Median pay"]}
    assert shared == {
        title
        for title, code in codes.items()
        if not code.endswith(".00") and pay[code] is not None and title in dict(everyone)
    }
