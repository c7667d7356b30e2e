"""What an import run did: counts per kind of record, every skipped row with its reason, notes."""

import textwrap
from collections import defaultdict

ACTIONS = ("created", "updated", "unchanged", "skipped", "deleted")


class Report:
    def __init__(
        self,
        *,
        keep_going=False,
        dry_run=False,
        allow_shrink=False,
        allow_changes=False,
        progress=None,
        verbosity=1,
    ):
        self.keep_going = keep_going
        self.dry_run = dry_run
        self.allow_shrink = allow_shrink
        self.allow_changes = allow_changes
        # (kind, figure) → guard.FigureCount: known values before and after, values changed.
        self.known = {}
        self.rows = {}  # kind → (rows before, rows after), of the tables the guard checked
        self.run_id = None  # the ImportRun record of this run, once written
        self.verbosity = verbosity
        self._progress = progress
        self.counts = {}
        # (kind, reason) → places (file and line) where it happened, in order.
        self.skips = defaultdict(list)
        self.bad_rows = []
        self.kept_figures = []  # (kind, what) of every editors' figure the run kept
        self.notes = []
        self.files = []
        self.read_facts = {}  # file shown → what reading it found: rows, how it ends (Table.facts)
        self.sources = {}  # kind of file → FileRef, every file the run found for its families
        self.unused_files = []
        self.seconds = None

    # --- recording ------------------------------------------------------------------------------

    def kind(self, kind):
        return self.counts.setdefault(kind, dict.fromkeys(ACTIONS, 0))

    def add(self, kind, action, n=1):
        self.kind(kind)[action] += n

    def skip(self, kind, reason, where=None, *, counted=True):
        """A record left out on purpose, with why. `counted=False` for rows that are not records of
        `kind` (say, a figures row for a UNITID outside the school set): listed, not tallied."""
        self.skips[(kind, reason)].append(where)
        if counted:
            self.add(kind, "skipped")

    def kept(self, kind, what):
        """An editors' figure the run kept in place of the public figure it read (SPEC section 5)."""
        self.kept_figures.append((kind, what))

    def bad_row(self, kind, error):
        """A row that could not be read: fatal unless the run keeps going."""
        if not self.keep_going:
            raise error
        self.bad_rows.append((kind, error))
        self.add(kind, "skipped")

    def had_bad_rows(self, display):
        return any(error.file == display for _, error in self.bad_rows)

    def known_values(self, kind, figure, count):
        self.known[(kind, figure)] = count

    def known_rows(self, kind, before, after):
        self.rows[kind] = (before, after)

    def note(self, message):
        self.notes.append(message)

    def read_file(self, display, rows, facts=None):
        self.files.append((display, rows))
        self.read_facts[display] = {"rows": rows, **(facts or {})}
        self.progress(f"  read {display}: {rows:,} rows")

    def progress(self, message):
        if self._progress is not None and self.verbosity >= 1:
            self._progress(message)

    # --- reading ---------------------------------------------------------------------------------

    @property
    def changes(self):
        return sum(c["created"] + c["updated"] + c["deleted"] for c in self.counts.values())

    def get(self, kind, action):
        return self.counts.get(kind, {}).get(action, 0)

    def render(self):
        lines = []
        if self.unused_files:
            lines.append("Not used (not a file this import reads): " + ", ".join(self.unused_files))
        lines += self._skipped_lines()
        if self.kept_figures:
            lines.append(
                f"Editors' figures kept: {len(self.kept_figures):,} (each beside the public figure this run "
                "read; an editor chooses the public figure again on the school's form)"
            )
            lines += [f"  {kind}: {what}" for kind, what in self.kept_figures]
        if self.bad_rows:
            lines.append(f"Bad rows skipped (--keep-going): {len(self.bad_rows):,}")
            lines += [f"  {kind}: {error}" for kind, error in self.bad_rows]
        if self.notes:
            lines.append("Notes:")
            lines += [
                textwrap.fill(
                    note, width=110, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False
                )
                for note in self.notes
            ]
        lines += self._known_lines()
        lines.append("")
        lines += self._summary_lines()
        return "\n".join(lines)

    def _known_lines(self):
        """Per table: its rows and every figure's known values before and after, with the values
        that changed (of those known both times) and, for numbers, their median change."""
        if not self.known and not self.rows:
            return []
        lines = ["Rows and known values per figure (before → after; changed values, median change):"]
        for table in dict.fromkeys([*self.rows, *(kind for kind, _ in self.known)]):
            if table in self.rows:
                before, after = self.rows[table]
                lines.append(f"  {table}, rows: {before:,} → {after:,}{difference(before, after)}")
            for (kind, figure), count in self.known.items():
                if kind != table:
                    continue
                line = f"  {kind}, {figure}: {count.before:,} → {count.after:,}{difference(count.before, count.after)}"
                if count.changed:
                    line += f"; {count.changed:,} changed ({count.changed / count.compared:.1%})"
                    if count.median_change is not None:
                        line += f", median change {count.median_change:+.1%}"
                lines.append(line)
        return lines

    def _skipped_lines(self):
        """Each reason rows were skipped on purpose, with a few of the places (all at -v 2)."""
        if not self.skips:
            return []
        lines = ["Skipped on purpose:"]
        for (kind, reason), places in self.skips.items():
            lines.append(f"  {kind}: {len(places):,} × {reason}")
            shown = [place for place in (places if self.verbosity >= 2 else places[:3]) if place]
            if shown:
                more = "" if len(shown) == len(places) else f" … (+{len(places) - len(shown):,} more)"
                lines.append("      " + "; ".join(shown) + more)
        return lines

    def _summary_lines(self):
        """The table of counts per kind of record, and the total changed."""
        title = "Summary" + (" (dry run: nothing was written)" if self.dry_run else "")
        if self.seconds is not None:
            title += f", {self.seconds:.1f} s"
        width = max([len("kind of record"), *(len(kind) for kind in self.counts)])
        lines = [title, "kind of record".ljust(width) + "".join(action.rjust(11) for action in ACTIONS)]
        lines += [
            kind.ljust(width) + "".join(f"{counts[action]:,}".rjust(11) for action in ACTIONS)
            for kind, counts in self.counts.items()
        ]
        if self.changes:
            verb = "would change" if self.dry_run else "changed"
            lines.append(f"{self.changes:,} records {verb}.")
        else:
            lines.append("No changes.")
        return lines


def difference(before, after):
    return "" if before == after else f" ({after - before:+,})"
