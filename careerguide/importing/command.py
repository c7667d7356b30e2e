"""The shared management command behind import_public_data and the per-source refreshes."""

from django.core.management.base import BaseCommand, CommandError

from .readers import DataFileError
from .records import operator, recorded_run, run_files
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
                "accept a run that removes more than 2%% of a table's rows or turns more than 2%% of a "
                "figure's known values into unknown (counted since the highest count an accepted run "
                "reached), reads a file far smaller than the last accepted one or missing a column the "
                "database holds values from; the counts start afresh from this run (otherwise it stops)"
            ),
        )
        parser.add_argument(
            "--allow-changes",
            action="store_true",
            help=(
                "a new release is being loaded: accept a run that changes more than 20%% of a figure's "
                "known values, or makes more rows break a plausibility rule (columns that look swapped) "
                "than today (otherwise the run stops; the report shows each figure's median change)"
            ),
        )
        parser.add_argument("--by", default="", help="who runs the import, for the record (default: OS user)")

    def handle(
        self, *args, directory, dry_run, keep_going, allow_shrink, allow_changes, by, verbosity, **options
    ):
        report = Report(
            keep_going=keep_going,
            dry_run=dry_run,
            allow_shrink=allow_shrink,
            allow_changes=allow_changes,
            progress=self.stdout.write,
            verbosity=verbosity,
        )
        families = ", ".join(self.families)
        with recorded_run(
            report, command="import", directory=directory, by=operator(by), families=families
        ) as run:
            try:
                run_import(directory, report, families=self.families)
            except DataFileError as failure:
                run.fail(f"Import failed, nothing was written. {failure}")
            except ImportSetupError as failure:
                run.fail(str(failure))
            run.files = run_files(report)
        if run.error:
            raise CommandError(run.error)
        self.stdout.write(report.render())
