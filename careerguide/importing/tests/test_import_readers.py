"""The readers and value parsers behind the importers: formats and quirks of the official files."""

from decimal import Decimal

import pytest

from careerguide.importing.readers import (
    Column,
    DataFileError,
    RowError,
    Table,
    is_missing,
    parse_cip,
    parse_cip_series,
    parse_fraction_as_percent,
    parse_int,
    parse_percent,
    parse_website,
    parse_zip,
    strip_title,
)
from careerguide.importing.runner import ImportSetupError, find_files


@pytest.mark.parametrize(
    "raw", ["", "NULL", "null", "PrivacySuppressed", "PS", "nan", "NaN", "—", "*", "**", "n/a"]
)
def test_missing_markers_mean_unknown(raw):
    assert is_missing(raw)


@pytest.mark.parametrize("raw", ["0", "0.0", "PSY", "None given"])
def test_values_that_are_not_missing(raw):
    assert not is_missing(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20742", "20742"),
        ("2138", "02138"),  # a spreadsheet dropped the leading zero
        ("674", "00674"),
        ("61820-5711", "61820-5711"),
        ("2138-1234", "02138-1234"),
        ("368694419", "36869-4419"),  # ZIP+4 without its dash
        ("21381234", "02138-1234"),  # …and without its leading zero
    ],
)
def test_zip_codes_are_zero_padded_and_keep_plus_four(raw, expected):
    assert parse_zip(raw) == expected


@pytest.mark.parametrize("raw", ["ABCDE", "1234567890", "2138-12", "20742 5711"])
def test_bad_zip_codes_are_refused(raw):
    with pytest.raises(ValueError, match="not a ZIP code such as 20742"):
        parse_zip(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('="01.0101"', "01.0101"),
        ('="11"', "11"),
        ('="11.07"', "11.07"),
        ("11.0701", "11.0701"),
        ("1.0101", "01.0101"),
    ],
)
def test_cip_codes_are_unwrapped(raw, expected):
    assert parse_cip(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("1107", "11.07"), ("0109", "01.09"), ("109", "01.09")])
def test_scorecard_series_codes_gain_their_dot(raw, expected):
    assert parse_cip_series(raw) == expected


@pytest.mark.parametrize("raw", ["11.0701", "abcd", "12345"])
def test_bad_series_codes_are_refused(raw):
    with pytest.raises(ValueError, match="not a 4-digit CIP series such as 1107"):
        parse_cip_series(raw)


def test_numbers_with_thousands_separators():
    assert parse_int("40,306") == 40306
    assert parse_int("40628.0") == 40628
    with pytest.raises(ValueError, match="not a whole number"):
        parse_int("12.5")
    with pytest.raises(ValueError, match="must be at least 0"):
        parse_int("-1", minimum=0)


def test_rates_become_percentages():
    assert parse_fraction_as_percent("0.5096") == Decimal("50.96")
    assert parse_fraction_as_percent("1") == Decimal("100.00")
    assert parse_percent("84") == Decimal("84")
    with pytest.raises(ValueError, match="a rate must be a fraction between 0 and 1"):
        parse_fraction_as_percent("50.96")  # already a percentage: refused, not stored as 5096%
    with pytest.raises(ValueError, match="must be at most 100"):
        parse_percent("101")


def test_websites_gain_a_scheme():
    assert parse_website("www.umd.edu/") == "https://www.umd.edu/"
    assert parse_website("http://example.edu") == "http://example.edu"
    assert parse_website("www.south.edu/wpb#location=West Palm Beach, FL").startswith(
        "https://www.south.edu/"
    )
    with pytest.raises(ValueError, match="not a web address"):
        parse_website("not a site")


def test_cip_titles_lose_their_full_stop():
    assert strip_title("Computer Science.") == "Computer Science"
    assert strip_title("Data Science,  General.") == "Data Science, General"


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_bom_is_stripped_from_the_header(tmp_path):
    path = write(tmp_path, "x.csv", "\ufeffUNITID,NAME\n1,A\n")
    table = Table(path, "x.csv", columns={"unitid": "UNITID"})
    assert [row.get("unitid") for row in table] == ["1"]


def test_columns_are_matched_case_insensitively_and_by_pattern(tmp_path):
    path = write(tmp_path, "x.csv", "UnitID,TUITION_FEES_INSTATE2023\n1,100\n")
    table = Table(
        path,
        "x.csv",
        columns={
            "unitid": "UNITID",
            "tuition": Column("TUITION_FEES_INSTATE<year>", r"TUITION_FEES_INSTATE\d{4}"),
        },
    )
    row = next(iter(table))
    assert (row.get("unitid", parse_int), row.get("tuition", parse_int)) == (1, 100)


def test_missing_column_names_file_and_column(tmp_path):
    path = write(tmp_path, "cost.csv", "UnitID,Institution Name\n1,A\n")
    with pytest.raises(DataFileError) as raised:
        Table(path, "ipeds/cost.csv", columns={"unitid": "UnitID", "tuition": "TUITION_FEES_INSTATE2023"})
    message = str(raised.value)
    assert message.startswith("ipeds/cost.csv, line 1, column 'TUITION_FEES_INSTATE2023': missing column")
    assert "UnitID, Institution Name" in message


def test_bad_value_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "x.csv", "UNITID,ENR_TOTAL\n1,10\n2,lots\n")
    table = Table(path, "x.csv", columns={"unitid": "UNITID", "total": "ENR_TOTAL"})
    rows = iter(table)
    assert next(rows).get("total", parse_int) == 10
    with pytest.raises(RowError) as raised:
        next(rows).get("total", parse_int)
    assert str(raised.value) == "x.csv, line 3, column 2 (ENR_TOTAL): not a number: 'lots'"


def test_non_utf8_file_is_a_clear_error(tmp_path):
    path = write(tmp_path, "x.csv", "UNITID,NAME\n1,A\n2,Universit\xe9 de Montr\xe9al\n".encode("latin-1"))
    with pytest.raises(DataFileError) as raised:
        Table(path, "x.csv", columns={"unitid": "UNITID"})
    assert "x.csv, line 3: the file is not UTF-8 text (byte 0xe9" in str(raised.value)
    assert "save it as UTF-8" in str(raised.value)


def test_empty_file_is_a_clear_error(tmp_path):
    path = write(tmp_path, "x.csv", "")
    with pytest.raises(DataFileError, match="the file is empty"):
        Table(path, "x.csv", columns={"unitid": "UNITID"})


def test_truncated_row_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, "x.csv", "UNITID,NAME,CITY\n1,A,B\n2,Cut")
    rows = list(Table(path, "x.csv", columns={"unitid": "UNITID"}))
    assert rows[0].problem is None
    assert str(rows[1].problem) == (
        "x.csv, line 3: expected 3 fields, found 2: the row is cut short (a truncated file?) "
        "or has an unescaped delimiter or quote"
    )


def test_truncated_inside_a_quote_is_a_clear_error(tmp_path):
    path = write(tmp_path, "x.csv", 'UNITID,NAME\n1,A\n2,"Cut in the mid')
    with pytest.raises(DataFileError, match=r"x.csv, line 3: unreadable CSV .*truncated"):
        list(Table(path, "x.csv", columns={"unitid": "UNITID"}))


def test_trailing_empty_cells_are_ignored_and_blank_lines_skipped(tmp_path):
    path = write(tmp_path, "x.csv", "UNITID,NAME\n1,A,,\n\n2,B\n")
    rows = list(Table(path, "x.csv", columns={"unitid": "UNITID"}))
    assert [(row.line, row.get("unitid"), row.problem) for row in rows] == [(2, "1", None), (4, "2", None)]


def test_undoubled_quotes_inside_quoted_fields_are_read_as_text(tmp_path):
    path = write(
        tmp_path,
        "CIPCode2020.csv",
        '"CIPCode","CIPTitle","CIPDefinition"\n'
        '="43","SECURITY.","Note: this series is titled "Security and Protective Services" in Canada.","x"\n'
        '="43.01","Criminal Justice.","Defined in ""43.0100"".",\n',
    )
    table = Table(path, "cip.csv", columns={"code": "CIPCode", "definition": "CIPDefinition"})
    rows = list(table)
    assert table.lenient
    assert (
        rows[0].get("definition")
        == 'Note: this series is titled "Security and Protective Services" in Canada.'
    )
    assert rows[1].get("definition") == 'Defined in "43.0100".'
    assert [row.line for row in rows] == [2, 3]


def test_tab_separated_files_keep_quotes_literally(tmp_path):
    path = write(
        tmp_path, "Task Statements.txt", 'O*NET-SOC Code\tTask\r\n11-1031.00\tConduct "head counts".\r\n'
    )
    rows = list(Table(path, "tasks", columns={"code": "O*NET-SOC Code", "task": "Task"}, delimiter="\t"))
    assert rows[0].get("task") == 'Conduct "head counts".'


def test_files_are_recognised_by_name(tmp_path):
    for name in (
        "ipeds/ipeds2023_institutions.csv",
        "scorecard/Most-Recent-Cohorts-Institution_extract.csv",
        "onet/Occupation Data.txt",
        "bls/ep_table1.2_occupational_projections_2024-34.csv",
        "notes/README.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    files, unused = find_files(tmp_path)
    assert set(files) == {"ipeds_institutions", "scorecard_institutions", "onet_occupations", "ep"}
    assert (files["ipeds_institutions"].year, files["ep"].year, files["ep"].end) == ("2023", "2024", "34")
    assert unused == ["notes/README.md"]


def test_two_files_for_one_role_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "earnings_2025.csv").write_text("x")
    (tmp_path / "b" / "earnings_2025.csv").write_text("x")
    with pytest.raises(ImportSetupError, match="two files look like the same data"):
        find_files(tmp_path)
