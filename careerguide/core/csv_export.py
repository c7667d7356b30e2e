"""CSV downloads, streamed: the one rule for cells a spreadsheet could run, and the writer."""

import csv
import io
from itertools import islice

from django.http import HttpResponse, StreamingHttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection":
# =HYPERLINK(…), +cmd, @SUM…).
FORMULA_LEADS = frozenset("=+-@\t\r")


def neutralised(text):
    """`text` as a spreadsheet shows it, never runs it: a leading apostrophe before a formula lead.
    A carriage return becomes a line feed: the csv module (writing "\n" line ends) would not quote
    a field for a lone CR, and the row would break in two. Anything but text (None, a number) is
    returned as it is."""
    if not isinstance(text, str):
        return text
    if text[:1] in FORMULA_LEADS:
        text = f"'{text}"
    if "\r" in text:  # rare: most cells are returned as they are, without copying
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def csv_pieces(columns, rows, batch=500):
    """The CSV text, a header of `columns` then `rows`, in pieces of `batch` rows: a streamed
    response writes each piece at once, rather than one write a row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    rows = iter(rows)
    while True:
        writer.writerows(islice(rows, batch))
        piece = buffer.getvalue()
        if not piece:
            return
        yield piece
        buffer.seek(0)
        buffer.truncate()


def export_params(request):
    """The query parameters of an export: every matching row, so no page or page size."""
    params = request.GET.copy()
    for name in ("page", "per_page"):
        params.pop(name, None)
    return params


def bad_parameter_response(filterset):
    """The 400 of an export whose parameters are wrong, naming each and what is wrong with it."""
    return HttpResponse(
        "Bad parameter\n" + filterset.error_text("\n") + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def csv_response(filename, columns, rows):
    """`rows` under a header of `columns`, streamed as the CSV download `filename`."""
    response = StreamingHttpResponse(csv_pieces(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
