from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "What every start and deploy runs after migrate: ensure_seed (the reference page, once), then "
        "load_snapshot (the public data snapshot, into a database that has no public data yet). One "
        "process, so a later start costs what ensure_seed alone did."
    )

    def handle(self, *args, verbosity, **options):
        call_command("ensure_seed", stdout=self.stdout, stderr=self.stderr, verbosity=verbosity)
        call_command("load_snapshot", stdout=self.stdout, stderr=self.stderr, verbosity=verbosity)
