"""Career pages over the real BLS and O*NET files (the run's one import of ../shared/data; skipped
where it is absent): quick facts and outlook words equal to the published tables."""

import csv
from decimal import Decimal

import pytest

from conftest import PUBLIC_DATA as DATA

from .test_career_page import page_text, quick_facts, section_headings

pytestmark = pytest.mark.realdata

EP_FILE = DATA / "bls" / "ep_table1.2_occupational_projections_2024-34.csv"
OEWS_FILE = DATA / "bls" / "oews_national_M2024_dl.csv"


@pytest.fixture
def real_occupations(real_data, db):
    """O*NET occupations and tasks with BLS wages and projections: the run's one real import."""
    if not EP_FILE.exists():
        pytest.skip(f"the public data extracts are not in {DATA} (they are not shipped with the project)")
    return real_data


def bls_row(path, code_column, code):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row[code_column].strip() == code)


@pytest.mark.parametrize(("slug", "soc"), [("registered-nurses", "29-1141"), ("electricians", "47-2111")])
def test_real_quick_facts_equal_the_bls_files(client, real_occupations, db, slug, soc):
    ep = bls_row(EP_FILE, "2024 National Employment Matrix code", soc)
    oews = bls_row(OEWS_FILE, "OCC_CODE", soc)
    text = page_text(client.get(f"/careers/{slug}/"))
    facts = quick_facts(text)
    annual = int(oews["A_MEDIAN"].replace(",", ""))
    hourly = Decimal(oews["H_MEDIAN"].replace(",", ""))
    assert facts["Median pay, May 2024"] == f"${annual:,} per year ${hourly:,.2f} per hour"
    assert facts["Typical entry-level education"] == ep["Typical education needed for entry"]
    assert facts["Work experience in a related occupation"] == ep["Work experience in a related occupation"]
    assert (
        facts["On-the-job training"]
        == ep["Typical on-the-job training needed to attain competency in the occupation"]
    )
    jobs = round(Decimal(ep["Employment, 2024"]) * 1000)
    assert facts["Number of jobs, 2024"] == f"{jobs:,}"
    change = Decimal(ep["Employment change, percent, 2024–34"])
    assert facts["Job outlook, 2024–34"].startswith(f"+{change}% (")
    openings = round(Decimal(ep["Occupational openings, 2024–34 annual average"]) * 1000)
    assert facts["Openings a year, 2024–34 average"] == f"{openings:,}"
    # Generated pages read in the student's order, tasks from O*NET first.
    assert section_headings(text)[:3] == [f"What {plural_title(slug)} Do", "Pay", "How to Become One"]


def plural_title(slug):
    return {"registered-nurses": "Registered Nurses", "electricians": "Electricians"}[slug]


def test_real_outlook_words(client, real_occupations, db):
    nurses = quick_facts(page_text(client.get("/careers/registered-nurses/")))
    electricians = quick_facts(page_text(client.get("/careers/electricians/")))
    assert nurses["Job outlook, 2024–34"] == "+4.9% (Faster than average)"
    assert electricians["Job outlook, 2024–34"] == "+9.5% (Much faster than average)"
    assert electricians["On-the-job training"] == "Apprenticeship"
