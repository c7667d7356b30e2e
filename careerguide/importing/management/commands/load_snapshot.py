from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careerguide.importing.readers import DataFileError
from careerguide.importing.report import Report
from careerguide.importing.snapshot import SNAPSHOT_PATH, has_public_data, load_snapshot


class Command(BaseCommand):
    help = (
        "Load the public data snapshot (fixtures/snapshot/…) under the importer's rules: all or nothing, "
        "pinned schools and editors' pages untouched, a second load changes nothing. By default only "
        "into a database that holds no public data yet (a first start): fast when already loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(SNAPSHOT_PATH), help="the snapshot to load")
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even into a database that already holds public data (an import or a snapshot)",
        )

    def handle(self, *args, file, force, verbosity, **options):
        path = Path(file)
        if not force and has_public_data():
            self.stdout.write(
                "This database already holds public data; snapshot not loaded (--force loads it)."
            )
            return
        if not path.is_file():
            raise CommandError(f"No snapshot at {path}: run export_snapshot on an imported database first.")
        report = Report(progress=self.stdout.write, verbosity=verbosity)
        try:
            load_snapshot(path, report)
        except DataFileError as error:
            raise CommandError(f"Snapshot not loaded, nothing was written. {error}") from error
        self.stdout.write(report.render())
