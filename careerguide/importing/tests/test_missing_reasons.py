"""What a school page says of an unknown figure matches what the importer reads: "Not reported to
IPEDS or the College Scorecard" names the sources that publish the figure, and no column it reads
marks a value as withheld for privacy (so no figure needs that reason)."""

import csv

import pytest

from careerguide.importing.schools import PRECEDENCE
from conftest import NO_PUBLIC_DATA, PUBLIC_DATA
from schools.figures import FIGURES

PUBLISHER = {"ipeds": "IPEDS", "scorecard": "the College Scorecard"}


def test_each_figure_names_the_sources_that_publish_it():
    checked = 0
    for figure in FIGURES:
        if figure.field not in PRECEDENCE:
            assert not figure.reported_to, figure.field  # computed per student: nobody reports it
            continue
        publishers = list(dict.fromkeys(PUBLISHER[key.split("_")[0]] for key in PRECEDENCE[figure.field]))
        assert figure.reported_to == " or ".join(publishers), figure.field
        checked += 1
    assert checked == 14


# The columns of SPEC section 3's table a school page shows, by file.
FIGURE_COLUMNS = {
    "ipeds/ipeds2023_cost.csv": ("TUITION_FEES_INSTATE2023", "TUITION_FEES_2023_OUTSTATE"),
    "ipeds/ipeds2023_enrollment.csv": ("ENR_TOTAL",),
    "ipeds/ipeds2023_gradrates.csv": ("PCT_AWARD_6YRS", "TOTAL_COHORT_2015"),
    "scorecard/Most-Recent-Cohorts-Institution_extract.csv": (
        "ADM_RATE",
        "SAT_AVG",
        "TUITIONFEE_IN",
        "TUITIONFEE_OUT",
    ),
    "scorecard/earnings_2025.csv": ("MD_EARN_WNE_P10",),
    "scorecard/api_extract_2026.csv": (
        "admit_rate",
        "4yr_completion_rate",
        "net_price_pub",
        "net_price_priv",
        "predom_degree_awarded",
    ),
    "scorecard/MERGED2023_24_PP_extract.csv": (
        "COSTT4_A",
        "COSTT4_P",
        *(f"NPT4{band}_{kind}" for band in range(1, 6) for kind in ("PUB", "PRIV")),
        *(f"NUM4{band}_{kind}" for band in range(1, 6) for kind in ("PUB", "PRIV")),
        "RET_FT4",
        "RET_FTL4",
        "PCTPELL",
        "PCTFLOAN",
        "CDR3",
    ),
}


@pytest.mark.realdata
def test_no_figure_column_is_withheld_for_privacy():
    if not (PUBLIC_DATA / "ipeds").is_dir():
        pytest.skip(NO_PUBLIC_DATA)
    withheld = {}
    for relative, columns in FIGURE_COLUMNS.items():
        with (PUBLIC_DATA / relative).open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.DictReader(file))
        for column in columns:
            values = [row[column].strip() for row in rows]
            assert any(values), (relative, column)  # the column is there, and read
            count = sum(value in ("PrivacySuppressed", "PS") for value in values)
            if count:
                withheld[relative, column] = count
    assert withheld == {}
