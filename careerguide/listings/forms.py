"""What the listings' FilterSets share (the school finder's and the careers explorer's).

`ListFilterSet` is their base: the query string helpers, the error list and the lenient page's
rule for leaving bad parameters out (`lenient`). `RangeCheckForm` refuses a minimum above its
maximum; `sort_filter`, `per_page_filter` and `range_filters` build the `sort`, `per_page` and
`<figure>_min`/`<figure>_max` parameters.
"""

import re
from decimal import Decimal
from typing import NamedTuple

import django_filters
from django import forms
from django.http import QueryDict

PER_PAGE_DEFAULT, PER_PAGE_MIN, PER_PAGE_MAX = 25, 10, 100


def show(value, kind):
    """A bound as a message or a chip shows it; `kind` is "money", "percent" or "count"."""
    if kind == "money":
        return f"-${-value:,}" if value < 0 else f"${value:,}"
    if kind == "percent":
        return f"{value.normalize():f}%" if isinstance(value, Decimal) else f"{value}%"
    return f"{value:,}"


class SelectMultipleField(forms.MultipleChoiceField):
    """A repeatable choice where empty values (`state=`) mean "not given", and repeats count once."""

    def to_python(self, value):
        values = super().to_python(value)
        return list(dict.fromkeys(v for v in values if v.strip()))


class MultiChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = SelectMultipleField


# HTML's "valid floating-point number", the only value an <input type="number"> may carry.
HTML_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class ShowsNumbersOnly:
    """A number field whose input shows only a number, as HTML requires: what was given when it is
    one, else the number the field read from it (`5.` → 5, `+3` → 3, `1_000` → 1000), else nothing
    (`?wage_min=abc`: a browser would drop it too; the error beside the box says what to enter)."""

    def prepare_value(self, value):
        value = super().prepare_value(value)
        if not isinstance(value, str):
            return value
        text = value.strip()
        if not text or HTML_NUMBER.fullmatch(text):
            return text
        try:
            number = self.to_python(text)
        except forms.ValidationError:
            return ""
        if isinstance(number, Decimal):
            return f"{number:f}" if number.is_finite() else ""  # NaN, Infinity: refused on cleaning
        return "" if number is None else str(number)


class NumberField(ShowsNumbersOnly, forms.DecimalField):
    pass


class WholeNumberField(ShowsNumbersOnly, forms.IntegerField):
    pass


class NumberFilter(django_filters.NumberFilter):
    field_class = NumberField


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = WholeNumberField


class Range(NamedTuple):
    """A pair of bound parameters: how the pair is named in a message, how its values are shown."""

    low: str
    high: str
    name: str
    kind: str  # "money", "percent" or "count"


class RangeCheckForm(forms.Form):
    """Refuses a minimum above its maximum for each of its FilterSet's `ranges()`."""

    ranges = ()
    dropped_together = frozenset()

    def clean(self):
        cleaned = super().clean()
        # Parameters to leave out together when a lenient page drops a bad pair.
        self.dropped_together = set()
        for low, high, what, kind in self.ranges:
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


def sort_filter(keys):
    """The `sort` parameter: one of `keys`, or one with a leading - for descending."""
    return django_filters.ChoiceFilter(
        method="filter_nothing",
        label="Sort by",
        choices=[(key, key) for key in [*keys, *(f"-{key}" for key in keys)]],
        error_messages={
            "invalid_choice": "“%(value)s” is not a sort order; use one of "
            + ", ".join(keys)
            + " (a leading - sorts descending)."
        },
    )


def bound_filter(label, lowest, highest, decimal=False, **options):
    """A parameter bounding a figure: a whole number (or, `decimal`, a decimal one) from `lowest`
    to `highest`; `options` as django-filter's NumberFilter takes them."""
    filter_class = NumberFilter if decimal else WholeNumberFilter
    return filter_class(label=label, min_value=lowest, max_value=highest, **options)


def per_page_filter(noun):
    """The `per_page` parameter, `noun` ("schools") naming what is listed."""
    return WholeNumberFilter(
        method="filter_nothing",
        label=f"{noun.capitalize()} per page",
        min_value=PER_PAGE_MIN,
        max_value=PER_PAGE_MAX,
        error_messages={
            "min_value": f"Show at least {PER_PAGE_MIN} {noun} per page.",
            "max_value": f"Show at most {PER_PAGE_MAX} {noun} per page.",
            "invalid": f"{noun.capitalize()} per page must be a whole number from {PER_PAGE_MIN} to {PER_PAGE_MAX}.",
        },
    )


class ListFilterSet(django_filters.FilterSet):
    """A listing's FilterSet. Besides its declared filters, a subclass may add filters built when
    it is made (`built_filters`, for filters read from a registry) and pairs of bounds whose
    minimum must not pass their maximum (`ranges`)."""

    # Passes of `lenient` at most: leaving a value out may make another wrong.
    lenient_passes = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, filter_ in self.built_filters().items():
            filter_.model, filter_.parent = self.queryset.model, self
            self.filters[name] = filter_

    def built_filters(self):
        """{parameter: filter} added to the declared ones."""
        return {}

    @classmethod
    def parameters(cls):
        """Every query parameter the listing's page reads, in a fixed order (its cache key's)."""
        return (*cls.base_filters, *cls.built_filter_names(), "page")

    @classmethod
    def built_filter_names(cls):
        """The names of `built_filters`, in their order."""
        return ()

    def ranges(self):
        """[Range] of this listing's bounds."""
        return []

    def get_form_class(self):
        return type(f"{type(self).__name__}Form", (super().get_form_class(),), {"ranges": self.ranges()})

    def filter_nothing(self, queryset, name, value):
        return queryset

    # What the listing needs to know, from valid data.
    @property
    def cleaned(self):
        return self.form.cleaned_data if self.form.is_valid() else {}

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

    def without(self, name, value=None, also=()):
        """The query string less parameter `name` (or only its `value`) and the `also` ones."""
        query = self.data.copy()
        query.pop("page", None)
        for other in also:
            query.pop(other, None)
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [v for v in query.getlist(name) if v != value])
        return canonical_query(query)

    @classmethod
    def leave_out_error(cls, data, name, field):
        """Change `data` (a mutable QueryDict) to leave out what was wrong in parameter `name`
        (`field` its form field, or None); a subclass handles its own kinds of field."""
        if name == "per_page":
            try:
                data["per_page"] = str(min(max(int(data.get("per_page", "")), PER_PAGE_MIN), PER_PAGE_MAX))
            except ValueError:
                data.pop("per_page", None)
        elif isinstance(field, forms.MultipleChoiceField):
            # Keep each value that is right on its own: state=MD&state=ZZ still means Maryland.
            data.setlist(name, [value for value in data.getlist(name) if field.valid_value(value)])
        else:
            data.pop(name, None)


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


def lenient(filterset_class, params, queryset, request):
    """(applied, submitted): `submitted` holds the data as sent, with its errors to show;
    `applied` is the same data less what was wrong, and is what the page lists."""
    submitted = filterset_class(params, queryset=queryset, request=request)
    if submitted.is_valid():
        return submitted, submitted
    data = submitted.data.copy()
    form = submitted.form
    for _ in range(filterset_class.lenient_passes):
        for name in list(form.errors):
            filterset_class.leave_out_error(data, name, form.fields.get(name))
        for name in getattr(form, "dropped_together", ()):
            data.pop(name, None)
        applied = filterset_class(data, queryset=queryset, request=request)
        if applied.is_valid():
            return applied, submitted
        form = applied.form
        for name, errors in form.errors.items():  # shown with the others
            if name not in submitted.form.errors:
                submitted.form.add_error(name if name in submitted.form.fields else None, errors)
    # Cannot happen with the rules above; never fail the page for it.
    applied = filterset_class(QueryDict(), queryset=queryset, request=request)
    applied.is_valid()
    return applied, submitted
