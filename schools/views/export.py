"""GET /schools/export.csv: every school matching the finder's parameters, streamed."""

import csv
import io
from itertools import islice

from django.db.models import DecimalField
from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from ..filters import CONTROL_SLUG_OF, SchoolFilterSet
from ..models import CSV_COLUMNS, School

CSV_CHUNK = 2000
CSV_BATCH = 500
CSV_CONTROL_AT = CSV_COLUMNS.index("control")
# Decimal columns (the rates) written as plain decimals, never in exponent form.
CSV_DECIMALS_AT = tuple(
    index for index, name in enumerate(CSV_COLUMNS) if isinstance(School._meta.get_field(name), DecimalField)
)
CSV_TEXT_AT = tuple(
    index
    for index, name in enumerate(CSV_COLUMNS)
    if School._meta.get_field(name).get_internal_type() in ("CharField", "URLField", "SlugField")
)
# A text cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(…), +cmd, @SUM…).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text):
    """`text` as a spreadsheet shows it, never runs it: a leading apostrophe before a formula lead.
    A carriage return becomes a line feed: the csv module (writing "\n" line ends) would not quote
    a field for a lone CR, and the row would break in two."""
    if text.startswith(FORMULA_LEADS):
        text = f"'{text}"
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_row(row):
    """A csv_rows() tuple as written: control as its slug, decimals in plain form, text cells that
    could run as a formula neutralised. Numbers stay numbers (a net price of -3220 is -3220); the
    csv module writes None as an empty field."""
    row = list(row)
    row[CSV_CONTROL_AT] = CONTROL_SLUG_OF.get(row[CSV_CONTROL_AT], "")
    for index in CSV_DECIMALS_AT:
        if row[index] is not None:
            row[index] = f"{row[index]:f}"
    for index in CSV_TEXT_AT:
        if row[index]:
            row[index] = neutralised(row[index])
    return row


def csv_lines(rows):
    """The CSV text in pieces of CSV_BATCH rows, each written by one writerows() call."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = iter(rows)
    while True:
        writer.writerows(map(csv_row, islice(rows, CSV_BATCH)))
        piece = buffer.getvalue()
        if not piece:
            return
        yield piece
        buffer.seek(0)
        buffer.truncate()


@require_safe
def export_csv(request, filterset_class=SchoolFilterSet):
    params = request.GET.copy()
    for name in ("page", "per_page"):  # the export is every matching school, not one page
        params.pop(name, None)
    filterset = filterset_class(params, queryset=School.objects.all(), request=request)
    if not filterset.is_valid():
        return HttpResponse(
            "Bad parameter\n" + filterset.error_text("\n") + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = filterset.qs.csv_rows().iterator(chunk_size=CSV_CHUNK)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="schools.csv"'
    return response
