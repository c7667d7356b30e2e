"""A compact snapshot of the imported public data, in the repository, so that a fresh install shows
every school and career (issue 11).

`export_snapshot` writes the facts and figures of an imported database: data sources, schools with
their figures and each figure's source and their aliases, fields of study, the CIP–SOC crosswalk,
program offerings, occupations with their descriptions, wages, outlook and job zones, and their
alternate titles, task statements, technologies, education levels and related occupations: all a
career page shows. (O*NET's text is CC BY 4.0: the header carries its attribution, and every page
that shows it credits it.)

The file is xz-compressed JSON lines (xz: 29% smaller than gzip at its best for this text): a header line, then per table a line naming its columns
and one JSON array per row, rows sorted by their natural key, no timestamps and no database ids,
so the same data always gives the same bytes.

`load_snapshot` writes it with the importer's own functions (`write_schools`, `write_occupations`,
`sync_rows`, `create_careers`): in one transaction, pinned schools and editors' pages untouched,
each figure keeping its source, and a second load changes nothing.
"""

import json
import lzma
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from careerguide.careers.models import (
    AlternateTitle,
    CrosswalkLink,
    EducationLevelShare,
    Occupation,
    RelatedOccupation,
    Task,
    TechnologySkill,
)
from careerguide.core.cache import bump_data_version
from schools.models import DataSource, FieldOfStudy, ProgramOffering, School, SchoolAlias
from schools.vocabulary import cip_level

from .base import ImportContext, SourceSpec, cycle_collection_paused, sync_rows
from .occupations import OUTLOOK_FIELDS, WAGE_FIELDS, create_careers, write_occupations
from .readers import DataFileError
from .schools import COMMON_NAMES, KEEP, PRECEDENCE, SOURCE_OF, SOURCES, write_aliases, write_schools
from .versions import record_revision

SNAPSHOT_PATH = Path(settings.BASE_DIR) / "fixtures" / "snapshot" / "public-data.jsonl.xz"
FORMAT = "careerguide-public-data-snapshot"
# 2: schools' graduation cohort and predominant degree, occupations' experience and training;
# 3: the Scorecard 2023-24 figures (cost, net price by income, retention…) and the schools' aliases,
# the occupations' descriptions and task statements.
VERSION = 3
# O*NET's license (CC BY 4.0) asks for its attribution wherever its data goes: this file carries it too.
ONET_CREDIT = (
    "O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA). Used under the CC BY 4.0 license (https://creativecommons.org/licenses/by/4.0/). "
    "Careerguide has modified all or some of this information; USDOL/ETA has not approved, endorsed, "
    "or tested these modifications."
)

SCHOOL_FIELDS = tuple(PRECEDENCE)
SOURCE_FIELDS = ("wage_source_id", "outlook_source_id")
OCCUPATION_FIELDS = (
    "soc_code",
    "title",
    "description",
    "job_zone",
    *(name for name in (*WAGE_FIELDS, *OUTLOOK_FIELDS) if name not in SOURCE_FIELDS),
)

# Table → (model, ORM lookups exported, in order; the first `key` of them sort the rows).
TABLES = {
    "schools": (
        School.objects.all(),
        ("unitid", "slug", *SCHOOL_FIELDS, *(f"{name}_source__key" for name in SOURCES)),
    ),
    # The public data's: the editors' are theirs, the common names Careerguide ships are added on load.
    "school aliases": (
        SchoolAlias.objects.filter(source__isnull=False).exclude(source__key=COMMON_NAMES.key),
        ("school__unitid", "name", "source__key"),
    ),
    "fields of study": (FieldOfStudy.objects.all(), ("code", "title", "definition")),
    "crosswalk links": (CrosswalkLink.objects.all(), ("field_id", "soc_code", "soc_title")),
    "program offerings": (
        ProgramOffering.objects.all(),
        (
            "school__unitid",
            "field_id",
            "credential_level",
            "series",
            "graduates",
            "median_earnings_5yr",
            "source__key",
        ),
    ),
    "occupations": (
        Occupation.objects.all(),
        ("code", *OCCUPATION_FIELDS, "wage_source__key", "outlook_source__key"),
    ),
    "alternate titles": (AlternateTitle.objects.all(), ("occupation__code", "title", "short_title")),
    "tasks": (Task.objects.all(), ("occupation__code", "onet_task_id", "statement", "kind")),
    "technology skills": (
        TechnologySkill.objects.all(),
        ("occupation__code", "name", "commodity_code", "category", "is_hot", "is_in_demand"),
    ),
    "education levels": (
        EducationLevelShare.objects.all(),
        ("occupation__code", "category", "label", "percent"),
    ),
    "related occupations": (
        RelatedOccupation.objects.all(),
        ("occupation__code", "related_occupation__code", "tier", "rank"),
    ),
}
KEY_WIDTH = {
    "schools": 1,
    "school aliases": 2,
    "fields of study": 1,
    "crosswalk links": 2,
    "program offerings": 3,
    "occupations": 1,
    "alternate titles": 2,
    "tasks": 2,
    "technology skills": 2,
    "education levels": 2,
    "related occupations": 2,
}


def decimal_text(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"a snapshot holds no {type(value).__name__}")


# One encoder for every row (json.dumps with options builds one a call).
ROW_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=decimal_text)


def sort_key(row, width):
    return tuple("" if value is None else value for value in row[:width])


def snapshot_text():
    """The snapshot of this database as JSON lines, uncompressed; returns (text, rows per table)."""
    lines, counts, used_sources = [], {}, set()
    for table, (queryset, lookups) in TABLES.items():
        # (No key column holds a Decimal, which the rows keep until they are written.)
        rows = sorted(
            queryset.order_by().values_list(*lookups).iterator(chunk_size=5000),
            key=lambda row, width=KEY_WIDTH[table]: sort_key(row, width),
        )
        for position, lookup in enumerate(lookups):
            if lookup.endswith("source__key"):
                used_sources.update(row[position] for row in rows if row[position] is not None)
        counts[table] = len(rows)
        lines.append(json.dumps({"table": table, "columns": list(lookups), "rows": len(rows)}))
        lines.extend(map(ROW_JSON.encode, rows))
    sources = [
        list(row)
        for row in DataSource.objects.filter(key__in=used_sources)
        .order_by("key")
        .values_list("key", "name", "edition", "url")
    ]
    header = {"format": FORMAT, "version": VERSION, "credit": ONET_CREDIT, "sources": sources, "rows": counts}
    return "\n".join([json.dumps(header, ensure_ascii=False), *lines]) + "\n", counts


def export_snapshot(path=SNAPSHOT_PATH):
    """Write the snapshot of this database to `path`; returns (rows per table, bytes written)."""
    text, counts = snapshot_text()
    data = lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME)  # no timestamp in xz
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return counts, len(data)


def read_snapshot(path):
    """(header, {table: [row, …]}) of a snapshot file, checked against its own counts."""
    display = str(path)
    try:
        text = lzma.decompress(Path(path).read_bytes()).decode("utf-8")
    except (OSError, EOFError, lzma.LZMAError, UnicodeDecodeError) as error:
        raise DataFileError(display, f"not a readable snapshot ({error})") from None
    try:
        return parse_lines(text.splitlines(), display)
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
        raise DataFileError(display, f"the snapshot is damaged or cut short ({error})") from None


def parse_lines(lines, display):
    header = json.loads(lines[0]) if lines else {}
    if (header.get("format"), header.get("version")) != (FORMAT, VERSION):
        raise DataFileError(display, f"not a {FORMAT} version {VERSION} file", line=1)
    tables, position = {}, 1
    while position < len(lines):
        meta = json.loads(lines[position])
        count = meta["rows"]
        block = lines[position + 1 : position + 1 + count]
        rows = json.loads("[" + ",".join(block) + "]")  # one parse per table
        if len(rows) != count or meta["table"] not in TABLES:
            raise DataFileError(
                display, f"table {meta['table']!r} is cut short or unknown", line=position + 1
            )
        tables[meta["table"]] = (meta["columns"], rows)
        position += 1 + count
    missing = set(TABLES) - set(tables)
    if missing:
        raise DataFileError(display, "missing tables (cut short?): " + ", ".join(sorted(missing)))
    return header, tables


def has_public_data():
    """Whether this database already holds public data, from an import or a snapshot."""
    return any(DataSource.is_public_data(key) for key in DataSource.objects.values_list("key", flat=True))


def converters(model, names):
    """Per column: the model field's own conversion (decimal text → Decimal), or None to keep."""
    result = []
    for name in names:
        field = model._meta.get_field(name.removesuffix("_id"))
        result.append(field.to_python if field.get_internal_type() == "DecimalField" else None)
    return result


def convert(rows, model, names, start):
    """Rows with the columns from `start` on converted to the types of `model`'s fields `names`."""
    functions = converters(model, names)
    for row in rows:
        for offset, function in enumerate(functions):
            if function is not None and row[start + offset] is not None:
                row[start + offset] = function(row[start + offset])
    return rows


def load_snapshot(path, report):
    """Load the snapshot at `path` under the importer's rules, all or nothing."""
    ctx = ImportContext({}, report, timezone.now())
    report.progress(f"Loading {path} …")
    with cycle_collection_paused(), transaction.atomic():
        header, tables = read_snapshot(path)
        sources = {
            key: ctx.source(SourceSpec(key, name, edition, url))
            for key, name, edition, url in header["sources"]
        }
        source_ids = {key: source.pk for key, source in sources.items()}
        load_schools(ctx, tables["schools"][1], sources, str(path))
        load_aliases(ctx, tables["school aliases"][1], source_ids, str(path))
        load_programs(ctx, tables, source_ids)
        load_occupations(ctx, tables, source_ids, str(path))
        ctx.guard.save_marks()
        record_revision(ctx)
    bump_data_version()  # bulk writes send no model signals: cached pages go stale here
    return header


def load_schools(ctx, rows, sources, display):
    convert(rows, School, SCHOOL_FIELDS, 2)
    width = len(SCHOOL_FIELDS)
    by_unitid, slugs = {}, {}
    for row in rows:
        unitid = row[0]
        slugs[unitid] = row[1]
        values = dict(zip(SCHOOL_FIELDS, row[2 : 2 + width], strict=True))
        figure_sources = dict(zip(SOURCES, row[2 + width :], strict=True))
        by_unitid[unitid] = (values, figure_sources)

    def resolve(unitid, field, school):
        values, figure_sources = by_unitid.get(unitid, (None, None))
        if values is None:
            return KEEP
        key = figure_sources.get(SOURCE_OF.get(field, ""))
        return values[field], sources[key] if key else None

    existing = {school.unitid: school for school in School.objects.all()}
    write_schools(ctx, existing, sorted(by_unitid), resolve, lambda field: display, slugs)


def load_aliases(ctx, rows, source_ids, display):
    aliases = {}
    for unitid, name, source_key in rows:
        aliases.setdefault(unitid, []).append((name, source_ids.get(source_key)))
    write_aliases(ctx, aliases, display)


def load_programs(ctx, tables, source_ids):
    _, fields = tables["fields of study"]
    sync_rows(
        ctx,
        kind="fields of study",
        model=FieldOfStudy,
        keys=("code",),
        values=("title", "definition", "level"),
        desired={(code,): (title, definition, cip_level(code)) for code, title, definition in fields},
        existing=FieldOfStudy.objects.all(),
        keep_stale=True,
    )
    _, links = tables["crosswalk links"]
    sync_rows(
        ctx,
        kind="crosswalk links",
        model=CrosswalkLink,
        keys=("field_id", "soc_code"),
        values=("soc_title",),
        desired={(cip, soc): (title,) for cip, soc, title in links},
        existing=CrosswalkLink.objects.all(),
    )
    schools = dict(School.objects.values_list("unitid", "id"))
    pinned = set(School.objects.filter(pinned=True).values_list("id", flat=True))
    desired = {}
    for unitid, code, level, series, graduates, earnings, source_key in tables["program offerings"][1]:
        school_id = schools.get(unitid)
        if school_id is None or school_id in pinned:
            continue
        desired[(school_id, code, level)] = (series, graduates, earnings, source_ids.get(source_key))
    sync_rows(
        ctx,
        kind="program offerings",
        model=ProgramOffering,
        keys=("school_id", "field_id", "credential_level"),
        values=("series", "graduates", "median_earnings_5yr", "source_id"),
        desired=desired,
        existing=ProgramOffering.objects.all(),
        protected=lambda key: key[0] in pinned,
    )


def load_occupations(ctx, tables, source_ids, display):
    _, rows = tables["occupations"]
    width = len(OCCUPATION_FIELDS)
    convert(rows, Occupation, OCCUPATION_FIELDS, 1)
    occupations = {occupation.code: occupation for occupation in Occupation.objects.all()}
    state = {code: {} for code in occupations}
    for row in rows:
        values = dict(zip(OCCUPATION_FIELDS, row[1 : 1 + width], strict=True))
        wage_key, outlook_key = row[1 + width :]
        values["wage_source_id"] = source_ids.get(wage_key)
        values["outlook_source_id"] = source_ids.get(outlook_key)
        state[row[0]] = values
    write_occupations(ctx, occupations, set(state), state, lambda field: display)
    ids = dict(Occupation.objects.values_list("code", "id"))

    def children(table, model, keys, values):
        _, rows = tables[table]
        convert(rows, model, values, len(keys))
        desired = {}
        for row in rows:
            occupation_id = ids[row[0]]
            key = (
                occupation_id,
                *(
                    ids[value] if name.endswith("occupation_id") else value
                    for name, value in zip(keys[1:], row[1 : len(keys)], strict=True)
                ),
            )
            desired[key] = tuple(row[len(keys) :])
        sync_rows(
            ctx,
            kind=table,
            model=model,
            keys=keys,
            values=values,
            desired=desired,
            existing=model.objects.all(),
        )

    children("alternate titles", AlternateTitle, ("occupation_id", "title"), ("short_title",))
    children("tasks", Task, ("occupation_id", "onet_task_id"), ("statement", "kind"))
    children(
        "technology skills",
        TechnologySkill,
        ("occupation_id", "name"),
        ("commodity_code", "category", "is_hot", "is_in_demand"),
    )
    children("education levels", EducationLevelShare, ("occupation_id", "category"), ("label", "percent"))
    children(
        "related occupations",
        RelatedOccupation,
        ("occupation_id", "related_occupation_id"),
        ("tier", "rank"),
    )
    create_careers(ctx)
