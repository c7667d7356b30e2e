"""Grow an imported database to N times its size with realistic synthetic schools, for benchmarks."""

import random
from decimal import Decimal

from django.core.management import BaseCommand, CommandError
from django.db import transaction

from careerguide.importing.runner import refresh_planner_statistics
from schools.models import ProgramOffering, School
from schools.vocabulary import INCOME_BANDS

# Synthetic UNITIDs live far above real ones (real ones have up to 8 digits: 49576723).
SYNTHETIC_UNITID_STEP = 100_000_000
# Share of known figures a synthetic copy reports as unknown, on top of the real unknowns.
EXTRA_UNKNOWN_SHARE = 0.05


# Copied as they are beside the figures (School.METRICS): the cost's parts, the students of each
# income band, the calculator, whether it is a main campus.
COPIED = (
    "books_supplies",
    "housing_food_on_campus",
    "other_expenses_on_campus",
    "housing_food_off_campus",
    "other_expenses_off_campus",
    *(band.students_field for band in INCOME_BANDS),
    "net_price_calculator",
    "is_main_campus",
)


def jitter_money(value, rng):
    return None if value is None else max(0, round(value * rng.uniform(0.85, 1.15)))


def jitter_rate(value, rng):
    if value is None:
        return None
    jittered = float(value) + rng.gauss(0, 4)
    return Decimal(f"{min(100.0, max(0.0, jittered)):.2f}")


def maybe_unknown(value, rng):
    return None if rng.random() < EXTRA_UNKNOWN_SHARE else value


class Command(BaseCommand):
    help = (
        "Add synthetic copies of every imported school and its programs, with jittered figures and "
        "the same pattern of unknowns, so that the database holds --factor times as many schools."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=10, help="Final size as a multiple (default 10).")
        parser.add_argument("--random-seed", type=int, default=2024, help="Makes the copy reproducible.")

    def handle(self, *args, factor, random_seed, **options):
        if not 2 <= factor <= 100:
            raise CommandError("--factor must be between 2 and 100.")
        if School.objects.filter(unitid__gte=SYNTHETIC_UNITID_STEP).exists():
            raise CommandError(
                "This database already has synthetic schools; start again from a fresh import."
            )
        real_schools = list(School.objects.order_by("unitid"))
        if not real_schools:
            raise CommandError("No schools to copy: run import_public_data first.")
        offerings = list(
            ProgramOffering.objects.values_list(
                "school_id",
                "field_id",
                "series",
                "credential_level",
                "graduates",
                "median_earnings_5yr",
                "source_id",
            )
        )
        # Benchmark data, repeatable from its seed: nothing here needs to be unpredictable.
        rng = random.Random(random_seed)  # noqa: S311
        with transaction.atomic():
            for copy in range(1, factor):
                created = School.objects.bulk_create(
                    [self.synthetic_school(school, copy, rng) for school in real_schools], batch_size=2000
                )
                new_ids = dict(
                    School.objects.filter(unitid__in=[s.unitid for s in created]).values_list("unitid", "pk")
                )
                id_of_copy = {
                    school.pk: new_ids[copy * SYNTHETIC_UNITID_STEP + school.unitid]
                    for school in real_schools
                }
                ProgramOffering.objects.bulk_create(
                    [
                        ProgramOffering(
                            school_id=id_of_copy[school_id],
                            field_id=field_id,
                            series=series,
                            credential_level=level,
                            graduates=graduates,
                            median_earnings_5yr=jitter_money(earnings, rng),
                            source_id=source_id,
                        )
                        for school_id, field_id, series, level, graduates, earnings, source_id in offerings
                    ],
                    batch_size=5000,
                )
                self.stdout.write(
                    f"Copy {copy}/{factor - 1}: {len(created):,} schools, {len(offerings):,} programs"
                )
        refresh_planner_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"The database now holds {School.objects.count():,} schools ({factor} times the import)."
            )
        )

    @staticmethod
    def synthetic_school(school, copy, rng):
        figures = {
            "tuition_in_state": jitter_money(school.tuition_in_state, rng),
            "tuition_out_of_state": jitter_money(school.tuition_out_of_state, rng),
            "admission_rate": jitter_rate(school.admission_rate, rng),
            "graduation_rate": jitter_rate(school.graduation_rate, rng),
            "enrollment": jitter_money(school.enrollment, rng),
            "median_earnings": jitter_money(school.median_earnings, rng),
            "net_price": None
            if school.net_price is None
            else round(school.net_price * rng.uniform(0.85, 1.15)),
        }
        figures = {name: maybe_unknown(value, rng) for name, value in figures.items()}
        if figures["tuition_out_of_state"] is not None and figures["tuition_in_state"] is not None:
            figures["tuition_out_of_state"] = max(
                figures["tuition_out_of_state"], figures["tuition_in_state"]
            )
        # The other figures as they are: what a copy costs, its families pay, its students do.
        for name in (*School.METRICS, *COPIED):
            figures.setdefault(name, getattr(school, name))
        if school.cost_of_attendance is not None:
            figures["cost_of_attendance"] = jitter_money(school.cost_of_attendance, rng)
        for band in INCOME_BANDS:
            value = getattr(school, band.field)
            figures[band.field] = None if value is None else round(value * rng.uniform(0.85, 1.15))
        sources = {
            f"{metric}_source_id": getattr(school, f"{metric}_source_id")
            if figures[metric] is not None
            else None
            for metric in School.METRICS
        }
        sources["net_price_by_income_source_id"] = school.net_price_by_income_source_id
        return School(
            unitid=copy * SYNTHETIC_UNITID_STEP + school.unitid,
            name=f"{school.name} (synthetic {copy})",
            slug=f"{school.slug}-synthetic-{copy}",
            city=school.city,
            state=school.state,
            zip_code=school.zip_code,
            website=school.website,
            control=school.control,
            latitude=school.latitude,
            longitude=school.longitude,
            **figures,
            **sources,
            figures_changed_by="Synthetic benchmark copy",
        )
