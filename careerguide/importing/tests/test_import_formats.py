"""The official packaging read as is: .xlsx workbooks (openpyxl) and .zip downloads, unpacked by
nobody; a file that is not UTF-8 under --keep-going."""

import csv
import io
import re
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from careerguide.careers.models import Occupation, Task
from schools.models import School

from .import_samples import FILES, file_key, write_dataset

pytestmark = pytest.mark.django_db


def run(directory, *options):
    out = StringIO()
    call_command("import_public_data", str(directory), *options, stdout=out)
    return out.getvalue()


def as_number(text):
    """A cell as a spreadsheet stores it: numbers as numbers (11505 → 11505, 84 → 84.0 float)."""
    cleaned = text.replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        try:
            return float(cleaned)
        except ValueError:
            return text or None


def write_xlsx(path, csv_text):
    workbook = Workbook()
    sheet = workbook.active
    for record in csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))):
        sheet.append([as_number(cell) for cell in record])
    workbook.create_sheet("Notes").append(["A second sheet the importer does not read"])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def figures():
    return {
        school.unitid: (school.name, school.tuition_in_state, school.tuition_out_of_state, school.enrollment)
        for school in School.objects.all()
    }


def test_spreadsheets_are_read_directly(tmp_path):
    csv_run = write_dataset(tmp_path / "csv")
    run(csv_run)
    expected = figures()
    School.objects.all().delete()

    data = write_dataset(tmp_path / "xlsx", ipeds2023_cost_csv=None, ipeds2023_enrollment_csv=None)
    write_xlsx(data / "ipeds" / "ipeds2023_cost.xlsx", FILES["ipeds/ipeds2023_cost.csv"])
    write_xlsx(data / "ipeds" / "ipeds2023_enrollment.xlsx", FILES["ipeds/ipeds2023_enrollment.csv"])
    output = run(data)

    assert "Reading ipeds/ipeds2023_cost.xlsx" in output
    assert figures() == expected
    assert expected[163286][1:] == (11505, 40306, 40813)


def test_a_bad_value_in_a_spreadsheet_names_the_row_and_column(tmp_path):
    cost = FILES["ipeds/ipeds2023_cost.csv"].replace("34501", "lots")
    data = write_dataset(tmp_path / "data", ipeds2023_cost_csv=None)
    write_xlsx(data / "ipeds" / "ipeds2023_cost.xlsx", cost)
    with pytest.raises(CommandError) as raised:
        run(data)
    assert "ipeds/ipeds2023_cost.xlsx, line 3, column 3 (TUITION_FEES_2023_OUTSTATE): not a number" in str(
        raised.value
    )


def test_zipped_downloads_are_read_without_unpacking(tmp_path):
    onet = {name: text for name, text in FILES.items() if name.startswith("onet/")}
    data = write_dataset(tmp_path / "data", **dict.fromkeys(map(file_key, onet)))
    (data / "onet").mkdir()
    with zipfile.ZipFile(data / "onet" / "db_29_2_text.zip", "w") as archive:
        for name, text in onet.items():
            archive.writestr("db_29_2_text/" + name.split("/")[-1], text)
        archive.writestr("__MACOSX/db_29_2_text/._Job Zones.txt", b"\x00\x05")
    assert not any(path.suffix == ".txt" for path in (data / "onet").iterdir())

    output = run(data)

    assert "Reading onet/db_29_2_text.zip:db_29_2_text/Occupation Data.txt" in output
    assert Occupation.objects.count() == 5  # every line of the sample's Occupation Data.txt
    assert Task.objects.exists()
    assert run(data).endswith("No changes.\n")


def test_a_broken_zip_is_a_clear_error(tmp_path):
    data = write_dataset(tmp_path / "data")
    (data / "onet" / "db_29_2_text.zip").write_bytes(b"PK not really")
    with pytest.raises(CommandError, match=re.escape("onet/db_29_2_text.zip is not a readable .zip file")):
        run(data)


def test_keep_going_skips_the_lines_that_are_not_utf8_and_imports_the_rest(tmp_path):
    text = FILES["onet/Occupation Data.txt"].replace("Anesthesiologists", "Anesthésiologists")
    data = write_dataset(tmp_path / "data", Occupation_Data_txt=text.encode("cp1252"))

    output = run(data, "--keep-going")

    assert "Bad rows skipped (--keep-going): 1" in output
    assert "occupations: onet/Occupation Data.txt, line 4: not UTF-8 text (byte 0xe9" in output
    assert Occupation.objects.filter(code="29-1211.00").exists() is False
    assert Occupation.objects.count() == 4
    assert School.objects.count() > 0  # the rest of the run went on
