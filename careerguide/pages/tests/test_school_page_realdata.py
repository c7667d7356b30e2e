"""School pages over the real Scorecard 2023-24 file (the run's one import of ../shared/data;
skipped where it is absent): what a family would pay, read back from the raw file."""

import csv

import pytest

from conftest import PUBLIC_DATA
from tests.markup import page, squashed

pytestmark = pytest.mark.realdata

MERGED = PUBLIC_DATA / "scorecard" / "MERGED2023_24_PP_extract.csv"
INCOMES = ["$0–30,000", "$30,001–48,000", "$48,001–75,000", "$75,001–110,000", "over $110,000"]


def merged_row(unitid):
    with MERGED.open(encoding="utf-8-sig", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["UNITID"] == str(unitid))


def dollars(raw):
    return f"-${-int(raw):,}" if int(raw) < 0 else f"${int(raw):,}"


def students(raw):
    small = " small group: the figure can swing widely" if int(raw) < 30 else ""
    return f"{int(raw):,}{small}"


def cells(soup, selector):
    return [[squashed(cell.get_text(" ")) for cell in row.select("th, td")] for row in soup.select(selector)]


def figure_after(soup, label):
    return squashed(soup.find("dt", string=label).find_next_sibling("dd").get_text())


@pytest.mark.parametrize(
    ("slug", "unitid"), [("university-of-maryland-college-park", 163286), ("alabama-a-m-university", 100654)]
)
def test_what_a_family_would_pay_equals_the_raw_file(client, real_data, db, slug, unitid):
    row = merged_row(unitid)
    soup = page(client.get(f"/schools/{slug}/"))
    assert cells(soup, "table.income-bands tbody tr") == [
        [income, dollars(row[f"NPT4{n}_PUB"]), students(row[f"NUM4{n}_PUB"])]
        for n, income in enumerate(INCOMES, start=1)
    ]
    assert squashed(soup.select_one("table.income-bands caption").get_text()) == (
        "Net price by family income, for in-state students"
    )
    assert figure_after(soup, "Cost of attendance, a year") == dollars(row["COSTT4_A"])
    (calculator,) = (
        link for link in soup.select("a") if link.get_text().startswith("Estimate your own net price")
    )
    assert calculator["href"].removeprefix("https://") == row["NPCURL"].removeprefix("https://")


def test_the_names_people_use_and_open_admission(client, real_data, db):
    soup = page(client.get("/schools/alabama-a-m-university/"))
    assert squashed(soup.select_one("p.aliases").get_text()) == "Also known as AAMU"
    assert figure_after(soup, "Admission rate") == "66.2%"
