"""Shared machinery of the importers: the run context, data sources and in-memory diffing."""

import contextlib
import gc
import operator
from dataclasses import dataclass

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from schools.models import DataSource

from .guard import Guard, figures_of
from .readers import RowError, Table

WRITE_CHUNK = 20_000  # rows per executemany or COPY call


@contextlib.contextmanager
def cycle_collection_paused():
    """Python's cycle collector paused for a bulk run. An import keeps a few hundred thousand
    objects until its end (rows read, keys seen, rows to write); the collector would walk them
    again and again as they pile up, though they form no cycles. What cycles the run leaves are
    collected after it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Seen:
    """The one duplicate check of the importers: remembers the line each key was first read on. A
    repeat is an error naming both lines, or, when the release is known to repeat such rows
    harmlessly (`repeat_reason`), a skip listed in the report."""

    def __init__(self, ctx, kind, repeat_reason=""):
        self.ctx = ctx
        self.kind = kind
        self.repeat_reason = repeat_reason
        self.lines = {}

    def first(self, key, row, column, label):
        """True the first time `key` is seen; `label` names it in messages, `column` is blamed."""
        line = self.lines.get(key)
        if line is None:
            self.lines[key] = row.line
            return True
        if self.repeat_reason:
            self.ctx.report.skip(self.kind, self.repeat_reason, f"{row.table.display}:{row.line} {label!r}")
            return False
        raise row.error(column, f"{label} appears twice (first on line {line})")


@dataclass(frozen=True)
class SourceSpec:
    """A DataSource row: `key` is stable, `name` and `edition` are what pages show."""

    key: str
    name: str
    edition: str
    url: str = ""


class ImportContext:
    """One import run: the recognised files, the report, and the data sources used so far."""

    def __init__(self, files, report, now):
        self.files = files  # kind of file → FileRef
        self.report = report
        self.now = now
        self.guard = Guard(report)
        self.missing = {}  # kind of file → {key: column} of the optional columns it lacks
        self.versioned = {}  # model → keys of the records the run created or changed (versions.py)
        self._sources = {}

    def has(self, kind):
        return kind in self.files

    def table(self, kind, **options):
        ref = self.files[kind]
        self.report.progress(f"Reading {ref.display} …")
        table = Table(ref.path, ref.display, keep_going=self.report.keep_going, **options)
        self.missing[kind] = table.missing
        return table

    def each_row(self, table, kind, handle, on_error=None):
        """Call `handle(row)` for every row; a bad row is fatal, or recorded with --keep-going
        (after `on_error(row)`, if given). Returns the number of rows read, good and bad."""
        count = 0
        for row in table:
            count += 1
            try:
                if row.problem is not None:
                    raise row.problem
                handle(row)
            except RowError as error:
                if on_error is not None and self.report.keep_going:
                    on_error(row)
                self.report.bad_row(kind, error)
        self.report.read_file(table.display, count, table.facts())
        self.guard.check_file(table, count)
        return count

    def source(self, spec):
        """The DataSource for `spec`, created or brought up to date (name, edition, link) once per run."""
        if spec.key in self._sources:
            return self._sources[spec.key]
        source = DataSource.objects.filter(key=spec.key).first()
        kind = "data sources"
        if source is None:
            source = DataSource.objects.create(
                key=spec.key, name=spec.name, edition=spec.edition, url=spec.url
            )
            self.report.add(kind, "created")
        elif (source.name, source.edition, source.url) != (spec.name, spec.edition, spec.url):
            source.name, source.edition, source.url = spec.name, spec.edition, spec.url
            source.save(update_fields=["name", "edition", "url"])
            self.report.add(kind, "updated")
        else:
            self.report.add(kind, "unchanged")
        self._sources[spec.key] = source
        return source


def bulk_create(model, objects, report=None, label=None):
    """INSERT new model instances as plain rows (`insert_rows`): no per-value ORM compilation,
    which made creating 7,000 schools take seconds. auto_now fields get the time, as save() would;
    the instances get no primary keys back (callers look rows up by natural key afterwards)."""
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not isinstance(field, AutoFieldMixin)]
    steps = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            steps.append(lambda obj, field=field: field.get_db_prep_save(now, connection))
        elif isinstance(field, models.DateField | models.FileField):  # dates as the backend stores them
            steps.append(
                lambda obj, field=field: field.get_db_prep_save(getattr(obj, field.attname), connection)
            )
        else:
            steps.append(operator.attrgetter(field.attname))
    rows = [tuple(step(obj) for step in steps) for obj in objects]
    insert_rows(model, [field.attname for field in fields], rows, report, label)


def insert_rows(model, columns, rows, report=None, label=None):
    """INSERT plain rows (tuples in the order of `columns`, attnames): executemany on SQLite, COPY
    on PostgreSQL.

    For the large data tables (offerings, O*NET rows): no model instances and no per-value
    compilation, which bulk_create would spend on hundreds of thousands of rows. Values are
    already of the columns' Python types (int, str, bool, Decimal, None); the tables have no
    auto_now fields or save() logic to bypass.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    names = ", ".join(quote(meta.get_field(column).column) for column in columns)
    table = quote(meta.db_table)
    total = len(rows)
    with connection.cursor() as cursor:
        for start in range(0, total, WRITE_CHUNK):
            chunk = rows[start : start + WRITE_CHUNK]
            if connection.vendor == "postgresql":
                # COPY: PostgreSQL's bulk path for many rows.
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                # The statement holds only quoted names from the model's metadata; values are bound.
                statement = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
                cursor.executemany(statement, chunk)
            if report is not None and total > WRITE_CHUNK:
                report.progress(f"  {label}: {min(start + WRITE_CHUNK, total):,}/{total:,} written")


def batch_size(model, fields=None):
    """Rows per INSERT/UPDATE statement: as many as the database's parameter limit allows."""
    columns = len(fields) if fields else len(model._meta.concrete_fields)
    limit = connection.features.max_query_params or 65535
    return max(1, min(5_000, limit // max(columns, 1)))


def sync_rows(
    ctx,
    *,
    kind,
    model,
    keys,
    values,
    desired,
    existing,
    delete_stale=True,
    keep_stale=False,
    protected=None,
    label=None,
    file=None,
    missing=None,
    unknown=None,
    rules=(),
):
    """Make the rows of `model` in `existing` (a queryset) match `desired`, with a handful of queries.

    `desired` maps key tuples (the attnames in `keys`) to value tuples (the attnames in `values`).
    Rows are compared in memory: unchanged rows cost nothing, changed ones are written with
    bulk_update, new ones with bulk_create, and rows no longer in the data are deleted — unless
    `delete_stale` is false (the run skipped bad rows, so their absence proves nothing: the report
    says so), `keep_stale` is true (rows of this kind are never deleted by an import: kept without a
    note) or `protected(key)` says the row belongs to a record an editor pinned.

    Before anything is written, the guard compares every value before and after (`label` names
    the table there, `file` the file that decides it: given, the rows the run removes are checked
    too; `missing`: value name → the column the file lacks, `unknown`: value name → the values that
    mean unknown, `rules`: plausibility rules).
    """
    report = ctx.report
    report.kind(kind)
    current = {}
    width = len(keys)
    # A plain (client-side) fetch: PostgreSQL plans server-side cursors (iterator()) for a fast
    # first row, the wrong plan for reading a whole table.
    for row in existing.values_list("pk", *keys, *values).order_by():
        current[row[1 : 1 + width]] = (row[0], row[1 + width :])

    deletes = delete_stale and not keep_stale
    stale = [(key, pk) for key, (pk, _) in current.items() if key not in desired]
    if protected is not None:
        stale = [(key, pk) for key, pk in stale if not protected(key)]
    stale_keys = {key for key, _ in stale} if deletes else set()
    after = dict(desired)
    for key, (_, old) in current.items():
        if key not in after and key not in stale_keys:
            after[key] = old  # kept: pinned, never deleted, or the run skipped bad rows
    ctx.guard.check_table(
        label or kind,
        columns=values,
        figures=figures_of(model, values, unknown),
        before={key: old for key, (_, old) in current.items()},
        after=after,
        files=lambda figure: file or "the run's files",
        rows_file=file if deletes else None,
        missing=missing,
        rules=rules,
    )
    del after

    to_create, to_update, changed_fields = [], [], set()
    unchanged = 0
    for key, new in desired.items():
        found = current.get(key)
        if found is None:
            to_create.append((*key, *new))
            continue
        pk, old = found
        if old == new:
            unchanged += 1
            continue
        changed_fields.update(name for name, a, b in zip(values, old, new, strict=True) if a != b)
        to_update.append(model(pk=pk, **dict(zip(values, new, strict=True))))

    if to_create:
        insert_rows(model, (*keys, *values), to_create, report, label or kind)
    if to_update:
        fields = sorted(changed_fields)
        model.objects.bulk_update(to_update, fields, batch_size=batch_size(model, [*fields, "pk", "pk"]))
    deleted = 0
    if stale and deletes:
        pks = [pk for _, pk in stale]
        for start in range(0, len(pks), 900):
            model.objects.filter(pk__in=pks[start : start + 900]).delete()
        deleted = len(pks)
    elif stale and not keep_stale:
        report.note(
            f"{kind}: {len(stale):,} rows no longer in the data were kept, because bad rows were "
            "skipped in this run; run again without them to remove these rows"
        )
    report.add(kind, "created", len(to_create))
    report.add(kind, "updated", len(to_update))
    report.add(kind, "unchanged", unchanged)
    report.add(kind, "deleted", deleted)
    return {"created": to_create, "updated": to_update, "deleted": deleted}
