"""The shared management command behind import_public_data and the per-source refreshes."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from .readers import DataFileError
from .records import file_facts, operator, record_run
from .report import Report
from .runner import FAMILIES, ImportSetupError, run_import


class ImportCommand(BaseCommand):
    families = tuple(FAMILIES)
    what = "US public data"

    @property
    def help(self):
        return (
            f"Import {self.what} from a folder laid out like ../shared/data (files are recognised by "
            "their names, also inside .zip downloads; .xlsx workbooks are read directly). All or nothing: "
            "a bad row stops the run and rolls it back, naming the file, line and column, unless "
            "--keep-going. Running it twice changes nothing the second time. Every run, failed ones "
            "too, is recorded (admin: Import runs)."
        )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder holding the downloaded files (e.g. ../shared/data)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="read and compare everything, then roll back: write nothing",
        )
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help="skip unreadable rows (each is listed with its reason) instead of stopping",
        )
        parser.add_argument(
            "--allow-shrink",
            action="store_true",
            help=(
                "accept a file that covers under 90%% of what the database holds from its source, or "
                "that turns more than 2%% of a figure's known values into unknown (otherwise the run stops)"
            ),
        )
        parser.add_argument("--by", default="", help="who runs the import, for the record (default: OS user)")

    def handle(self, *args, directory, dry_run, keep_going, allow_shrink, by, verbosity, **options):
        report = Report(
            keep_going=keep_going,
            dry_run=dry_run,
            allow_shrink=allow_shrink,
            progress=self.stdout.write,
            verbosity=verbosity,
        )
        started_at, clock = timezone.now(), time.perf_counter()
        error = None
        try:
            run_import(directory, report, families=self.families)
        except DataFileError as failure:
            error = CommandError(f"Import failed, nothing was written. {failure}")
        except ImportSetupError as failure:
            error = CommandError(str(failure))
        report.seconds = time.perf_counter() - clock
        try:
            record_run(
                report,
                command="import",
                families=", ".join(self.families),
                directory=directory,
                by=operator(by),
                started_at=started_at,
                files=[file_facts(ref.display, ref.path) for ref in report.sources.values()],
                error="" if error is None else str(error),
            )
        except DatabaseError as failure:
            # An unmigrated database: the run's own outcome (below) matters more than its record.
            self.stderr.write(f"This run could not be recorded ({failure}); run `manage.py migrate`.")
        if error is not None:
            raise error
        self.stdout.write(report.render())
