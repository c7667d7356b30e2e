from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careerguide.importing.readers import DataFileError
from careerguide.importing.records import RunRefusedError, file_facts, operator, recorded_run
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
        parser.add_argument("--by", default="", help="who loads it, for the record (default: OS user)")

    def handle(self, *args, file, force, by, verbosity, **options):
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
            with recorded_run(
                report, command="snapshot", directory=path, by=operator(by), record_refusal=force
            ) as run:
                try:
                    load_snapshot(path, report)
                except DataFileError as failure:
                    run.fail(f"Snapshot not loaded, nothing was written. {failure}")
                run.files = [file_facts(path.name, path)]
        except RunRefusedError as refused:
            if force:
                raise
            # Start-up while an import fills the database: the snapshot is not needed.
            self.stdout.write(f"Snapshot not loaded. {refused}")
            return
        if run.error:
            raise CommandError(run.error)
        self.stdout.write(report.render())
