"""The import guard against the audit's attacks on the real files in ../shared/data (the
`real_data` fixture: imported once a run, rolled back after the last test): the figures of the
audit, and the data unchanged afterwards."""

import csv
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from careerguide.careers.models import Task
from careerguide.importing.readers import is_missing
from conftest import PUBLIC_DATA
from schools.models import ProgramOffering, School
from schools.vocabulary import CipLevel

pytestmark = pytest.mark.realdata

EARNINGS = "scorecard/earnings_2025.csv"
FIELD_OF_STUDY = "programs/scorecard_field_of_study_2025_all_levels.csv"
TASKS = "onet/Task Statements.txt"


@pytest.fixture
def imported(real_data, db):
    return real_data


def copy_of(tmp_path, *names):
    """A folder holding copies of the real files `names`, laid out as ../shared/data is."""
    folder = tmp_path / "data"
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PUBLIC_DATA / name, folder / name)
    return folder


def cut_to(path, share):
    """Keep the header and the first `share` of the rows; return the rows left out."""
    lines = path.read_bytes().splitlines(keepends=True)
    kept = round((len(lines) - 1) * share)
    path.write_bytes(b"".join(lines[: 1 + kept]))
    return lines[1 + kept :]


def refused(command, folder, *options):
    with pytest.raises(CommandError) as raised:
        call_command(command, str(folder), *options, stdout=StringIO())
    return str(raised.value)


def test_the_field_of_study_file_cut_to_91_percent_stops_the_run(imported, tmp_path):
    folder = copy_of(tmp_path, FIELD_OF_STUDY)
    dropped = cut_to(folder / FIELD_OF_STUDY, 0.91)
    schools = set(School.objects.values_list("unitid", flat=True))
    removed = {
        (row["UNITID"], row["CIPCODE"], row["CREDLEV"])
        for row in csv.DictReader([line.decode() for line in [b"UNITID,CIPCODE,CIPDESC,CREDLEV\n", *dropped]])
        if int(row["UNITID"]) in schools
    }
    offerings = ProgramOffering.objects.filter(field__level=CipLevel.SERIES).count()
    assert (len(removed), offerings) == (13_876, 154_175)
    message = refused("import_programs", folder)
    assert message == (
        f"Import failed, nothing was written. {FIELD_OF_STUDY}: program offerings (Scorecard): 13,876 of the "
        "154,175 rows would be removed (9.0%, more than 2%): a cut or partial file? If the file is complete and "
        "right, run again with --allow-shrink."
    )
    assert ProgramOffering.objects.filter(field__level=CipLevel.SERIES).count() == 154_175


def test_the_task_statements_file_cut_to_91_percent_stops_the_run(imported, tmp_path):
    folder = copy_of(tmp_path, "onet/Occupation Data.txt", TASKS)
    cut_to(folder / TASKS, 0.91)
    message = refused("import_occupations", folder)
    assert message == (
        f"Import failed, nothing was written. {TASKS}: tasks: 1,692 of the 18,796 rows would be removed (9.0%, "
        "more than 2%): a cut or partial file? If the file is complete and right, run again with --allow-shrink."
    )
    assert Task.objects.count() == 18_796


def earnings_rows():
    """(header, rows, the position of the 10-year figure) of the real earnings file."""
    with (PUBLIC_DATA / EARNINGS).open(newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    return rows[0], rows[1:], rows[0].index("MD_EARN_WNE_P10")


def with_earnings(folder, change):
    """Rewrite the copied earnings file, each known 10-year cell replaced by `change(unitid, cell)`."""
    header, body, column = earnings_rows()
    for row in body:
        if not is_missing(row[column]):
            row[column] = change(row[0], row[column])
    with (folder / EARNINGS).open("w", newline="", encoding="utf-8") as target:
        csv.writer(target, lineterminator="\n").writerows([header, *body])


def test_three_runs_each_blanking_1_9_percent_of_the_earnings_stop_at_the_second(imported, tmp_path):
    """The audit's three imports in a row, each blanking 1.9% of the earnings: 5.5% lost."""
    known = School.objects.filter(median_earnings__isnull=False)
    assert known.count() == 5_214
    ours = {str(unitid) for unitid in known.values_list("unitid", flat=True)}
    _, body, column = earnings_rows()
    # 99 is 1.9% of 5,214: the first run blanks the first 99 schools' figures, the second 99 more.
    in_order = [row[0] for row in body if row[0] in ours and not is_missing(row[column])]
    folder = copy_of(tmp_path, EARNINGS)
    for blanked in (set(in_order[:99]), set(in_order[:198])):
        with_earnings(
            folder, lambda unitid, cell, blanked=blanked: "PrivacySuppressed" if unitid in blanked else cell
        )
        if len(blanked) == 99:
            call_command("import_schools", str(folder), stdout=StringIO())
            assert known.count() == 5_214 - 99
    message = refused("import_schools", folder)
    assert message == (
        f"Import failed, nothing was written. {EARNINGS}: schools: 99 of the 5,115 known values of median earnings "
        "10 years after entry would become unknown, after 99 taken by earlier runs: 198 of the 5,214 an accepted "
        "run left (3.8%, more than 2%; cuts too small to stop one run add up): a cut or partial file? If the file "
        "is complete and right, run again with --allow-shrink."
    )
    assert known.count() == 5_214 - 99


def test_a_new_release_of_the_earnings_stops_and_loads_with_allow_changes(imported, tmp_path):
    folder = copy_of(tmp_path, EARNINGS)
    with_earnings(folder, lambda unitid, cell: f"{round(float(cell) * 1.04)}")
    message = refused("import_schools", folder)
    assert message == (
        f"Import failed, nothing was written. {EARNINGS}: schools: 5,214 of the 5,214 known values of median "
        "earnings 10 years after entry would change (100%, more than 20%; median change +4.0%): columns mixed up, "
        "or a new release? If this is a new release, run again with --allow-changes."
    )
    out = StringIO()
    call_command("import_schools", str(folder), "--allow-changes", stdout=out)
    assert (
        "  schools, median earnings 10 years after entry: 5,214 → 5,214; 5,214 changed (100.0%), median change "
        "+4.0%"
    ) in out.getvalue()
    assert School.objects.get(unitid=163286).median_earnings == round(82860 * 1.04)
