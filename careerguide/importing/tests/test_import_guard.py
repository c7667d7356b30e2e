"""The import guard (issue 25), against each attack of the audit: every one stops the run with a
message naming the file, the figure, the numbers and the flag that would accept it, or is refused,
and the data is as it was afterwards (the run's own record aside)."""

import csv
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from careerguide.careers.models import Occupation, Task, TechnologySkill
from careerguide.importing.models import HighWaterMark, ImportRun
from careerguide.importing.readers import Table
from careerguide.importing.schools import PRECEDENCE
from schools.models import FieldOfStudy, ProgramOffering, School
from schools.vocabulary import CipLevel

from . import synthetic_files as synthetic
from .import_samples import FILES, file_key, write_dataset
from .test_import_commands import DATA_MODELS

pytestmark = pytest.mark.django_db


def run(command, directory, *options):
    out = StringIO()
    call_command(command, str(directory), *options, stdout=out)
    return out.getvalue()


def refused(command, directory, *options):
    """The message of a run that must fail."""
    with pytest.raises(CommandError) as raised:
        run(command, directory, *options)
    return str(raised.value)


def stored():
    """Every row of every data table and of the guard's memory, as the database holds it."""
    return {
        model.__name__: list(model.objects.order_by("pk").values_list())
        for model in (*DATA_MODELS, HighWaterMark)
    }


def without_column(tmp_path, name, column, delimiter):
    """The sample file `name` as its publisher would write it without the column `column`: read by
    the importer's own reader, written again (CSV quoted where needed)."""
    path = write_dataset(tmp_path / "sample") / name
    table = Table(path, name, columns={}, delimiter=delimiter)
    position = table.header.index(column)
    rows = [table.header, *(row.record for row in table)]
    kept = [[cell for i, cell in enumerate(row) if i != position] for row in rows]
    if delimiter == "\t":
        return "".join("\t".join(row) + "\r\n" for row in kept)
    buffer = StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(kept)
    return buffer.getvalue()


@pytest.fixture
def data(tmp_path):
    folder = write_dataset(tmp_path / "data")
    run("import_public_data", folder)
    return folder


# --- dropped optional columns --------------------------------------------------------------------

SCORECARD_OFFERINGS = ProgramOffering.objects.filter(field__level=CipLevel.SERIES)
DROPPED = {
    # column: (file, delimiter, the figure as the report names it, the rows holding a known value)
    "IPEDSCOUNT2": (
        "programs/scorecard_field_of_study_2025_all_levels.csv",
        ",",
        "graduates",
        lambda: SCORECARD_OFFERINGS.filter(graduates__isnull=False),
    ),
    "EARN_MDN_5YR": (
        "programs/scorecard_field_of_study_2025_all_levels.csv",
        ",",
        "median earnings 5 years after completion",
        lambda: SCORECARD_OFFERINGS.filter(median_earnings_5yr__isnull=False),
    ),
    "Description": (
        "onet/Occupation Data.txt",
        "\t",
        "description",
        lambda: Occupation.objects.exclude(description=""),
    ),
    "CIPDefinition": (
        "cip/CIPCode2020.csv",
        ",",
        "definition",
        lambda: FieldOfStudy.objects.exclude(definition=""),
    ),
    "Task Type": (
        "onet/Task Statements.txt",
        "\t",
        "kind",
        lambda: Task.objects.exclude(kind=Task.Kind.UNRATED),
    ),
    # A flag is always known (yes or no): every row holds one.
    "Hot Technology": ("onet/Technology Skills.txt", "\t", "hot technology", TechnologySkill.objects.all),
    "In Demand": ("onet/Technology Skills.txt", "\t", "in demand", TechnologySkill.objects.all),
}


@pytest.mark.parametrize("column", DROPPED)
def test_a_dropped_optional_column_stops_the_run(data, tmp_path, column):
    """The audit dropped optional columns: 154,175 graduate counts, 45,976 program earnings, 1,016
    descriptions, 2,848 CIP definitions, 17,639 task types and 11,621 technology flags erased."""
    name, delimiter, label, known = DROPPED[column]
    count = known().count()
    assert count > 0
    before = stored()
    write_dataset(data, **{file_key(name): without_column(tmp_path, name, column, delimiter)})
    message = refused("import_public_data", data)
    assert f"{name}: " in message
    assert (
        f"the column {column!r} is missing, but the database holds {count:,} known values of {label}"
        in message
    )
    assert message.endswith("If the file is complete and right, run again with --allow-shrink.")
    assert stored() == before


def test_a_dropped_column_is_imported_as_unknown_with_allow_shrink(data, tmp_path):
    name = "programs/scorecard_field_of_study_2025_all_levels.csv"
    dropped = without_column(tmp_path, name, "EARN_MDN_5YR", ",")
    write_dataset(data, scorecard_field_of_study_2025_all_levels_csv=dropped)
    output = run("import_public_data", data, "--allow-shrink")
    assert not ProgramOffering.objects.filter(median_earnings_5yr__isnull=False).exists()
    assert "  program offerings (Scorecard), median earnings 5 years after completion: 3 → 0 (-3)" in output


# --- swapped columns -------------------------------------------------------------------------------


def swap_header(text, first, second):
    header, rest = text.split("\n", 1)
    cells = header.split(",")
    i, j = cells.index(first), cells.index(second)
    cells[i], cells[j] = cells[j], cells[i]
    return ",".join(cells) + "\n" + rest


def test_swapped_tuition_headers_stop_the_run(data):
    """The audit swapped two header names in the cost file: 1,425 tuitions swapped."""
    before = stored()
    cost = swap_header(
        FILES["ipeds/ipeds2023_cost.csv"], "TUITION_FEES_2023_OUTSTATE", "TUITION_FEES_INSTATE2023"
    )
    write_dataset(data, ipeds2023_cost_csv=cost)
    message = refused("import_schools", data)
    assert message == (
        "Import failed, nothing was written. ipeds/ipeds2023_cost.csv, "
        "scorecard/Most-Recent-Cohorts-Institution_extract.csv: schools: 2 of 2 rows would have in-state tuition "
        "above out-of-state tuition at a public school (100%), where 0 of 2 have today (0.0%): values swapped "
        "between columns? If this is a new release, run again with --allow-changes."
    )
    assert stored() == before


def test_swapped_earnings_headers_stop_the_run(data):
    """The audit swapped the 10- and 6-year headers of the earnings file: 5,471 ten-year earnings
    replaced by six-year ones."""
    before = stored()
    earnings = swap_header(FILES["scorecard/earnings_2025.csv"], "MD_EARN_WNE_P10", "MD_EARN_WNE_P6")
    write_dataset(data, earnings_2025_csv=earnings)
    message = refused("import_schools", data)
    assert message == (
        "Import failed, nothing was written. scorecard/earnings_2025.csv: schools: 1 of 1 rows would have median "
        "earnings 10 years after entry below the same file's 6-year figure (100%), where 0 of 1 have today "
        "(0.0%): values swapped between columns? If this is a new release, run again with --allow-changes."
    )
    assert stored() == before


def test_swapped_wage_percentiles_stop_the_run(data):
    oews = FILES["bls/oews_national_M2024_dl.csv"]
    header, rest = oews.split("\n", 1)
    header = header.replace("A_PCT10,A_PCT25", "A_PCT25,A_PCT10")
    write_dataset(data, oews_national_M2024_dl_csv=header + "\n" + rest)
    before = stored()
    message = refused("import_occupations", data)
    assert "bls/oews_national_M2024_dl.csv: occupations: " in message
    assert (
        "occupations: 5 of 5 rows would have wage percentiles out of order (10th, 25th, median, 75th, 90th) "
        "(100%), where 0 of 5 have today (0.0%): values swapped between columns? If this is a new release, run "
        "again with --allow-changes."
    ) in message
    assert stored() == before


# --- files cut short -------------------------------------------------------------------------------


def test_a_field_of_study_file_cut_to_91_percent_stops_the_run(tmp_path):
    """The audit cut the field-of-study file to 91%: 13,876 program offerings deleted."""
    folder = synthetic.write_files(tmp_path / "data", synthetic.schools_files(20))
    synthetic.write_files(folder, {synthetic.FIELD_OF_STUDY: synthetic.field_of_study_file(200, 20)})
    run("import_public_data", folder)
    assert ProgramOffering.objects.count() == 200
    before = stored()
    cut = "".join(synthetic.field_of_study_file(200, 20).splitlines(keepends=True)[: 1 + 182])
    synthetic.write_files(folder, {synthetic.FIELD_OF_STUDY: cut})
    message = refused("import_public_data", folder)
    assert message == (
        "Import failed, nothing was written. programs/scorecard_field_of_study_2025_all_levels.csv: program "
        "offerings (Scorecard): 18 of the 200 rows would be removed (9.0%, more than 2%): a cut or partial file? "
        "If the file is complete and right, run again with --allow-shrink."
    )
    assert stored() == before


def test_a_task_statements_file_cut_to_91_percent_stops_the_run(tmp_path):
    """The audit cut Task Statements to 91%: 1,692 tasks deleted."""
    folder = synthetic.write_files(tmp_path / "data", synthetic.onet_files(50, 300))
    run("import_occupations", folder)
    assert Task.objects.count() == 300
    before = stored()
    tasks = synthetic.onet_files(50, 300)[synthetic.TASKS]
    synthetic.write_files(folder, {synthetic.TASKS: "".join(tasks.splitlines(keepends=True)[: 1 + 273])})
    message = refused("import_occupations", folder)
    assert message == (
        "Import failed, nothing was written. onet/Task Statements.txt: tasks: 27 of the 300 rows would be removed "
        "(9.0%, more than 2%): a cut or partial file? If the file is complete and right, run again with "
        "--allow-shrink."
    )
    assert stored() == before


def test_three_runs_each_blanking_1_9_percent_stop_at_the_second(tmp_path):
    """The audit's three imports in a row, each blanking 1.9% of the earnings (under the 2% limit):
    5.5% lost. The guard adds each accepted run's losses to the high-water mark's."""
    folder = synthetic.write_files(tmp_path / "data", synthetic.schools_files(1000))
    run("import_schools", folder)
    assert School.objects.filter(median_earnings__isnull=False).count() == 1000

    first = range(19)
    synthetic.write_files(folder, synthetic.schools_files(1000, blank_earnings=first))
    output = run("import_schools", folder)
    assert "  schools, median earnings 10 years after entry: 1,000 → 981 (-19)" in output
    mark = HighWaterMark.objects.get(table="schools", figure="median_earnings")
    assert (mark.count, mark.lost) == (1000, 19)

    before = stored()
    second = range(38)
    synthetic.write_files(folder, synthetic.schools_files(1000, blank_earnings=second))
    message = refused("import_schools", folder)
    assert message == (
        "Import failed, nothing was written. scorecard/earnings_2025.csv: schools: 19 of the 981 known values of "
        "median earnings 10 years after entry would become unknown, after 19 taken by earlier runs: 38 of the "
        "1,000 an accepted run left (3.8%, more than 2%; cuts too small to stop one run add up): a cut or partial "
        "file? If the file is complete and right, run again with --allow-shrink."
    )
    assert stored() == before

    # --allow-shrink accepts the file and starts afresh from what it leaves.
    run("import_schools", folder, "--allow-shrink")
    mark.refresh_from_db()
    assert (mark.count, mark.lost) == (962, 0)
    assert School.objects.filter(median_earnings__isnull=False).count() == 962


def test_values_given_back_make_up_for_values_lost(tmp_path):
    """A run that fills in what an earlier one blanked is no loss: the next small cut passes."""
    folder = synthetic.write_files(tmp_path / "data", synthetic.schools_files(1000, blank_earnings=range(19)))
    run("import_schools", folder)
    synthetic.write_files(folder, synthetic.schools_files(1000))
    run("import_schools", folder)
    synthetic.write_files(folder, synthetic.schools_files(1000, blank_earnings=range(19)))
    run("import_schools", folder)
    mark = HighWaterMark.objects.get(table="schools", figure="median_earnings")
    assert (mark.count, mark.lost) == (1000, 19)


def cost_ending_with(last_row, line_ending=True):
    text = (
        "UnitID,Institution Name,TUITION_FEES_2023_OUTSTATE,TUITION_FEES_INSTATE2023\n"
        "145637,University of Illinois Urbana-Champaign,34501,16004\n"
        "166027,Harvard University,,\n"
        "500069,ACUPUNCTURE AND MASSAGE SCHOOL OF ORIENTAL MEDICINE,,\n" + last_row
    )
    return text + ("\n" if line_ending else "")


def test_a_file_cut_inside_its_last_field_stops_the_run(data):
    """The audit cut a file inside its last field: one school's tuition $42,380 → $42."""
    write_dataset(
        data, ipeds2023_cost_csv=cost_ending_with("163286,University of Maryland-College Park,56000,42380")
    )
    run("import_schools", data)
    before = stored()
    write_dataset(
        data,
        ipeds2023_cost_csv=cost_ending_with("163286,University of Maryland-College Park,56000,42", False),
    )
    message = refused("import_schools", data)
    assert message == (
        "Import failed, nothing was written. ipeds/ipeds2023_cost.csv: the file ends inside line 5 "
        "('163286,University of Maryland-College Park,56000,42'), without the line ending its other lines have, "
        "where the last accepted file of this name ended with one: a file cut inside its last field? If the "
        "file is complete and right, run again with --allow-shrink."
    )
    assert stored() == before
    assert School.objects.get(unitid=163286).tuition_in_state == 42380


def test_a_file_that_never_ends_with_a_line_ending_cut_inside_its_last_field_stops_the_run(tmp_path):
    """IPEDS Data Center files end without a line ending: the cut is seen in the last line itself."""
    last = "163286,University of Maryland-College Park,56000,42380"
    data = write_dataset(tmp_path / "data", ipeds2023_cost_csv=cost_ending_with(last, False))
    output = run("import_schools", data)
    assert (
        "ipeds/ipeds2023_cost.csv: the file ends without a line ending after line 5 ('163286,University of "
        "Maryland-College Park,56000,42380'); read as complete (no earlier import of this file to compare with)."
    ) in " ".join(output.split())
    assert "read as complete (the last accepted file of this name ended so too)" in " ".join(
        run("import_schools", data).split()
    )
    before = stored()
    write_dataset(data, ipeds2023_cost_csv=cost_ending_with(last[:-3], False))
    message = refused("import_schools", data)
    assert (
        "ipeds/ipeds2023_cost.csv: the file ends inside line 5 ('163286,University of Maryland-College Park,56000,42'), "
        "the start of the last line of the last accepted file of this name "
        "('163286,University of Maryland-College Park,56000,42380'): a file cut inside its last field?"
    ) in message
    assert stored() == before


def test_a_file_far_smaller_than_the_last_accepted_one_is_named(data):
    earnings = FILES["scorecard/earnings_2025.csv"]
    smaller = earnings.replace("University of Maryland-College Park", "UMD").replace(
        "University of Illinois Urbana-Champaign", "UIUC"
    )
    write_dataset(data, earnings_2025_csv=smaller)
    message = refused("import_schools", data)
    was, now = len(earnings.encode()), len(smaller.encode())
    assert message.startswith(
        f"Import failed, nothing was written. scorecard/earnings_2025.csv: {now:,} bytes, far fewer than the "
        f"{was:,} of the last accepted file of this name ({now / was:.0%}, under 90%): a cut or partial file?"
    )


def test_an_archive_member_over_the_size_limit_is_refused_before_it_is_unpacked(data, tmp_path):
    """The audit's 3.1 MB zip that expands to 7.26 GB in memory: a member larger than
    IMPORT_MAX_ARCHIVE_MEMBER_BYTES (512 MB by default) is refused from the archive's own
    statement of its size, before a byte of it is unpacked."""
    folder = tmp_path / "zipped"
    folder.mkdir()
    archive = folder / "db_29_2_text.zip"
    zero_block = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped,
        zipped.open("db_29_2_text/Job Zones.txt", "w", force_zip64=True) as member,
    ):
        for _ in range(600):
            member.write(zero_block)
    assert archive.stat().st_size < 1024 * 1024
    before = stored()
    message = refused("import_occupations", folder)
    assert message == (
        "Import failed, nothing was written. db_29_2_text.zip:db_29_2_text/Job Zones.txt: expands to 629,145,600 "
        f"bytes ({zipfile.ZipFile(archive).getinfo('db_29_2_text/Job Zones.txt').compress_size:,} in the "
        "archive), more than the 536,870,912 an import reads from an archive (IMPORT_MAX_ARCHIVE_MEMBER_BYTES); "
        "nothing was unpacked. A file that large is not one of the public data files: unpack it and look, or "
        "raise the limit if the machine has the memory."
    )
    assert stored() == before
    record = ImportRun.objects.latest_first().first()
    assert record.status == "failed"
    assert record.files == [
        {
            "name": "db_29_2_text.zip:db_29_2_text/Job Zones.txt",
            "unread": message.split("Job Zones.txt: ", 1)[1],
        }
    ]


# --- many values changing: a new release, or columns mixed up -----------------------------------------


def test_more_than_a_fifth_of_a_figure_changing_stops_the_run(tmp_path):
    folder = synthetic.write_files(tmp_path / "data", synthetic.schools_files(200))
    run("import_schools", folder)
    before = stored()
    synthetic.write_files(folder, synthetic.schools_files(200, earnings_scale=1.05))
    message = refused("import_schools", folder)
    assert message == (
        "Import failed, nothing was written. scorecard/earnings_2025.csv: schools: 200 of the 200 known values of "
        "median earnings 10 years after entry would change (100%, more than 20%; median change +5.0%): columns "
        "mixed up, or a new release? If this is a new release, run again with --allow-changes."
    )
    assert stored() == before


def test_a_new_release_loads_with_allow_changes_and_the_report_shows_each_median_change(tmp_path):
    folder = synthetic.write_files(tmp_path / "data", synthetic.schools_files(200))
    run("import_schools", folder)
    synthetic.write_files(folder, synthetic.schools_files(200, tuition_scale=1.03, earnings_scale=1.05))
    output = run("import_schools", folder, "--allow-changes")
    assert (
        "  schools, median earnings 10 years after entry: 200 → 200; 200 changed (100.0%), median change +5.0%"
        in output
    )
    assert (
        "  schools, in-state tuition and fees: 200 → 200; 200 changed (100.0%), median change +3.0%" in output
    )
    assert "  schools, name: 200 → 200\n" in output
    school = School.objects.get(unitid=synthetic.unitid(7))
    assert (school.median_earnings, school.tuition_in_state) == (round(50_077 * 1.05), round(10_259 * 1.03))
    assert ImportRun.objects.latest_first().first().allow_changes is True


def test_a_few_changes_in_a_small_table_are_not_a_release(data):
    """Fewer than MIN_CHANGED changed values never stop a run (an errata file, a small table)."""
    earnings = FILES["scorecard/earnings_2025.csv"].replace("82860.0", "83000.0")
    write_dataset(data, earnings_2025_csv=earnings)
    output = run("import_schools", data)
    assert School.objects.get(unitid=163286).median_earnings == 83000
    assert (
        "  schools, median earnings 10 years after entry: 1 → 1; 1 changed (100.0%), median change +0.2%"
        in output
    )


def test_the_report_lists_every_figure_before_and_after(data):
    output = run("import_public_data", data)
    listed = [line for line in output.splitlines() if line.startswith("  schools, ")]
    assert len(listed) == 1 + len(PRECEDENCE)  # the rows, and each field an import writes
    assert len(PRECEDENCE) == 41
    assert "  schools, rows: 9 → 9" in listed
    assert "  schools, total enrollment: 3 → 3" in listed
    for table in (
        "program offerings (Scorecard)",
        "tasks",
        "technology skills",
        "occupations",
        "crosswalk links",
    ):
        assert f"  {table}, rows: " in output
    assert "  technology skills, hot technology: 2 → 2" in output
