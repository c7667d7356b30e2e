"""Reading the official public data files: CSV and tab-separated text, as published.

Every problem is reported with the file, the line and the column it was found in, so that an
editor can open the file and see it. File-level problems (not UTF-8, no header, a missing
column) raise `DataFileError`; a problem with one row raises `RowError`, which an import run
with ``--keep-going`` records and skips.
"""

import csv
import io
import re
import zipfile
import zlib
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Every spelling the public files use for "unknown" (compared case-insensitively).
MISSING_MARKERS = frozenset({"", "null", "privacysuppressed", "ps", "nan", "na", "—", "–", "*", "**", "n/a"})


_url_validator = URLValidator(schemes=["http", "https"])
# A quote inside a field with no quote or delimiter beside it: the file does not double its quotes.
# (Written to start with the quote, so that `re` looks for that one character first.)
STRAY_QUOTE = re.compile(r'"(?<=[^,\r\n"=]")[^,\r\n"]')
LENIENT_FIELD = re.compile(r'"((?:[^"]|""|"(?!,|\r?\n|\Z))*)"(?=,|\r?\n|\Z)|([^,\r\n]*)')


class DataFileError(Exception):
    """A problem in a data file, located as precisely as possible."""

    def __init__(self, file, message, line=None, column=None):
        self.file = str(file)
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    @property
    def location(self):
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self):
        return f"{self.location}: {self.message}"


class RowError(DataFileError):
    """A problem confined to one row: the rest of the file can still be imported."""


def is_missing(raw):
    return raw.strip().lower() in MISSING_MARKERS


# --- value parsers: each takes a non-missing string and raises ValueError with a reason ---------


def parse_int(raw, *, minimum=None, maximum=None):
    try:
        value = int(raw)  # most cells: a plain whole number, which needs no Decimal
    except ValueError:
        text = raw.strip().replace(",", "").replace("$", "")
        try:
            value = int(text)  # "1,234", "$900"
        except ValueError:
            value = _whole_number(text)  # "12.0", "1e3"
    _check_range(value, minimum, maximum)
    return value


def _whole_number(text):
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError("not a whole number")
    return int(number)


def parse_decimal(raw, *, places, minimum=None, maximum=None):
    text = raw.strip().replace(",", "").replace("$", "").rstrip("%")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not a number")
    value = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    _check_range(value, minimum, maximum)
    return value


def parse_percent(raw):
    """A percentage 0–100, kept to two decimals."""
    return parse_decimal(raw, places=2, minimum=0, maximum=100)


def parse_fraction_as_percent(raw):
    """A fraction 0–1 (College Scorecard rates) as a percentage 0–100: 0.5096 → 50.96."""
    text = raw.strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not a number")
    if not 0 <= number <= 1:
        raise ValueError("a rate must be a fraction between 0 and 1")
    return (number * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_range(value, minimum, maximum):
    if minimum is not None and value < minimum:
        raise ValueError(f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise ValueError(f"must be at most {maximum}")


def unwrap_excel(raw):
    """`="01.0101"` (Excel's keep-as-text wrapper) → `01.0101`."""
    text = raw.strip()
    if text.startswith("="):
        text = text[1:]
    return text.strip().strip('"').strip()


CIP_PATTERN = re.compile(r"^(\d{1,2})(?:\.(\d{2})(\d{2})?)?$")


def parse_cip(raw):
    """A dotted CIP code, 2-, 4- or 6-digit; restores a family's lost leading zero (1.0101)."""
    text = unwrap_excel(raw)
    match = CIP_PATTERN.match(text)
    if not match:
        raise ValueError("not a CIP code such as 11, 11.07 or 11.0701")
    family, series, program = match.groups()
    code = family.zfill(2)
    if series:
        code += "." + series + (program or "")
    return code


def parse_cip_series(raw):
    """College Scorecard's 4-digit series without the dot (`1107`, `0109`, `109`) → `11.07`."""
    text = unwrap_excel(raw)
    if "." in text:
        code = parse_cip(text)
        if len(code) != 5:
            raise ValueError("not a 4-digit CIP series such as 1107")
        return code
    if not text.isdigit() or len(text) > 4:
        raise ValueError("not a 4-digit CIP series such as 1107")
    text = text.zfill(4)
    return f"{text[:2]}.{text[2:]}"


def parse_zip(raw):
    """A US ZIP code, zero-padded: `2138` → `02138`; ZIP+4 kept: `61820-5711`, `368694419` → `36869-4419`.

    Spreadsheets drop leading zeros, so a 4-digit ZIP is a 5-digit one and a 7- or 8-digit value
    is a ZIP+4 written without its dash.
    """
    text = raw.strip()
    if "-" in text:
        head, _, tail = text.partition("-")
        if not (head.isdigit() and tail.isdigit() and 1 <= len(head) <= 5 and len(tail) == 4):
            raise ValueError("not a ZIP code such as 20742 or 20742-5025")
        return f"{head.zfill(5)}-{tail}"
    if not text.isdigit() or len(text) > 9:
        raise ValueError("not a ZIP code such as 20742 or 20742-5025")
    if len(text) <= 5:
        return text.zfill(5)
    text = text.zfill(9)
    return f"{text[:5]}-{text[5:]}"


def parse_website(raw, max_length=300):
    """A site as the Scorecard gives it (`www.umd.edu/`) → an absolute URL (`https://www.umd.edu/`)."""
    text = raw.strip().replace(" ", "%20")
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text.lstrip("/")
    try:
        _url_validator(text)
    except ValidationError:
        raise ValueError("not a web address") from None
    if len(text) > max_length:
        raise ValueError(f"a web address longer than {max_length} characters")
    return text


def text_of(max_length):
    """A parser for one-line text: inner whitespace collapsed, at most `max_length` characters."""

    def parse(raw):
        text = " ".join(raw.split())
        if len(text) > max_length:
            raise ValueError(f"longer than {max_length} characters")
        return text

    return parse


def strip_title(raw):
    """A CIP title without its closing full stop: `Computer Science.` → `Computer Science`."""
    text = " ".join(raw.split())
    return text[:-1] if text.endswith(".") else text


# --- tables -----------------------------------------------------------------------------------


class Column:
    """A column looked up by name (case-insensitive) or by a pattern for year-stamped names."""

    def __init__(self, name, pattern=None):
        self.name = name
        self.pattern = re.compile(pattern, re.IGNORECASE) if pattern else None

    def matches(self, header):
        if self.pattern is not None:
            return bool(self.pattern.fullmatch(header))
        return header.lower() == self.name.lower()


class ZipMember:
    """A file inside a .zip download, read without unpacking; looks like a Path to the readers.

    A member is read whole into memory, so its size is checked first, against
    IMPORT_MAX_ARCHIVE_MEMBER_BYTES: a few megabytes of .zip can expand to gigabytes. (The size is
    the archive's own statement; Python's zipfile never reads past it.)"""

    def __init__(self, archive, member, display=None):
        self.archive = archive
        self.member = member
        self.display = display or f"{archive}:{member}"
        self.name = member.rsplit("/", 1)[-1]
        self.suffix = "." + self.name.rsplit(".", 1)[-1] if "." in self.name else ""

    def read_bytes(self):
        cap = settings.IMPORT_MAX_ARCHIVE_MEMBER_BYTES
        try:
            with zipfile.ZipFile(self.archive) as archive:
                info = archive.getinfo(self.member)
                if info.file_size > cap:
                    raise DataFileError(
                        self.display,
                        f"expands to {info.file_size:,} bytes ({info.compress_size:,} in the archive), more "
                        f"than the {cap:,} an import reads from an archive (IMPORT_MAX_ARCHIVE_MEMBER_BYTES); "
                        "nothing was unpacked. A file that large is not one of the public data files: unpack "
                        "it and look, or raise the limit if the machine has the memory.",
                    )
                return archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise DataFileError(self.display, f"cannot be unpacked from its archive ({error})") from None

    def __str__(self):
        return f"{self.archive}:{self.member}"


def cell_text(value):
    """A spreadsheet cell as the CSV export would write it: 40628.0 → "40628", empty → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def decode_line(raw):
    """(text, problem) of one line of bytes: its UTF-8 text, or when it is not UTF-8, the text with
    U+FFFD for its bad bytes and why the row is skipped."""
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as error:
        problem = (
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at character {error.start + 1}); "
            "the row was skipped"
        )
        return raw.decode("utf-8", "replace"), problem


def load_workbook(data):
    """An .xlsx workbook, read-only. openpyxl is imported here, when a workbook is read: every
    start of the site runs this package (ensure_data), and few runs read a workbook."""
    import openpyxl  # noqa: PLC0415 (deferred on purpose, see above)

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def file_text(path):
    """The whole text of a small file (a CSV, or an .xlsx workbook's cells), for notes read from it."""
    data = path.read_bytes()
    if path.suffix.lower() != ".xlsx":
        return data.decode("utf-8", "replace")
    workbook = load_workbook(data)
    try:
        return "\n".join(
            " ".join(cell_text(value) for value in values)
            for sheet in workbook.worksheets
            for values in sheet.iter_rows(values_only=True)
        )
    finally:
        workbook.close()


class Table:
    """The rows of one data file, with its header resolved and every row's line number.

    `columns` maps the importer's names to `Column` specs (or plain header names); all must be
    present. `optional` columns may be absent. Rows are yielded as `Row` objects. The file is CSV
    or tab-separated text, or an .xlsx workbook (its first sheet, read as the spreadsheet's own
    "save as CSV" would write it); `path` may be a `ZipMember`.

    With `keep_going`, lines that are not UTF-8 become bad rows (listed, skipped) instead of
    stopping the whole run.
    """

    def __init__(self, path, display, *, columns, optional=(), delimiter=",", keep_going=False):
        self.path = path
        self.display = display
        self.delimiter = delimiter
        self.keep_going = keep_going
        self.bad_lines = {}  # line → why it could not be read (not UTF-8)
        data = path.read_bytes()
        self.size = len(data)
        # How the text ends: with the line ending its lines have, or inside its last line (a file
        # cut short, or one written without a final line ending). A workbook has no lines.
        self.ends_with_line_ending = True
        self.last_line = None
        if path.suffix.lower() == ".xlsx":
            self.lenient = False
            self._records = self._sheet_records(data)
        else:
            text = self._decode(data)
            self._note_ending(text)
            self.lenient = delimiter == "," and STRAY_QUOTE.search(text) is not None
            self._records = self._lenient_records(text) if self.lenient else self._csv_records(text)
        first = next(self._records, None)
        header = first[2] if first else None
        if header is None or not any(cell.strip() for cell in header):
            raise DataFileError(display, "the file is empty: no header row", line=1)
        self.header = [cell.strip() for cell in header]
        self.width = len(self.header)
        self.index = {}
        self.missing = {}  # optional key → the column's name, for the optional columns the file lacks
        specs = {key: spec if isinstance(spec, Column) else Column(spec) for key, spec in columns.items()}
        optional_specs = {
            key: spec if isinstance(spec, Column) else Column(spec) for key, spec in dict(optional).items()
        }
        for key, spec in {**specs, **optional_specs}.items():
            position = next((i for i, name in enumerate(self.header) if spec.matches(name)), None)
            if position is None:
                if key in specs:
                    found = ", ".join(name for name in self.header if name)
                    raise DataFileError(
                        display,
                        f"missing column {spec.name!r} (the header has: {found})",
                        line=1,
                        column=repr(spec.name),
                    )
                self.missing[key] = spec.name
                continue
            self.index[key] = position

    def _note_ending(self, text):
        """Whether the text ends with a line ending; if not, its last line (number, text)."""
        stripped = text.rstrip(" \t")
        if not stripped or stripped.endswith(("\n", "\r")):
            return
        self.ends_with_line_ending = False
        self.last_line = (stripped.count("\n") + 1, stripped.rsplit("\n", 1)[-1].rstrip("\r"))

    def facts(self):
        """What the run records of this file for the next run to compare with: its size, and how
        it ends (`last_line`: the text of an unterminated last line, at most 500 characters)."""
        facts = {"ends_with_line_ending": self.ends_with_line_ending}
        if self.last_line is not None:
            facts["last_line"] = self.last_line[1][-500:]
        return facts

    def _decode(self, data):
        if not data.strip():
            raise DataFileError(self.display, "the file is empty: no header row", line=1)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if self.keep_going:
                return self._decode_by_line(data)
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            raise DataFileError(
                self.display,
                f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at character {column}); "
                "save it as UTF-8 and import again",
                line=line,
            ) from None

    def _decode_by_line(self, data):
        """Decode line by line; a line that is not UTF-8 is kept (with U+FFFD for its bad bytes) so
        the row can be named, and is marked bad."""
        lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
        decoded = []
        for number, raw in enumerate(lines, start=1):
            text, problem = decode_line(raw)
            decoded.append(text)
            if problem:
                self.bad_lines[number] = problem
        if 1 in self.bad_lines:
            raise DataFileError(self.display, "the header row is not UTF-8 text", line=1)
        return "\n".join(decoded)

    def _sheet_records(self, data):
        try:
            workbook = load_workbook(data)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise DataFileError(self.display, f"not a readable .xlsx workbook ({error})") from None
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, number, [cell_text(value) for value in values]
        finally:
            workbook.close()

    def _csv_records(self, text):
        quoting = csv.QUOTE_NONE if self.delimiter == "\t" else csv.QUOTE_MINIMAL
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=self.delimiter, quoting=quoting, strict=True
        )
        start = 1
        try:
            for record in reader:
                end = reader.line_num
                yield start, end, record
                start = end + 1
        except csv.Error as error:
            raise DataFileError(
                self.display,
                f"unreadable CSV ({error}); the file may be truncated or have an unclosed quote",
                line=start,
            ) from None

    def _lenient_records(self, text):
        """Rows of a CSV whose quoted fields hold undoubled quotes (`"titled "Security" in…"`), as
        the official CIP file does: a quote ends a field only before a comma or the end of a line."""
        position, line, end = 0, 1, len(text)
        while position < end:
            start, record = line, []
            while True:
                match = LENIENT_FIELD.match(text, position)
                quoted = match.group(1)
                value = quoted.replace('""', '"') if quoted is not None else match.group(2)
                record.append(value)
                line += value.count("\n")
                position = match.end()
                if position < end and text[position] == ",":
                    position += 1
                    continue
                break
            if text.startswith("\r\n", position):
                position += 2
            elif position < end:
                position += 1
            line += 1
            yield start, line - 1, record

    def has(self, key):
        return key in self.index

    def column_label(self, key):
        position = self.index[key]
        return f"{position + 1} ({self.header[position]})"

    def __iter__(self):
        bad_lines, width = self.bad_lines, self.width
        for start, end, record in self._records:
            bad_line = bad_lines and next((line for line in range(start, end + 1) if line in bad_lines), None)
            if bad_line:
                yield Row(self, start, record, RowError(self.display, bad_lines[bad_line], line=bad_line))
                continue
            if len(record) == width and record[0].strip():
                yield Row(self, start, record)  # nearly every row: as wide as the header, not blank
                continue
            if not "".join(record).strip():
                continue  # blank line
            cells, problem = self._fit_width(record, start)
            yield Row(self, start, cells, problem)

    def _fit_width(self, record, line):
        """(cells, problem): the record cut to the header's width when only empty cells are
        beyond it (as spreadsheets write them), else as it is, with why its width is wrong."""
        if len(record) > self.width and not any(cell.strip() for cell in record[self.width :]):
            return record[: self.width], None
        if len(record) < self.width:
            return record, RowError(
                self.display,
                f"expected {self.width} fields, found {len(record)}: the row is cut short "
                "(a truncated file?) or has an unescaped delimiter or quote",
                line=line,
            )
        if len(record) > self.width:
            return record, RowError(
                self.display,
                f"expected {self.width} fields, found {len(record)}: "
                "the row has an unescaped delimiter or quote",
                line=line,
            )
        return record, None


class Row:
    __slots__ = ("line", "problem", "record", "table")

    def __init__(self, table, line, record, problem=None):
        self.table = table
        self.line = line
        self.record = record
        self.problem = problem  # a RowError when the row could not be split into the header's fields

    def raw(self, key):
        position = self.table.index[key]
        return self.record[position].strip() if position < len(self.record) else ""

    def get(self, key, parser=None, **options):
        """The value of a column, `None` when unknown (or the column is absent), else parsed."""
        position = self.table.index.get(key)
        if position is None:
            return None
        raw = self.record[position].strip()
        if is_missing(raw):
            return None
        if parser is None:
            return raw
        try:
            return parser(raw, **options)
        except ValueError as error:
            raise self.error(key, f"{error}: {raw!r}") from None

    def require(self, key, parser=None, **options):
        value = self.get(key, parser, **options)
        if value is None:
            raise self.error(key, "a value is required here")
        return value

    def error(self, key, message):
        return RowError(self.table.display, message, line=self.line, column=self.table.column_label(key))


SOC_CODE = re.compile(r"^\d{2}-\d{4}$")


def parse_soc(raw):
    """A 6-digit SOC 2018 code as BLS and the CIP crosswalk write it (15-2051)."""
    code = raw.strip()
    if not SOC_CODE.match(code):
        raise ValueError("not a SOC code such as 15-2051")
    return code
