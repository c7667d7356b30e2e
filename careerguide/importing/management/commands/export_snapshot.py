from pathlib import Path

from django.core.management.base import BaseCommand

from careerguide.importing.snapshot import SNAPSHOT_PATH, export_snapshot


class Command(BaseCommand):
    help = (
        "Write the facts and figures of this (imported) database to a compressed, deterministic "
        "snapshot (default fixtures/snapshot/public-data.jsonl.xz): the same data gives the same bytes. "
        "It holds the O*NET descriptions and task statements too, with O*NET's CC BY 4.0 attribution."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(SNAPSHOT_PATH), help="where to write the snapshot")

    def handle(self, *args, output, **options):
        counts, size = export_snapshot(Path(output))
        for table, rows in counts.items():
            self.stdout.write(f"  {table}: {rows:,} rows")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}: {size:,} bytes."))
