"""The careers explorer's one FilterSet, shared by /careers/, /api/careers/ and /careers/export.csv.

`CareerFilterSet` validates every parameter of SPEC section 4 ("Careers explorer parameters").
The page is lenient (`lenient_career_filterset`: bad parameters are reported and left out, the rest
still applies); the JSON and CSV endpoints are strict (`is_valid()`, then a 400 naming the parameter).
"""

from decimal import Decimal

import django_filters
from django import forms
from django.http import QueryDict

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
SORT_KEYS = [*SORT_LABELS, *(f"-{key}" for key in SORT_LABELS)]
DEFAULT_SORT = "title"
PER_PAGE_DEFAULT, PER_PAGE_MIN, PER_PAGE_MAX = 25, 10, 100
WAGE_MAX = 10_000_000  # USD a year: far above any median wage, far below any integer column's limit.
GROWTH_MIN, GROWTH_MAX = Decimal(-100), Decimal(10_000)

# (min parameter, max parameter, how the pair is named in a message, how values are shown)
RANGES = [
    ("wage_min", "wage_max", "median pay", "money"),
    ("growth_min", "growth_max", "projected growth", "percent"),
]


def show(value, kind):
    if kind == "money":
        return f"${value:,}"
    return f"{value.normalize():f}%" if isinstance(value, Decimal) else f"{value}%"


class SelectMultipleField(forms.MultipleChoiceField):
    """A repeatable choice where empty values (`education=`) mean "not given", and repeats count once."""

    def to_python(self, value):
        values = super().to_python(value)
        return list(dict.fromkeys(v for v in values if v.strip()))


class MultiChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = SelectMultipleField


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CareerFilterForm(forms.Form):
    dropped_together = frozenset()

    def clean(self):
        cleaned = super().clean()
        # Parameters to leave out together when the lenient page drops a bad pair.
        self.dropped_together = set()
        for low, high, what, kind in RANGES:
            if (
                cleaned.get(low) is not None
                and cleaned.get(high) is not None
                and cleaned[low] > cleaned[high]
            ):
                self.add_error(
                    high,
                    f"The minimum {what} ({show(cleaned[low], kind)}) is more than the maximum "
                    f"({show(cleaned[high], kind)}).",
                )
                self.dropped_together.add(low)
        return cleaned


def wage_filter(label):
    return WholeNumberFilter(
        method="filter_nothing",
        label=label,
        min_value=0,
        max_value=WAGE_MAX,
        error_messages={"invalid": "Enter a whole number of dollars, such as 50000."},
    )


def growth_filter(label):
    return django_filters.NumberFilter(
        method="filter_nothing",
        label=label,
        min_value=GROWTH_MIN,
        max_value=GROWTH_MAX,
        error_messages={"invalid": "Enter a percentage, such as 5 or -2.5."},
    )


class CareerFilterSet(django_filters.FilterSet):
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
    sort = django_filters.ChoiceFilter(
        method="filter_nothing",
        label="Sort by",
        choices=[(key, key) for key in SORT_KEYS],
        error_messages={
            "invalid_choice": "“%(value)s” is not a sort order; use one of "
            + ", ".join(SORT_LABELS)
            + " (a leading - sorts descending)."
        },
    )
    per_page = WholeNumberFilter(
        method="filter_nothing",
        label="Careers per page",
        min_value=PER_PAGE_MIN,
        max_value=PER_PAGE_MAX,
        error_messages={
            "min_value": f"Show at least {PER_PAGE_MIN} careers per page.",
            "max_value": f"Show at most {PER_PAGE_MAX} careers per page.",
            "invalid": f"Careers per page must be a whole number from {PER_PAGE_MIN} to {PER_PAGE_MAX}.",
        },
    )

    class Meta:
        model = Career
        fields = []
        form = CareerFilterForm

    def __init__(self, data=None, *args, **kwargs):
        # Control characters never reach a query (PostgreSQL refuses NUL) nor a message.
        super().__init__(clean_params(data) if data is not None else None, *args, **kwargs)

    def get_form_class(self):
        # django-filter builds a new form class on every request; the fields come from the
        # declarations alone, so build it once (each form still deep-copies its fields).
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = super().filter_queryset(queryset)
        queryset = queryset.median_wage_between(data.get("wage_min"), data.get("wage_max"))
        queryset = queryset.growth_between(data.get("growth_min"), data.get("growth_max"))
        if self.sort_key:
            return queryset.explorer_sorted(self.sort_key)
        return queryset  # words without a sort: best match first, as `search` orders them

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_education(self, queryset, name, value):
        return queryset.with_entry_education(value)

    def filter_job_zone(self, queryset, name, value):
        return queryset.in_job_zones([int(zone) for zone in value])

    # What the listing needs to know, from valid data.
    @property
    def cleaned(self):
        return self.form.cleaned_data if self.form.is_valid() else {}

    @property
    def sort_key(self):
        """The sort asked for; without one, title order, or best match first when words are given."""
        return self.cleaned.get("sort") or ("" if self.cleaned.get("q") else DEFAULT_SORT)

    @property
    def page_size(self):
        return self.cleaned.get("per_page") or PER_PAGE_DEFAULT

    def error_list(self):
        """[(parameter, label, message)] for every error of the submitted data."""
        return [
            (name, self.form.fields[name].label if name in self.form.fields else "Filters", message)
            for name, messages in self.form.errors.items()
            for message in messages
        ]

    def error_text(self, separator="; "):
        """Every error as "parameter: message", joined by `separator`."""
        return separator.join(f"{name}: {message}" for name, _, message in self.error_list())

    def chips(self):
        """Active filters as (label, query string without it), one per value of a repeatable one."""
        data = self.cleaned
        chips = []

        def without(name, value=None):
            query = self.data.copy()
            query.pop("page", None)
            if value is None:
                query.pop(name, None)
            else:
                query.setlist(name, [v for v in query.getlist(name) if v != value])
            return canonical_query(query)

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


def canonical_query(data, **changes):
    """The query string of `data` with `changes` applied, without empty values."""
    query = QueryDict(mutable=True)
    for key in data:
        values = [v for v in data.getlist(key) if v != ""]
        if values:
            query.setlist(key, values)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


def lenient_career_filterset(params, queryset=None, request=None, filterset_class=CareerFilterSet):
    """(applied, submitted): `submitted` holds the data as sent, with its errors to show;
    `applied` is the same data less what was wrong, and is what the page lists."""
    submitted = filterset_class(params, queryset=queryset, request=request)
    if submitted.is_valid():
        return submitted, submitted
    data = submitted.data.copy()
    form = submitted.form
    for name in list(form.errors):
        field = form.fields.get(name)
        if name == "per_page":
            try:
                data["per_page"] = str(min(max(int(data.get("per_page", "")), PER_PAGE_MIN), PER_PAGE_MAX))
            except ValueError:
                data.pop("per_page", None)
        elif isinstance(field, forms.MultipleChoiceField):
            # Keep each value that is right on its own: education=bachelors&education=phd still
            # means a bachelor's degree.
            data.setlist(name, [value for value in data.getlist(name) if field.valid_value(value)])
        else:
            data.pop(name, None)
    for name in form.dropped_together:
        data.pop(name, None)
    applied = filterset_class(data, queryset=queryset, request=request)
    if not applied.is_valid():  # cannot happen with the rules above; never fail the page for it
        applied = filterset_class(QueryDict(), queryset=queryset, request=request)
        applied.is_valid()
    return applied, submitted
