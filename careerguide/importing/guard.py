"""The import guard: the one check every importer's writes go through before anything is written.

Each importer hands it, per table, every stored value before the run and as the run would leave
it (`check_table`), and each file it read (`check_file`). The run stops, naming the file, the
figure, the numbers and the flag that would accept it, when:

- a column the file should have is missing while the database holds values it gives;
- more than 2% of a figure's known values would become unknown, or more than 2% of a table's rows
  would be removed: by this run alone, or added to what accepted runs took since the highest count
  an accepted run left (a high-water mark kept in the database, so that cuts too small to stop one
  run add up and stop a later one);
- a file has far fewer rows or bytes than the last accepted file of its name, covers far fewer
  schools than hold figures from its source, or ends inside its last line where the last accepted
  one ended with a line ending (a file cut short);
  (--allow-shrink accepts all of these, and starts the marks afresh from what the run leaves)
- values look swapped between two columns: more of the rows break a plausibility rule (in-state
  tuition above out-of-state at a public school, say) than break it today;
- more than 20% of a figure's values change, and at least 20 of them
  (a new release does both: --allow-changes; the report shows each figure's median change).

The report lists every table's rows and every figure's known values before and after, and what
changed.
"""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from .models import HighWaterMark, ImportRun
from .readers import DataFileError

MAX_LOST_SHARE = 0.02
MAX_CHANGED_SHARE = 0.20
# Fewer changed values than this never stop a run: in a table of ten, two edits are not a release.
MIN_CHANGED = 20
MAX_RULE_JUMP = 0.05  # a rule's share of breaking rows may grow by this much (5 percentage points)
MIN_FILE_SHARE = 0.9
# How many earlier accepted runs are searched for the last accepted file of a name.
RUNS_SEARCHED = 50

ALLOW_SHRINK = "If the file is complete and right, run again with --allow-shrink."
ALLOW_CHANGES = "If this is a new release, run again with --allow-changes."
UNKNOWN = frozenset({None, ""})


def share(part, whole):
    """`part / whole` as a percentage: one decimal under 10% (1.9%), none above (12%)."""
    fraction = part / whole if whole else 0
    return f"{fraction:.1%}" if fraction < 0.1 else f"{fraction:.0%}"


@dataclass(frozen=True)
class Figure:
    """A stored value the guard watches: the model field (`name`, as the importer's value tuples
    name it), how the report names it, and which values mean "not known" (a flag is always known)."""

    name: str
    label: str
    unknown: frozenset = UNKNOWN


def figures_of(model, names, unknown=None):
    """The Figures of `model`'s fields `names` (attnames; source links are provenance, not figures)."""
    unknown = unknown or {}
    result = []
    for name in names:
        if name.endswith("source_id"):
            continue
        field = model._meta.get_field(name.removesuffix("_id"))
        default = frozenset({None}) if field.get_internal_type() == "BooleanField" else UNKNOWN
        result.append(Figure(name, str(field.verbose_name), unknown.get(name, default)))
    return result


@dataclass(frozen=True)
class Rule:
    """A plausibility rule between columns: `test(*values of fields)` is None where it does not
    apply, True where it holds, False where it is broken. `label` says what breaking it means; the
    file of the last of `fields` is blamed."""

    label: str
    fields: tuple
    test: object

    def count(self, rows, positions):
        """(broken, applicable) over `rows`."""
        broken = applicable = 0
        for row in rows:
            outcome = self.test(*(row[position] for position in positions))
            if outcome is None:
                continue
            applicable += 1
            broken += not outcome
        return broken, applicable


@dataclass
class FigureCount:
    """One figure (or a table's rows) in one run: known values before and after, those the run
    makes unknown (`lost`; rows: removes) and known (`gained`; rows: adds) in rows it keeps, and the
    values changed of those known both times (`compared`), with their median relative change."""

    before: int
    after: int
    lost: int = 0
    gained: int = 0
    changed: int = 0
    compared: int = 0
    median_change: float | None = None


def median_relative_change(pairs):
    """The median of (new − old) / |old| over numeric (old, new) pairs with old ≠ 0, or None."""
    changes = [
        float((new - old) / abs(old))
        for old, new in pairs
        if isinstance(old, int | Decimal)
        and not isinstance(old, bool)
        and old
        and isinstance(new, int | Decimal)
    ]
    return statistics.median(changes) if changes else None


class Guard:
    def __init__(self, report):
        self.report = report
        self._marks = None  # (table, figure) → HighWaterMark
        self._previous_files = None
        self.reached = {}  # (table, figure) → (the count this run leaves, what it takes: net loss)

    # --- the database's memory: high-water marks and the last accepted files ----------------------

    def marks(self):
        if self._marks is None:
            self._marks = {(mark.table, mark.figure): mark for mark in HighWaterMark.objects.all()}
        return self._marks

    def mark(self, table, figure=""):
        """(the highest count an accepted run left, what accepted runs have taken from it since)."""
        mark = self.marks().get((table, figure))
        return (0, 0) if mark is None else (mark.count, mark.lost)

    def previous_file(self, name):
        """The facts of the last accepted run's file of this name (see records.file_facts), or None."""
        if self._previous_files is None:
            self._previous_files = {}
            runs = ImportRun.objects.accepted().latest_first().values_list("files", flat=True)
            for files in runs[:RUNS_SEARCHED]:
                for facts in files:
                    self._previous_files.setdefault(facts.get("name"), facts)
        return self._previous_files.get(name)

    def save_marks(self):
        """Keep what this accepted run reached: the higher of its count and the mark, its net loss
        added to what accepted runs took before; --allow-shrink starts afresh from this run."""
        marks = self.marks()
        creates, updates = [], []
        for (table, figure), (count, taken) in self.reached.items():
            mark = marks.get((table, figure))
            if mark is None:
                mark = HighWaterMark(table=table, figure=figure, count=0, lost=0)
                creates.append(mark)
            else:
                updates.append(mark)
            if self.report.allow_shrink:
                mark.count, mark.lost = count, 0
            else:
                mark.count, mark.lost = max(mark.count, count), max(0, mark.lost + taken)
            mark.run_id = self.report.run_id
        HighWaterMark.objects.bulk_create(creates)
        HighWaterMark.objects.bulk_update(updates, ["count", "lost", "run"])

    def stop(self, display, message, flag):
        raise DataFileError(display, f"{message} {flag}")

    # --- files ------------------------------------------------------------------------------------

    def check_coverage(self, display, what, given, held):
        """A file that gives far fewer records than the database holds from its source."""
        if self.report.allow_shrink or not held or given >= MIN_FILE_SHARE * held:
            return
        self.stop(
            display,
            f"covers {given:,} {what}, but the database holds {held:,} from this source "
            f"({share(given, held)}, under {MIN_FILE_SHARE:.0%}): a cut or partial file?",
            ALLOW_SHRINK,
        )

    def check_file(self, table, rows):
        """A file far smaller than the last accepted file of its name, or one that ends inside its
        last line where that one ended with a line ending (or whose last line is the start of its)."""
        display = table.display
        previous = self.previous_file(display)
        checked = previous is not None and not self.report.allow_shrink
        if checked:
            # A file that lacks optional columns is smaller for it: `check_table` judges those.
            sizes = [("rows", rows, previous.get("rows"))]
            if not table.missing:
                sizes.append(("bytes", table.size, previous.get("bytes")))
            for what, now, then in sizes:
                if then and now < MIN_FILE_SHARE * then:
                    self.stop(
                        display,
                        f"{now:,} {what if now != 1 else what[:-1]}, far fewer than the {then:,} of the last "
                        f"accepted file of this name ({share(now, then)}, under {MIN_FILE_SHARE:.0%}): a cut or "
                        "partial file?",
                        ALLOW_SHRINK,
                    )
        if table.ends_with_line_ending:
            return
        line, text = table.last_line
        where = f"line {line} ({text[-60:]!r})"
        if checked and previous.get("ends_with_line_ending", True):
            self.stop(
                display,
                f"the file ends inside {where}, without the line ending its other lines have, where the last "
                "accepted file of this name ended with one: a file cut inside its last field?",
                ALLOW_SHRINK,
            )
        before = previous.get("last_line", "") if checked else ""
        if before != text and before.startswith(text):
            self.stop(
                display,
                f"the file ends inside {where}, the start of the last line of the last accepted file of this "
                f"name ({before[-60:]!r}): a file cut inside its last field?",
                ALLOW_SHRINK,
            )
        self.report.note(
            f"{display}: the file ends without a line ending after {where}; read as complete ("
            + (
                "the last accepted file of this name ended so too"
                if previous
                else "no earlier import of this file to compare with"
            )
            + ")."
        )

    # --- tables -----------------------------------------------------------------------------------

    def check_table(
        self, kind, *, columns, figures, before, after, files, rows_file=None, missing=None, rules=()
    ):
        """Check the rows of one table before and after the run (`before`, `after`: key → tuple of
        the values named by `columns`, which may hold more than the `figures`: values a rule reads).
        `files(name)` names the file(s) that decide a value, `rows_file` the one that decides which
        rows there are (None: rows the run removes are not its to answer for: a snapshot's, say);
        `missing`: figure name → the column the file lacks. Every figure goes into the report; the
        run stops as the module says."""
        differ = Differences(before, after)
        counts = self.count(kind, columns, figures, before, after, differ)
        rows = self.count_rows(kind, before, after, differ, rows_file is not None)
        if not self.report.allow_shrink:
            for figure in figures:
                column = (missing or {}).get(figure.name)
                if column and counts[figure.name].before:
                    self.stop(
                        files(figure.name),
                        f"{kind}: the column {column!r} is missing, but the database holds "
                        f"{counts[figure.name].before:,} known values of {figure.label}, which it gives: all "
                        "would become unknown. A file with columns left out?",
                        ALLOW_SHRINK,
                    )
            if rows_file is not None:
                self.check_loss(kind, "", rows, rows_file, "rows", "would be removed")
            for figure in figures:
                count, display = counts[figure.name], files(figure.name)
                self.check_loss(
                    kind,
                    figure.name,
                    count,
                    display,
                    f"known values of {figure.label}",
                    "would become unknown",
                )
        if not self.report.allow_changes and differ:
            for rule in rules:
                self.check_rule(kind, rule, columns, before, after, differ, files(rule.fields[-1]))
            for figure in figures:
                self.check_changes(kind, figure, counts[figure.name], files(figure.name))

    def count(self, kind, columns, figures, before, after, differ):
        """{figure name: FigureCount}, put in the report and kept as what the run reaches. Only the
        rows the run changes are compared value by value (in a second run, none)."""
        positions = [columns.index(figure.name) for figure in figures]
        width = len(figures)
        lost, gained, compared_changed = [0] * width, [0] * width, [0] * width
        changed = [[] for _ in figures]
        for key in differ.changed:
            old_row, new_row = before[key], after[key]
            for i, (figure, position) in enumerate(zip(figures, positions, strict=True)):
                old, new = old_row[position], new_row[position]
                if new in figure.unknown:
                    lost[i] += old not in figure.unknown
                elif old in figure.unknown:
                    gained[i] += 1
                else:
                    compared_changed[i] += 1
                    if new != old:
                        changed[i].append((old, new))
        kept = [before[key] for key in differ.kept_unchanged()] if differ.changed or differ.removed else None
        counts = {}
        for i, (figure, position) in enumerate(zip(figures, positions, strict=True)):
            unchanged_known = known_in(
                kept if kept is not None else before.values(), position, figure.unknown
            )
            count = FigureCount(
                before=known_in(before.values(), position, figure.unknown),
                after=known_in(after.values(), position, figure.unknown),
                lost=lost[i],
                gained=gained[i],
                changed=len(changed[i]),
                compared=unchanged_known + compared_changed[i],
                median_change=median_relative_change(changed[i]),
            )
            counts[figure.name] = count
            self.report.known_values(kind, figure.label, count)
            self.reached[(kind, figure.name)] = (count.after, count.lost - count.gained)
        return counts

    def count_rows(self, kind, before, after, differ, answers_for_removals):
        removed = len(differ.removed)
        rows = FigureCount(
            before=len(before), after=len(after), lost=removed, gained=len(after) - len(before) + removed
        )
        self.report.known_rows(kind, rows.before, rows.after)
        self.reached[(kind, "")] = (rows.after, rows.lost - rows.gained if answers_for_removals else 0)
        return rows

    def check_loss(self, kind, figure, count, display, what, verb):
        """This run's losses (rows removed, values made unknown) beyond 2%, alone or added to what
        accepted runs took since, of the high-water mark (or of what there is, when more)."""
        mark, taken = self.mark(kind, figure)
        most = max(mark, count.before)
        if not most:
            return
        if count.lost > MAX_LOST_SHARE * most:
            self.stop(
                display,
                f"{kind}: {count.lost:,} of the {count.before:,} {what} {verb} ({share(count.lost, most)}, more "
                f"than {MAX_LOST_SHARE:.0%}): a cut or partial file?",
                ALLOW_SHRINK,
            )
        total = taken + count.lost - count.gained
        if total > MAX_LOST_SHARE * most:
            self.stop(
                display,
                f"{kind}: {count.lost:,} of the {count.before:,} {what} {verb}, after {taken:,} taken by earlier "
                f"runs: {total:,} of the {most:,} an accepted run left ({share(total, most)}, more than "
                f"{MAX_LOST_SHARE:.0%}; cuts too small to stop one run add up): a cut or partial file?",
                ALLOW_SHRINK,
            )

    def check_changes(self, kind, figure, count, display):
        if count.changed < MIN_CHANGED or count.changed <= MAX_CHANGED_SHARE * count.compared:
            return
        median = "" if count.median_change is None else f"; median change {count.median_change:+.1%}"
        self.stop(
            display,
            f"{kind}: {count.changed:,} of the {count.compared:,} known values of {figure.label} would change "
            f"({share(count.changed, count.compared)}, more than {MAX_CHANGED_SHARE:.0%}{median}): columns mixed "
            "up, or a new release?",
            ALLOW_CHANGES,
        )

    def check_rule(self, kind, rule, columns, before, after, differ, display):
        """The share of rows that break `rule`, today and after the run: counted over every row
        today, then moved by the rows the run changes, adds and removes."""
        positions = [columns.index(name) for name in rule.fields]
        broken_before, applicable_before = rule.count(before.values(), positions)
        old_broken, old_applicable = rule.count(
            [before[key] for key in (*differ.changed, *differ.removed)], positions
        )
        new_broken, new_applicable = rule.count(
            [after[key] for key in (*differ.changed, *differ.added())], positions
        )
        broken_after = broken_before - old_broken + new_broken
        applicable_after = applicable_before - old_applicable + new_applicable
        if not applicable_before or not applicable_after:
            return  # nothing to compare with (a first import), or nothing to judge
        then, now = broken_before / applicable_before, broken_after / applicable_after
        if now - then > MAX_RULE_JUMP and broken_after > broken_before:
            self.stop(
                display,
                f"{kind}: {broken_after:,} of {applicable_after:,} rows would have {rule.label} "
                f"({share(broken_after, applicable_after)}), where {broken_before:,} of {applicable_before:,} have "
                f"today ({share(broken_before, applicable_before)}): values swapped between columns?",
                ALLOW_CHANGES,
            )


def known_in(rows, position, unknown):
    """How many of `rows` hold a known value at `position` (counted by list.count, in C)."""
    column = [row[position] for row in rows]
    return len(column) - sum(column.count(value) for value in unknown)


class Differences:
    """The keys of the rows a run changes (`changed`: in both, with other values), removes and
    adds; the rest it leaves as they are. True when there are any."""

    def __init__(self, before, after):
        self.before, self.after = before, after
        self.changed, self.removed = [], []
        for key, old_row in before.items():
            new_row = after.get(key)
            if new_row is None:
                self.removed.append(key)
            elif new_row != old_row:
                self.changed.append(key)
        self.added_count = len(after) - len(before) + len(self.removed)

    def __bool__(self):
        return bool(self.changed or self.removed or self.added_count)

    def added(self):
        return [key for key in self.after if key not in self.before] if self.added_count else []

    def kept_unchanged(self):
        differing = {*self.changed, *self.removed}
        return [key for key in self.before if key not in differing]
