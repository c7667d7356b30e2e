"""The school finder's one FilterSet, shared by the finder page, the CSV export and the JSON API.

`SchoolFilterSet` validates every parameter of SPEC section 4. The finder page is lenient
(`lenient_filterset`: bad parameters are reported and left out, the rest still applies); the CSV
and JSON endpoints are strict (`SchoolFilterSet(...).is_valid()`, and a 400 naming the parameter).
"""

import re
from decimal import Decimal

import django_filters
from django import forms
from django.http import QueryDict

from careerguide.careers.models import Career

from .models import FieldOfStudy, School, SchoolQuerySet
from .states import US_STATES

STATE_NAMES = dict(US_STATES)
CONTROL_CHOICES = [
    ("public", "Public"),
    ("nonprofit", "Private nonprofit"),
    ("forprofit", "Private for-profit"),
]
CONTROL_LABELS = dict(CONTROL_CHOICES)
CONTROL_SLUG_OF = {number: slug for slug, number in SchoolQuerySet.CONTROL_SLUGS.items()}

SORT_LABELS = {
    "name": "Name",
    "tuition_in": "In-state tuition",
    "tuition_out": "Out-of-state tuition",
    "your_tuition": "Your tuition",
    "admission_rate": "Admission rate",
    "graduation_rate": "Graduation rate",
    "enrollment": "Enrollment",
    "earnings": "Earnings",
    "net_price": "Net price",
}
SORT_KEYS = [*SORT_LABELS, *(f"-{key}" for key in SORT_LABELS)]
DEFAULT_SORT = "name"
PER_PAGE_DEFAULT, PER_PAGE_MIN, PER_PAGE_MAX = 25, 10, 100
MONEY_MAX = 1_000_000  # USD a year: far above any tuition, far below any integer column's limit.
ENROLLMENT_MAX = 10_000_000

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")
CIP_RE = re.compile(r"^\d{2}(\.\d{2}(\d{2})?)?$")

# (min parameter, max parameter, how the pair is named in a message, how values are shown)
RANGES = [
    ("tuition_in_min", "tuition_in_max", "in-state tuition", "money"),
    ("tuition_out_min", "tuition_out_max", "out-of-state tuition", "money"),
    ("admission_rate_min", "admission_rate_max", "admission rate", "percent"),
    ("graduation_rate_min", "graduation_rate_max", "graduation rate", "percent"),
    ("enrollment_min", "enrollment_max", "enrollment", "count"),
]


def show(value, kind):
    if kind == "money":
        return f"${value:,}"
    if kind == "percent":
        return f"{value.normalize():f}%" if isinstance(value, Decimal) else f"{value}%"
    return f"{value:,}"


class SelectMultipleField(forms.MultipleChoiceField):
    """A repeatable choice where empty values (`state=`) mean "not given", and repeats count once."""

    def to_python(self, value):
        values = super().to_python(value)
        return list(dict.fromkeys(v for v in values if v.strip()))


class CodesField(forms.ModelMultipleChoiceField):
    """Repeatable CIP codes: format checked before the one query that finds them all."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", FieldOfStudy.objects.all())
        kwargs.setdefault("to_field_name", "code")
        super().__init__(**kwargs)

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            value = list(dict.fromkeys(v.strip() for v in value if isinstance(v, str) and v.strip()))
        for code in value or []:
            if not CIP_RE.match(code):
                raise forms.ValidationError(
                    "“%(value)s” is not a CIP code; write it like 11, 11.07 or 11.0701.",
                    code="invalid_choice",
                    params={"value": code[:20]},
                )
        return list(super().clean(value))


class CareerField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not SLUG_RE.match(str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PercentFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.update(min_value=Decimal(0), max_value=Decimal(100), decimal_places=2)
        super().__init__(*args, **kwargs)


class CodesFilter(django_filters.Filter):
    field_class = CodesField


class CareerFilter(django_filters.Filter):
    field_class = CareerField


class MultiChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = SelectMultipleField


class SchoolFilterForm(forms.Form):
    dropped_together = frozenset()

    def clean(self):
        cleaned = super().clean()
        # Parameters to leave out together when a lenient finder drops a bad pair.
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
        if not cleaned.get("home_state"):
            if cleaned.get("your_tuition_max") is not None:
                self.add_error("your_tuition_max", "Choose your home state to filter by your tuition.")
            if (cleaned.get("sort") or "").lstrip("-") == "your_tuition":
                self.add_error("sort", "Choose your home state to sort by your tuition.")
        return cleaned


def money_filter(field_name, lookup, label):
    return WholeNumberFilter(
        field_name=field_name, lookup_expr=lookup, label=label, min_value=0, max_value=MONEY_MAX
    )


class SchoolFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Name or city", max_length=200, strip=True)
    state = MultiChoiceFilter(
        method="filter_state",
        label="State",
        choices=US_STATES,
        error_messages={"invalid_choice": "“%(value)s” is not a US state or territory code."},
    )
    control = MultiChoiceFilter(
        method="filter_control",
        label="Type of school",
        choices=CONTROL_CHOICES,
        error_messages={
            "invalid_choice": "“%(value)s” is not a type of school: use public, nonprofit or forprofit."
        },
    )
    tuition_in_min = money_filter("tuition_in_state", "gte", "In-state tuition, at least")
    tuition_in_max = money_filter("tuition_in_state", "lte", "In-state tuition, at most")
    tuition_out_min = money_filter("tuition_out_of_state", "gte", "Out-of-state tuition, at least")
    tuition_out_max = money_filter("tuition_out_of_state", "lte", "Out-of-state tuition, at most")
    home_state = django_filters.ChoiceFilter(
        method="filter_nothing",
        label="Your home state",
        choices=US_STATES,
        error_messages={"invalid_choice": "“%(value)s” is not a US state or territory code."},
    )
    your_tuition_max = money_filter("your_tuition", "lte", "Your tuition, at most")
    admission_rate_min = PercentFilter(
        field_name="admission_rate", lookup_expr="gte", label="Admission rate, at least"
    )
    admission_rate_max = PercentFilter(
        field_name="admission_rate", lookup_expr="lte", label="Admission rate, at most"
    )
    graduation_rate_min = PercentFilter(
        field_name="graduation_rate", lookup_expr="gte", label="Graduation rate, at least"
    )
    graduation_rate_max = PercentFilter(
        field_name="graduation_rate", lookup_expr="lte", label="Graduation rate, at most"
    )
    enrollment_min = WholeNumberFilter(
        field_name="enrollment",
        lookup_expr="gte",
        label="Enrollment, at least",
        min_value=0,
        max_value=ENROLLMENT_MAX,
    )
    enrollment_max = WholeNumberFilter(
        field_name="enrollment",
        lookup_expr="lte",
        label="Enrollment, at most",
        min_value=0,
        max_value=ENROLLMENT_MAX,
    )
    program = CodesFilter(
        method="filter_program",
        label="Program (CIP code)",
        error_messages={"invalid_choice": "No program has the CIP code “%(value)s”."},
    )
    career = CareerFilter(
        method="filter_career",
        label="Career",
        queryset=Career.objects.select_related("occupation"),
        to_field_name="slug",
        error_messages={"invalid_choice": "No career guide has that address."},
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
        label="Schools per page",
        min_value=PER_PAGE_MIN,
        max_value=PER_PAGE_MAX,
        error_messages={
            "min_value": f"Show at least {PER_PAGE_MIN} schools per page.",
            "max_value": f"Show at most {PER_PAGE_MAX} schools per page.",
            "invalid": f"Schools per page must be a whole number from {PER_PAGE_MIN} to {PER_PAGE_MAX}.",
        },
    )

    # Parameters that shape the listing rather than narrow it.
    NOT_FILTERS = ("home_state", "sort", "per_page")

    class Meta:
        model = School
        fields = []
        form = SchoolFilterForm

    def get_form_class(self):
        # django-filter builds a new form class, with new fields, on every request. The fields come
        # from the filters' declarations alone, so build the class once; each form still gets its
        # own deep copy of the fields, as any Django form does.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("home_state"):
            queryset = queryset.with_your_tuition(data["home_state"])
        for name, value in data.items():
            if name not in self.NOT_FILTERS:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.sorted_by(self.sort_key)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_state(self, queryset, name, value):
        return queryset.in_states(value)

    def filter_control(self, queryset, name, value):
        return queryset.with_control(value)

    def filter_program(self, queryset, name, value):
        return queryset.offering([field.code for field in value])

    def filter_career(self, queryset, name, value):
        return queryset.for_career(value)

    # What the listing needs to know, from valid data.
    @property
    def cleaned(self):
        return self.form.cleaned_data if self.form.is_valid() else {}

    @property
    def sort_key(self):
        return self.cleaned.get("sort") or DEFAULT_SORT

    @property
    def home_state_code(self):
        return self.cleaned.get("home_state") or ""

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

    def chips(self):
        """Active filters as (label, query string without it), one per value of a repeatable one."""
        data = self.cleaned
        chips = []

        def without(name, value=None, also=()):
            query = self.data.copy()
            query.pop("page", None)
            for other in also:
                query.pop(other, None)
            if value is None:
                query.pop(name, None)
            else:
                query.setlist(name, [v for v in query.getlist(name) if v != value])
            return canonical_query(query)

        if data.get("q"):
            chips.append((f"Name or city: “{data['q']}”", without("q")))
        for code in data.get("state") or []:
            chips.append((f"State: {STATE_NAMES[code]}", without("state", code)))
        for slug in data.get("control") or []:
            chips.append((f"Type: {CONTROL_LABELS[slug]}", without("control", slug)))
        if data.get("home_state"):
            also = ["your_tuition_max"] + (["sort"] if self.sort_key.lstrip("-") == "your_tuition" else [])
            chips.append((f"Home state: {STATE_NAMES[data['home_state']]}", without("home_state", also=also)))
        bounds = [*RANGES, ("", "your_tuition_max", "your tuition", "money")]
        for low, high, what, kind in bounds:
            if low and data.get(low) is not None:
                chips.append((f"{what.capitalize()} ≥ {show(data[low], kind)}", without(low)))
            if data.get(high) is not None:
                chips.append((f"{what.capitalize()} ≤ {show(data[high], kind)}", without(high)))
        for field in data.get("program") or []:
            chips.append((f"Program: {field.code} {field.title}", without("program", field.code)))
        if data.get("career"):
            chips.append((f"Career: {data['career'].title}", without("career")))
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


def lenient_filterset(params, queryset=None, request=None, filterset_class=SchoolFilterSet):
    """(applied, submitted): `submitted` holds the data as sent, with its errors to show;
    `applied` is the same data less what was wrong, and is what the finder lists."""
    submitted = filterset_class(params, queryset=queryset, request=request)
    if submitted.is_valid():
        return submitted, submitted
    data = params.copy()
    form = submitted.form
    for name in list(form.errors):
        field = form.fields.get(name)
        if name == "per_page":
            try:
                data["per_page"] = str(min(max(int(data.get("per_page", "")), PER_PAGE_MIN), PER_PAGE_MAX))
            except ValueError:
                data.pop("per_page", None)
        elif isinstance(field, CodesField):
            # Keep the codes that exist, found in one query.
            codes = [code for code in data.getlist(name) if CIP_RE.match(code)]
            known = set(FieldOfStudy.objects.filter(code__in=codes).values_list("code", flat=True))
            data.setlist(name, [code for code in codes if code in known])
        elif isinstance(field, forms.MultipleChoiceField):
            # Keep each value that is right on its own: state=MD&state=ZZ still means Maryland.
            data.setlist(name, [value for value in data.getlist(name) if field.valid_value(value)])
        else:
            data.pop(name, None)
    for name in getattr(form, "dropped_together", ()):
        data.pop(name, None)
    applied = filterset_class(data, queryset=queryset, request=request)
    if not applied.is_valid():  # cannot happen with the rules above; never fail the page for it
        applied = filterset_class(QueryDict(), queryset=queryset, request=request)
        applied.is_valid()
    return applied, submitted
