"""`ensure_seed`: install the reference Machine Learning Engineer page (fixtures/seed.json) once.

`make run` and every deploy run it, on an empty database or on one that already holds the
imported public data (thousands of schools, occupations, alternate titles) and editors' work,
so it must never overwrite a row that is not the seed's own.

* Once per database. The seed's data source `careerguide-reference-2024` marks a seeded
  database: editors may rename or rewrite the page, but not this key, and the seeded schools'
  figures point at it (PROTECT). A database without the marker whose `machine-learning-engineer`
  page exists (written by hand) is left alone too.
* No ids. The fixture names every row by its natural key (a school by UNITID, an occupation by
  O*NET code, a page's section rows by page slug and order, ...), so new rows take ids from the
  database and a row that is already there is found by what it is, not by a number.
* A row that is already there is not the seed's to rewrite; the seed only adds to it:
  - a reference school (matched by UNITID) keeps every value it has: the seed never overwrites
    an imported figure, whichever runs first (an import after the seed replaces the seed's
    figures, as it does any unpinned school's). The seed only fills fields the school has empty,
    a figure together with its source; a pinned school is left as it is, as imports leave it;
  - CIP fields, the occupation, its alternate title and crosswalk links keep the imported rows
    (the same public data, maybe a newer edition);
  - a resource with the same link keeps the editors' text and is linked to the page as well.
  The page's own rows (its sections, FAQs, best-school ranks) are always new: the seed is loaded
  only when its page is not there. Their natural keys (page slug, order) have no unique
  constraint behind them; they make `loaddata seed` repeatable, nothing more.
  On an empty database this installs exactly what `loaddata seed` does. (`loaddata seed` itself
  replaces every field of a row it matches; on a database with data, use this command.)
"""

import json
from collections import Counter, defaultdict
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import BaseCommand
from django.db import transaction

from careerguide.careers.models import Career
from schools.models import DataSource, School

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
MARKER = "careerguide-reference-2024"
REFERENCE_SLUG = "machine-learning-engineer"
# What a reference school already in the database keeps, whatever the seed says.
SCHOOL_KEEPS = {"slug", "created_at", "updated_at", "pinned"}


class Command(BaseCommand):
    help = (
        "Install fixtures/seed.json (the reference career page) unless this database has had it; "
        "rows already there (imported schools, editors' pages) are matched by natural key, never replaced."
    )

    def handle(self, *args, **options):
        if DataSource.objects.filter(key=MARKER).exists():
            self.stdout.write(f"Seed already loaded (data source {MARKER} exists); nothing changed.")
            return
        if Career.objects.filter(slug=REFERENCE_SLUG).exists():
            self.stdout.write(
                self.style.WARNING(
                    f"A career page {REFERENCE_SLUG} exists without the seed's data source {MARKER}: "
                    "seed not loaded; nothing changed."
                )
            )
            return
        with transaction.atomic():
            tally = self.load()
        self.stdout.write(self.style.SUCCESS("Loaded the seed: the Machine Learning Engineer career page."))
        for label, actions in tally.items():
            self.stdout.write(f"  {label}: " + ", ".join(f"{n:,} {action}" for action, n in actions.items()))

    def load(self):
        text = SEED_FILE.read_text(encoding="utf-8")
        tally = defaultdict(Counter)
        # Deserialized one at a time: each row's natural keys are resolved after the rows before
        # it are saved, and a row found by its natural key comes back with that row's id.
        for entry, item in zip(json.loads(text), serializers.deserialize("json", text), strict=True):
            row = item.object
            model = type(row)
            existing = row.pk is not None and model._base_manager.filter(pk=row.pk).first()
            if not existing:
                item.save()
                action = "created"
            elif model is School:
                action = self.update_school(existing, row, entry["fields"])
            else:
                action = "already there, kept"
            if existing:
                for name, pks in (item.m2m_data or {}).items():
                    getattr(existing, name).add(*pks)
                    action = "already there, kept and linked to the page"
            tally[model._meta.verbose_name_plural][action] += 1
        return tally

    def update_school(self, school, seeded, given):
        if school.pinned:
            return "already there and pinned, kept"
        empty = (None, "")
        fields = [
            field
            for field in School._meta.concrete_fields
            if not field.primary_key
            and field.name not in SCHOOL_KEEPS
            and not field.name.endswith("_source")
            and given.get(field.name) not in empty
            and getattr(school, field.attname) in empty
        ]
        for field in fields:
            setattr(school, field.attname, getattr(seeded, field.attname))
            if field.name in School.METRICS:
                source = f"{field.attname}_source_id"
                setattr(school, source, getattr(seeded, source))
        if not fields:
            return "already there with its own values, kept"
        names = [field.name for field in fields]
        names += [f"{name}_source" for name in names if name in School.METRICS]
        school.save(update_fields=[*names, "updated_at"])
        return "already there, empty fields filled from the seed"
