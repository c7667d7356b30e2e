"""The careers explorer's one FilterSet, shared by /careers/, /api/careers/ and /careers/export.csv.

`CareerFilterSet` validates every parameter of SPEC section 4 ("Careers explorer parameters").
The page is lenient (`careerguide.core.filters.lenient_filterset`: bad parameters are reported
and left out, the rest still applies); the JSON and CSV endpoints are strict (`is_valid()`, then a 400 naming the parameter).
"""

from decimal import Decimal

import django_filters

from careerguide.core.filters import (
    ListFilterSet,
    MultiChoiceFilter,
    NumberFilter,
    RangeCheckForm,
    WholeNumberFilter,
    per_page_filter,
    show,
    sort_filter,
)
from careerguide.core.text import clean_params

from .models import ENTRY_EDUCATION, Career

EDUCATION_CHOICES = list(ENTRY_EDUCATION.items())
JOB_ZONE_CHOICES = [
    ("1", "1 · Little or no preparation"),
    ("2", "2 · Some preparation"),
    ("3", "3 · Medium preparation"),
    ("4", "4 · Considerable preparation"),
    ("5", "5 · Extensive preparation"),
]
SORT_LABELS = {
    "title": "Title",
    "wage": "Median pay",
    "growth": "Projected growth",
    "openings": "Openings a year",
    "employment": "Jobs in 2024",
}
DEFAULT_SORT = "title"
WAGE_MAX = 10_000_000  # USD a year: far above any median wage, far below any integer column's limit.
GROWTH_MIN, GROWTH_MAX = Decimal(-100), Decimal(10_000)

# (min parameter, max parameter, how the pair is named in a message, how values are shown)
RANGES = [
    ("wage_min", "wage_max", "median pay", "money"),
    ("growth_min", "growth_max", "projected growth", "percent"),
]


class CareerFilterForm(RangeCheckForm):
    ranges = RANGES


def wage_filter(label):
    return WholeNumberFilter(
        method="filter_nothing",
        label=label,
        min_value=0,
        max_value=WAGE_MAX,
        error_messages={"invalid": "Enter a whole number of dollars, such as 50000."},
    )


def growth_filter(label):
    return NumberFilter(
        method="filter_nothing",
        label=label,
        min_value=GROWTH_MIN,
        max_value=GROWTH_MAX,
        error_messages={"invalid": "Enter a percentage, such as 5 or -2.5."},
    )


class CareerFilterSet(ListFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Job title", max_length=200, strip=True)
    education = MultiChoiceFilter(
        method="filter_education",
        label="Typical education for entry",
        choices=EDUCATION_CHOICES,
        error_messages={
            "invalid_choice": "“%(value)s” is not an education level; use one of "
            + ", ".join(ENTRY_EDUCATION)
            + "."
        },
    )
    wage_min = wage_filter("Median pay, at least")
    wage_max = wage_filter("Median pay, at most")
    growth_min = growth_filter("Projected growth, at least")
    growth_max = growth_filter("Projected growth, at most")
    job_zone = MultiChoiceFilter(
        method="filter_job_zone",
        label="Job zone",
        choices=JOB_ZONE_CHOICES,
        error_messages={"invalid_choice": "“%(value)s” is not a job zone; use 1 to 5."},
    )
    sort = sort_filter(SORT_LABELS)
    per_page = per_page_filter("careers")

    class Meta:
        model = Career
        fields = []
        form = CareerFilterForm

    def __init__(self, data=None, *args, **kwargs):
        # Control characters never reach a query (PostgreSQL refuses NUL) nor a message.
        super().__init__(clean_params(data) if data is not None else None, *args, **kwargs)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = super().filter_queryset(queryset)
        queryset = queryset.median_wage_between(data.get("wage_min"), data.get("wage_max"))
        queryset = queryset.growth_between(data.get("growth_min"), data.get("growth_max"))
        if self.sort_key:
            return queryset.explorer_sorted(self.sort_key)
        return queryset  # words without a sort: best match first, as `search` orders them

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_education(self, queryset, name, value):
        return queryset.with_entry_education(value)

    def filter_job_zone(self, queryset, name, value):
        return queryset.in_job_zones([int(zone) for zone in value])

    # What the listing needs to know, from valid data.
    @property
    def sort_key(self):
        """The sort asked for; without one, title order, or best match first when words are given."""
        return self.cleaned.get("sort") or ("" if self.cleaned.get("q") else DEFAULT_SORT)

    def chips(self):
        """Active filters as (label, query string without it), one per value of a repeatable one."""
        data, without = self.cleaned, self.without
        chips = []
        if data.get("q"):
            chips.append((f"Job title: “{data['q']}”", without("q")))
        chips.extend(
            (f"Education: {ENTRY_EDUCATION[slug]}", without("education", slug))
            for slug in data.get("education") or []
        )
        for low, high, what, kind in RANGES:
            if data.get(low) is not None:
                chips.append((f"{what.capitalize()} ≥ {show(data[low], kind)}", without(low)))
            if data.get(high) is not None:
                chips.append((f"{what.capitalize()} ≤ {show(data[high], kind)}", without(high)))
        chips.extend((f"Job zone {zone}", without("job_zone", zone)) for zone in data.get("job_zone") or [])
        return chips
