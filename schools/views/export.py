"""GET /schools/export.csv: every school matching the finder's parameters, streamed."""

from django.views.decorators.http import require_safe

from careerguide.core.csv_export import (
    bad_parameter_response,
    csv_pieces,
    csv_response,
    export_params,
    neutralise_cells,
)

from ..filters import CONTROL_SLUG_OF, SchoolFilterSet
from ..models import CSV_COLUMNS, School

CSV_CHUNK = 2000
CSV_BATCH = 500
CSV_CONTROL_AT = CSV_COLUMNS.index("control")
CSV_TEXT_AT = tuple(
    index
    for index, name in enumerate(CSV_COLUMNS)
    if School._meta.get_field(name).get_internal_type() in ("CharField", "URLField", "SlugField")
)


def csv_row(row):
    """A csv_rows() tuple as written: control as its slug, text cells that could run as a formula
    neutralised. Numbers stay numbers (a net price of -3220 is -3220; a rate is the database's text
    of it, "89.10"); the csv module writes None as an empty field."""
    row = list(row)
    row[CSV_CONTROL_AT] = CONTROL_SLUG_OF.get(row[CSV_CONTROL_AT], "")
    neutralise_cells(row, CSV_TEXT_AT)
    return row


@require_safe
def export_csv(request, filterset_class=SchoolFilterSet):
    params = export_params(request)  # every matching school, not one page
    filterset = filterset_class(params, queryset=School.objects.all(), request=request)
    filterset.reads_every_row = True  # sorted in full, not read along an index
    if not filterset.is_valid():
        return bad_parameter_response(filterset)
    rows = filterset.qs.csv_rows().iterator(chunk_size=CSV_CHUNK)
    return csv_response("schools.csv", csv_pieces(CSV_COLUMNS, rows, csv_row, CSV_BATCH))
