from django.core.management import BaseCommand, call_command

from careerguide.careers.models import Career

REFERENCE_SLUG = "machine-learning-engineer"


class Command(BaseCommand):
    help = "Load fixtures/seed.json unless the reference career is already there (keeps editors' changes)."

    def handle(self, *args, **options):
        if Career.objects.filter(slug=REFERENCE_SLUG).exists():
            self.stdout.write("Seed already loaded: the reference career exists; nothing changed.")
            return
        call_command("loaddata", "seed", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Loaded the seed: the Machine Learning Engineer career page."))
