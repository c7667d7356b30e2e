"""The shrinkage guard (issue 12): a data file cut short must not read as thousands of schools
whose figures became unknown. Cut at a line boundary or mid-line, strict or --keep-going, the run
stops naming the file and the counts, and writes nothing — unless --allow-shrink."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from careerguide.importing.models import ImportRun
from schools.models import School

from .import_samples import FILES, write_dataset

pytestmark = pytest.mark.django_db

# Every school of the sample set, with a median earnings figure.
UNITIDS = (100001, 100002, 100003, 100004, 145637, 163286, 166027, 999001)
HEADER = "UNITID,INSTNM,STABBR,MD_EARN_WNE_P10,MD_EARN_WNE_P6\n"
EARNINGS = HEADER + "".join(
    f"{unitid},School {unitid},MD,{50000 + i}.0,40000.0\n" for i, unitid in enumerate(UNITIDS)
)


def run(directory, *options):
    out = StringIO()
    call_command("import_schools", str(directory), *options, stdout=out)
    return out.getvalue()


def known_earnings():
    return School.objects.filter(median_earnings__isnull=False).count()


@pytest.fixture
def imported(tmp_path):
    data = write_dataset(tmp_path / "data", earnings_2025_csv=EARNINGS)
    run(data)
    assert known_earnings() == 8
    return data


def cut_at_line(lines):
    return "".join(EARNINGS.splitlines(keepends=True)[: 1 + lines])


def cut_mid_line(lines):
    """The header, `lines` whole rows and half of the next."""
    whole = cut_at_line(lines)
    following = EARNINGS[len(whole) :].splitlines(keepends=True)[0]
    return whole + following[:12]


@pytest.mark.parametrize("options", [(), ("--keep-going",)])
def test_file_cut_at_a_line_boundary_stops_the_run(imported, options):
    write_dataset(imported, earnings_2025_csv=cut_at_line(4))
    with pytest.raises(CommandError) as raised:
        run(imported, *options)
    message = str(raised.value)
    assert "nothing was written" in message
    assert (
        "scorecard/earnings_2025.csv: 4 rows, far fewer than the 8 of the last accepted file of this name "
        "(50%, under 90%)" in message
    )
    assert "--allow-shrink" in message
    assert known_earnings() == 8


@pytest.mark.parametrize("options", [(), ("--keep-going",)])
def test_file_cut_with_no_earlier_file_to_compare_stops_on_the_schools_it_covers(imported, options):
    """The first import of a file (nothing recorded of an earlier one): the database's schools."""
    ImportRun.objects.all().delete()
    write_dataset(imported, earnings_2025_csv=cut_at_line(4))
    with pytest.raises(CommandError) as raised:
        run(imported, *options)
    assert (
        "scorecard/earnings_2025.csv: covers 4 schools, but the database holds 8 from this source "
        "(50%, under 90%): a cut or partial file? If the file is complete and right, run again with "
        "--allow-shrink."
    ) in str(raised.value)
    assert known_earnings() == 8


def test_file_cut_mid_line_strict_stops_at_the_broken_row(imported):
    write_dataset(imported, earnings_2025_csv=cut_mid_line(3))
    with pytest.raises(
        CommandError, match=re.escape("scorecard/earnings_2025.csv, line 5: expected 5 fields")
    ):
        run(imported)
    assert known_earnings() == 8


def test_file_cut_mid_line_with_keep_going_still_stops(imported):
    write_dataset(imported, earnings_2025_csv=cut_mid_line(3))
    with pytest.raises(CommandError) as raised:
        run(imported, "--keep-going")
    # Three whole rows and the broken one (whose school keeps its figure) of the eight there were.
    assert "scorecard/earnings_2025.csv: 4 rows, far fewer than the 8 of the last accepted" in str(
        raised.value
    )
    assert known_earnings() == 8


def test_a_complete_file_that_erases_figures_stops_the_run(imported):
    erased = EARNINGS.replace("50001.0", "PrivacySuppressed")
    write_dataset(imported, earnings_2025_csv=erased)
    with pytest.raises(CommandError) as raised:
        run(imported)
    assert (
        "scorecard/earnings_2025.csv: schools: 1 of the 8 known values of median earnings 10 years after "
        "entry would become unknown (12%, more than 2%)"
    ) in str(raised.value)
    assert known_earnings() == 8


def test_allow_shrink_accepts_the_file_and_the_report_shows_known_values(imported):
    write_dataset(imported, earnings_2025_csv=cut_at_line(4))
    output = run(imported, "--allow-shrink")
    assert "  schools, median earnings 10 years after entry: 8 → 4 (-4)" in output
    assert "  schools, total enrollment: 3 → 3" in output
    assert known_earnings() == 4


def test_a_school_missing_from_a_present_file_takes_the_next_source_in_order(imported):
    """Graduation rate: IPEDS first, then the Scorecard API. A school absent from the IPEDS file
    takes the API's figure (and source); with no other source it becomes unknown."""
    umd = School.objects.get(unitid=163286)
    assert (umd.graduation_rate, umd.graduation_rate_source.key) == (84, "ipeds-2023")
    gradrates = "UnitID,Institution Name,TOTAL_COHORT_2015,PCT_AWARD_6YRS,PCT_AWARD_4YEARS\n"
    gradrates += "145637,University of Illinois Urbana-Champaign,9278,85,74\n"
    write_dataset(imported, ipeds2023_gradrates_csv=gradrates, earnings_2025_csv=EARNINGS)
    run(imported, "--allow-shrink")
    umd.refresh_from_db()
    assert (str(umd.graduation_rate), umd.graduation_rate_source.key) == ("88.62", "scorecard-api-2026")


def test_a_cut_job_zones_file_stops_the_occupations_import(tmp_path):
    data = write_dataset(tmp_path / "data")
    call_command("import_occupations", str(data), stdout=StringIO())
    cut = "O*NET-SOC Code\tJob Zone\tDate\tDomain Source\r\n15-2051.00\t4\t08/2023\tAnalyst\r\n"
    write_dataset(data, Job_Zones_txt=cut)
    with pytest.raises(CommandError) as raised:
        call_command("import_occupations", str(data), stdout=StringIO())
    assert "onet/Job Zones.txt: 1 row, far fewer than the 2 of the last accepted file" in str(raised.value)
    ImportRun.objects.all().delete()  # no earlier file to compare with: the values are compared
    with pytest.raises(CommandError) as raised:
        call_command("import_occupations", str(data), stdout=StringIO())
    assert (
        "onet/Job Zones.txt: occupations: 1 of the 2 known values of job zone would become unknown (50%"
        in str(raised.value)
    )
    out = StringIO()
    call_command("import_occupations", str(data), "--allow-shrink", stdout=out)
    assert "  occupations, job zone: 2 → 1 (-1)" in out.getvalue()


def test_an_api_extract_that_erases_predominant_degrees_stops_the_run(imported):
    api = (
        FILES["scorecard/api_extract_2026.csv"].replace(",3,21.0,", ",,21.0,").replace(",3,13.0,", ",,13.0,")
    )
    write_dataset(imported, api_extract_2026_csv=api, earnings_2025_csv=EARNINGS)
    with pytest.raises(CommandError) as raised:
        run(imported)
    assert (
        "scorecard/api_extract_2026.csv: schools: 2 of the 3 known values of predominant degree would "
        "become unknown (67%, more than 2%)"
    ) in str(raised.value)
    assert School.objects.filter(predominant_degree__isnull=False).count() == 3


def test_a_gradrates_file_that_erases_cohorts_stops_the_run(imported):
    gradrates = FILES["ipeds/ipeds2023_gradrates.csv"].replace(",8433,84,", ",,84,")
    write_dataset(imported, ipeds2023_gradrates_csv=gradrates, earnings_2025_csv=EARNINGS)
    with pytest.raises(CommandError) as raised:
        run(imported)
    assert (
        "ipeds/ipeds2023_gradrates.csv: schools: 1 of the 2 known values of graduation rate cohort would "
        "become unknown (50%, more than 2%)"
    ) in str(raised.value)
    assert School.objects.get(unitid=163286).graduation_cohort == 8433
