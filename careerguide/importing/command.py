"""The shared management command behind import_public_data and the per-source refreshes."""

from django.core.management.base import BaseCommand, CommandError

from .readers import DataFileError
from .runner import FAMILIES, ImportSetupError, run_import


class ImportCommand(BaseCommand):
    families = tuple(FAMILIES)
    what = "US public data"

    @property
    def help(self):
        return (
            f"Import {self.what} from a folder laid out like ../shared/data (files are recognised by "
            "their names). All or nothing: a bad row stops the run and rolls it back, naming the file, "
            "line and column, unless --keep-going. Running it twice changes nothing the second time."
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

    def handle(self, *args, directory, dry_run, keep_going, allow_shrink, verbosity, **options):
        try:
            report = run_import(
                directory,
                families=self.families,
                dry_run=dry_run,
                keep_going=keep_going,
                allow_shrink=allow_shrink,
                progress=self.stdout.write,
                verbosity=verbosity,
            )
        except DataFileError as error:
            raise CommandError(f"Import failed, nothing was written. {error}") from error
        except ImportSetupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.render())
        return None
