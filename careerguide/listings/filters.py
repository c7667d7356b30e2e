"""The listings' FilterSets, one per listing: the school finder's and the careers explorer's
(SPEC section 4). Each validates its parameters and filters; the HTML page, the CSV and the JSON
read the same one.

The page is lenient (`forms.lenient`: a bad parameter is reported and left out, the rest still
applies); the CSV and JSON endpoints are strict (`is_valid()`, then a 400 naming each bad
parameter). How many schools match, and what each offers of the programs asked for, are read by
`selectors`; chips and sentences are written by `presenters`.
"""

from decimal import Decimal
from typing import NamedTuple

import django_filters
from django import forms
from django.db import models
from django.utils.text import capfirst
from django_filters.constants import EMPTY_VALUES

from careerguide.careers.models import Career, CareerQuerySet, CrosswalkLink, DegreeProgram
from careerguide.careers.vocabulary import ENTRY_EDUCATION, JOB_ZONE_CHOICES
from careerguide.core.text import SLUG_RE, clean_params, either
from careerguide.search.ranking import rank_careers, rank_schools
from schools import figures
from schools.forms import ZipCodeField
from schools.models import FieldOfStudy, School
from schools.vocabulary import (
    CIP_CODE_RE,
    CREDENTIAL_LEVEL_BY_SLUG,
    INCOME_MAX,
    PREDOMINANT_DEGREE_BY_SLUG,
    SCHOOL_KIND_CHOICES,
    SCHOOL_TYPE_SLUGS,
    US_STATES,
    WITHIN_DEFAULT,
    WITHIN_MAX,
    WITHIN_MIN,
    income_band,
)

from .forms import (
    ListFilterSet,
    MultiChoiceFilter,
    Range,
    RangeCheckForm,
    bound_filter,
    per_page_filter,
    sort_filter,
)

# With `q`, a listing ranks at most this many of its matches as the site search does (each a
# term of the ordering's CASE); a common word's other matches follow in the listing's own order.
RANKED_MAX = 200


def rank_position(ranked):
    """An expression for a row's place among the first RANKED_MAX of `ranked` (primary keys, best
    first); the rest after them. The CASE of every key is asked only of the rows among them (an
    IN the database looks up), not of every row the words match."""
    head = ranked[:RANKED_MAX]
    position = models.Case(
        *(models.When(pk=pk, then=models.Value(place)) for place, pk in enumerate(head)),
        output_field=models.IntegerField(),
    )
    return models.Case(
        models.When(pk__in=head, then=position),
        default=models.Value(len(head)),
        output_field=models.IntegerField(),
    )


def ranked_matches(queryset, ranked, word_match):
    """`queryset` narrowed to the `ranked` primary keys; when more matched than RANKED_MAX, to the
    best RANKED_MAX (typos, acronyms and all) and every row the condition `word_match` (the plain
    word match) finds."""
    if len(ranked) <= RANKED_MAX:
        return queryset.filter(pk__in=ranked)
    return queryset.filter(models.Q(pk__in=ranked[:RANKED_MAX]) | word_match)


# --- The school finder ---------------------------------------------------------------------------

PROGRAM_SORTS = ("program_earnings", "program_graduates")
# Largest schools first: a list a student can start from (A–Z began with beauty academies and rows
# of "Not reported"); unknown enrollment last.
DEFAULT_SORT = "-enrollment"
# With a program or a career: where most students graduate in it first.
DEFAULT_PROGRAM_SORT = "-program_graduates"
MATCHES = ("exact", "field")
PROGRAMS_MAX = 10  # program values read at most: each worded one costs a query
PROGRAM_CODES_MAX = 100  # programs a worded `program` may stand for (SPEC section 4)


def school_sort_keys():
    """The finder's `sort` values: the name, each figure that sorts, the matched programs' figures,
    the distance from a ZIP code."""
    return ["name", *figures.by_sort_key(), *PROGRAM_SORTS, "distance"]


class ProgramAsked(NamedTuple):
    """One `program` value: the text asked, and the fields of study it stands for (a code: its
    field; words: every 6-digit program whose title holds them, SPEC section 4)."""

    text: str
    fields: list  # each with .code and .title
    worded: bool

    @property
    def codes(self):
        return [field.code for field in self.fields]


class TitledProgram(NamedTuple):
    code: str
    title: str


class ProgramsField(forms.Field):
    """Repeatable programs, each a CIP code (6-digit, series or family) or words of CIP titles
    ("computer science"). Codes are found in one query, each worded value in one more. `asked`
    keeps every value that named programs, so that a bad one can be left out and the rest kept."""

    widget = forms.MultipleHiddenInput  # every value of a repeated parameter

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.asked = []

    def clean(self, value):
        self.asked = []
        if isinstance(value, (list, tuple)):
            value = list(dict.fromkeys(v.strip() for v in value if isinstance(v, str) and v.strip()))
        values = value or []
        if not values:
            return []
        if len(values) > PROGRAMS_MAX:
            raise forms.ValidationError(f"Choose at most {PROGRAMS_MAX} programs.", code="too_many")
        codes = [v for v in values if CIP_CODE_RE.match(v)]
        found = {field.code: field for field in FieldOfStudy.objects.filter(code__in=codes)} if codes else {}
        errors = []
        for text in values:
            asked, error = self.program_asked(text, found)
            if error is None:
                self.asked.append(asked)
            else:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return self.asked

    def program_asked(self, text, found):
        """(the ProgramAsked `text` names, None) or (None, the error that says why it names none)."""
        if text in found:
            return ProgramAsked(text, [found[text]], worded=False), None
        if CIP_CODE_RE.match(text):
            return None, self.error("No program has the CIP code “%(value)s”.", "invalid_choice", text)
        if not any(c.isalnum() for c in text) or len(text) > 100 or "\x00" in text:
            return None, self.error(
                "“%(value)s” is not a CIP code or words of a program's name; write it like "
                "11.0701, 11.07 or 11, or words such as computer science.",
                "invalid_choice",
                text,
            )
        titled = FieldOfStudy.objects.titled(text)
        if not titled:
            return None, self.error(
                "No program has every word of “%(value)s” in its name; try fewer words, or a CIP code.",
                "no_match",
                text,
            )
        if len(titled) > PROGRAM_CODES_MAX:
            return None, self.error(
                f"“%(value)s” is in the names of {len(titled):,} programs: too broad (at most "
                f"{PROGRAM_CODES_MAX}). Add a word, or write a CIP code.",
                "too_broad",
                text,
            )
        return ProgramAsked(text, [TitledProgram(code, title) for code, title in titled], worded=True), None

    @staticmethod
    def error(message, code, value):
        return forms.ValidationError(message, code=code, params={"value": value[:60]})


class ProgramsFilter(django_filters.Filter):
    field_class = ProgramsField


class CareerField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not SLUG_RE.match(str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CareerFilter(django_filters.Filter):
    field_class = CareerField


class ZipCodeFilter(django_filters.Filter):
    field_class = ZipCodeField


def career_codes(career):
    """The CIP codes of a career's programs: its occupation's in the crosswalk, or the programs
    its editors listed when it has no occupation. One query."""
    if career.occupation_id is not None:
        links = CrosswalkLink.objects.filter(soc_code=career.occupation.soc_code)
        return sorted(links.values_list("field_id", flat=True).distinct())
    listed = DegreeProgram.objects.filter(degree_level__career=career, field__isnull=False)
    return sorted(listed.values_list("field_id", flat=True).distinct())


class SchoolFinderForm(RangeCheckForm):
    def clean(self):
        cleaned = super().clean()
        sort = (cleaned.get("sort") or "").lstrip("-")
        if not cleaned.get("home_state"):
            if cleaned.get("your_tuition_max") is not None:
                self.add_error("your_tuition_max", "Choose your home state to filter by your tuition.")
            if sort == "your_tuition":
                self.add_error("sort", "Choose your home state to sort by your tuition.")
        # A program or career that is there but wrong has its own message; the sort may still
        # apply to what the finder keeps of it.
        asked = any(cleaned.get(name) or name in self.errors for name in ("program", "career"))
        if sort in PROGRAM_SORTS and not asked:
            what = "the earnings after it" if sort == "program_earnings" else "its graduates"
            self.add_error("sort", f"Choose a program or a career to sort by {what}.")
        if not cleaned.get("near") and "near" not in self.errors:
            if cleaned.get("within") is not None:
                self.add_error("within", "Choose a ZIP code (near) to search within a distance of it.")
            if sort == "distance":
                self.add_error("sort", "Choose a ZIP code (near) to sort by distance.")
        return cleaned


class SchoolFinderFilterSet(ListFilterSet):
    """Every parameter of SPEC section 4's school finder; `<figure>_min`/`<figure>_max` and `sort`
    are built from the figure registry."""

    q = django_filters.CharFilter(method="filter_q", label="Name or city", max_length=200, strip=True)
    state = MultiChoiceFilter(
        method="filter_state",
        label="State",
        choices=US_STATES,
        error_messages={"invalid_choice": "“%(value)s” is not a US state or territory code."},
    )
    control = MultiChoiceFilter(
        method="filter_school_type",
        label="Type of school",
        choices=[(slug, school_type.label) for school_type, slug in SCHOOL_TYPE_SLUGS.items()],
        error_messages={
            "invalid_choice": f"“%(value)s” is not a type of school: use {either(SCHOOL_TYPE_SLUGS.values())}."
        },
    )
    home_state = django_filters.ChoiceFilter(
        method="filter_nothing",
        label="Your home state",
        choices=US_STATES,
        error_messages={"invalid_choice": "“%(value)s” is not a US state or territory code."},
    )
    degree = MultiChoiceFilter(
        method="filter_degree",
        label="Kind of school",
        choices=SCHOOL_KIND_CHOICES,
        error_messages={
            "invalid_choice": f"“%(value)s” is not a kind of school: use {either(PREDOMINANT_DEGREE_BY_SLUG)}."
        },
    )
    program = ProgramsFilter(
        method="filter_nothing",  # matched with the career by `filter_queryset`
        label="Program",
        error_messages={"invalid_choice": "No program has the CIP code “%(value)s”."},
    )
    career = CareerFilter(
        method="filter_nothing",
        label="Career",
        queryset=Career.objects.select_related("occupation"),
        to_field_name="slug",
        error_messages={"invalid_choice": "No career guide has that address."},
    )
    level = MultiChoiceFilter(
        method="filter_nothing",
        label="Level",
        choices=[(slug, level.label) for slug, level in CREDENTIAL_LEVEL_BY_SLUG.items()],
        error_messages={
            "invalid_choice": "“%(value)s” is not a level: use " + ", ".join(CREDENTIAL_LEVEL_BY_SLUG) + "."
        },
    )
    match = django_filters.ChoiceFilter(
        method="filter_nothing",
        label="Match",
        choices=[(match, match) for match in MATCHES],
        error_messages={"invalid_choice": "“%(value)s” is not a way to match: use exact or field."},
    )
    income = bound_filter(
        "Family income", 0, INCOME_MAX, method="filter_nothing", help_text="USD a year, before taxes."
    )
    near = ZipCodeFilter(method="filter_nothing", label="Near ZIP code", max_length=10)
    within = bound_filter("Within (miles)", WITHIN_MIN, WITHIN_MAX, method="filter_nothing")
    per_page = per_page_filter("schools")

    # Leaving a value out can make another wrong (sort=program_earnings without the program
    # that was ambiguous): a second pass leaves that out too.
    lenient_passes = 2

    class Meta:
        model = School
        fields = []
        form = SchoolFinderForm

    ranked = None  # primary keys of the schools `q` matches, best first

    @classmethod
    def built_filter_names(cls):
        names = []
        for figure in figures.range_figures():
            if figure.range_filter == "range":
                names.append(f"{figure.sort_key}_min")
            names.append(f"{figure.sort_key}_max")
        return (*names, "sort")

    def built_filters(self):
        built = {}
        for figure in figures.range_figures():
            bounds = {"lowest": figure.lowest, "highest": figure.highest, "field_name": figure.field}
            if figure.decimal_places:
                bounds.update(decimal=True, decimal_places=figure.decimal_places)
            name = capfirst(figure.range_name)
            if figure.range_filter == "range":
                built[f"{figure.sort_key}_min"] = bound_filter(
                    f"{name}, at least", lookup_expr="gte", **bounds
                )
            built[f"{figure.sort_key}_max"] = bound_filter(f"{name}, at most", lookup_expr="lte", **bounds)
        built["sort"] = sort_filter(school_sort_keys())
        return built

    def ranges(self):
        return [
            Range(f"{f.sort_key}_min", f"{f.sort_key}_max", f.range_name, f.kind)
            for f in figures.range_figures()
            if f.range_filter == "range"
        ]

    # Parameters that shape the listing, or how programs match, rather than narrow it themselves.
    NOT_FILTERS = (
        "home_state",
        "sort",
        "per_page",
        "level",
        "match",
        "program",
        "career",
        "income",
        "near",
        "within",
    )

    def filter_queryset(self, queryset):
        queryset = self.narrowed(queryset)
        sort = self.sort_key.lstrip("-")
        if sort == "program_earnings":
            queryset = queryset.with_program_earnings(
                self.matched_codes(), self.credential_levels, self.match_mode
            )
        elif sort == "program_graduates":
            queryset = queryset.with_program_graduates(
                self.matched_codes(), self.credential_levels, self.match_mode
            )
        return self.ordered(queryset)

    def narrowed(self, queryset, match=None, levels=None):
        """The listing's schools in no order, without the figures only a sort reads (what a count
        needs); `match` matches programs another way than the one asked for, `levels` at other
        credential levels (() for every level)."""
        data = self.form.cleaned_data
        queryset = queryset.ranked()
        if data.get("home_state"):
            queryset = queryset.with_your_tuition(data["home_state"])
        if data.get("near"):
            place = data["near"]
            queryset = queryset.near(place.latitude, place.longitude, self.within_miles)
        for name, value in data.items():
            if name not in self.NOT_FILTERS:
                filter_ = self.filters[name]
                queryset = (
                    filter_.filter(queryset, value)
                    if filter_.method
                    else self.bound(filter_, queryset, value)
                )
        match = match or self.match_mode
        levels = self.credential_levels if levels is None else levels
        for codes in self.code_groups():
            queryset = queryset.offering(codes, levels, match) if codes else queryset.none()
        return queryset

    def code_groups(self):
        """The CIP codes of the programs asked for, then the career's: a school must offer one of
        each group given (a program and a career together narrow each other)."""
        groups = []
        programs = [code for asked in self.cleaned.get("program") or () for code in asked.codes]
        if programs:
            groups.append(programs)
        if self.cleaned.get("career") is not None:
            groups.append(self.career_codes)
        return groups

    def ordered(self, queryset):
        """The listing in the order asked for; without one, `q`'s best matches first, the rest
        (and ties) in the default order."""
        if self.sort_key:
            field, descending = sort_field(self.sort_key)
            return queryset.ordered_by(self.ranked_field_of(field), descending)
        by_default = queryset.ordered_by(*sort_field(DEFAULT_SORT))
        return by_default.order_by(rank_position(self.ranked), *by_default.query.order_by)

    def bound(self, filter_, queryset, value):
        """A figure's bound: on the figure's field, or (net price with `income`) the band's."""
        if value in EMPTY_VALUES:
            return queryset
        return queryset.filter(
            **{f"{self.ranked_field_of(filter_.field_name)}__{filter_.lookup_expr}": value}
        )

    def field_of(self, field):
        """The School field holding figure `field` for this listing: with `income`, a figure read
        by income is the band's."""
        band = self.income_band
        if band is not None and field in {figure.field for figure in figures.FIGURES if figure.by_income}:
            return band.field
        return field

    def ranked_field_of(self, field):
        """What filters and sorts read for figure `field`: `field_of`, or where an open admission
        stands in for an unknown value, its annotation (`SchoolQuerySet.ranked`)."""
        figure = next((figure for figure in figures.FIGURES if figure.field == field), None)
        return (
            figure.ranked_field if figure is not None and figure.open_admission_text else self.field_of(field)
        )

    @property
    def income_band(self):
        income = self.cleaned.get("income")
        return None if income is None else income_band(income)

    @property
    def within_miles(self):
        within = self.cleaned.get("within")
        return WITHIN_DEFAULT if within is None else within

    @property
    def near_place(self):
        """The ZipCode `near` names, or None."""
        return self.cleaned.get("near")

    def comparison_context(self):
        """What a comparison opened from these results keeps (schools.shortlist.COMPARE_CONTEXT)."""
        programs = self.cleaned.get("program") or []
        career = self.cleaned.get("career")
        return {
            "home_state": self.home_state_code,
            "program": programs[0].text if len(programs) == 1 else "",
            "career": career.slug if career is not None else "",
            "income": self.cleaned.get("income"),
            "near": self.near_place.code if self.near_place else "",
        }

    def filter_q(self, queryset, name, value):
        self.ranked = rank_schools(value)
        return ranked_matches(queryset, self.ranked, School.objects.words_condition(value))

    def filter_state(self, queryset, name, value):
        return queryset.in_states(value)

    def filter_school_type(self, queryset, name, value):
        return queryset.with_school_types(value)

    def filter_degree(self, queryset, name, value):
        return queryset.with_predominant_degree(value)

    # How programs match (SPEC section 4), from valid data.
    @property
    def credential_levels(self):
        return [CREDENTIAL_LEVEL_BY_SLUG[slug] for slug in self.cleaned.get("level") or ()]

    @property
    def match_mode(self):
        return self.cleaned.get("match") or "exact"

    @property
    def career_codes(self):
        career = self.cleaned.get("career")
        if career is None:
            return []
        if not hasattr(self, "_career_codes"):
            self._career_codes = career_codes(career)
        return self._career_codes

    def matched_codes(self):
        """The CIP codes the listing matches schools on: the programs', then the career's."""
        programs = [code for asked in self.cleaned.get("program") or () for code in asked.codes]
        return list(dict.fromkeys([*programs, *self.career_codes]))

    # What the listing needs to know, from valid data.
    @property
    def ranks_by_words(self):
        return bool(self.cleaned.get("q"))

    @property
    def sort_key(self):
        """The sort asked for; without one, the default order ("" for best match with `q`)."""
        return self.cleaned.get("sort") or self.default_sort

    @property
    def default_sort(self):
        if self.ranks_by_words:
            return ""
        if self.near_place:
            return "distance"
        return DEFAULT_PROGRAM_SORT if self.matched_codes() else DEFAULT_SORT

    @property
    def home_state_code(self):
        return self.cleaned.get("home_state") or ""

    @classmethod
    def leave_out_error(cls, data, name, field):
        if isinstance(field, ProgramsField):
            # Keep the values that named programs.
            data.setlist(name, [asked.text for asked in field.asked])
        else:
            super().leave_out_error(data, name, field)


def sort_field(sort_key):
    """(the School field or annotation a finder `sort` value orders by, descending)."""
    key = sort_key.lstrip("-")
    figure = figures.by_sort_key().get(key)
    field = figure.field if figure else {"distance": "distance_miles"}.get(key, key)
    return field, sort_key.startswith("-")


# --- The careers explorer ------------------------------------------------------------------------

CAREER_SORTS = tuple(CareerQuerySet.EXPLORER_SORTS)
DEFAULT_CAREER_SORT = "title"
WAGE_MAX = 10_000_000  # USD a year: far above any median wage, far below any integer column's limit.
GROWTH_MIN, GROWTH_MAX = Decimal(-100), Decimal(10_000)
WAGE_OPTIONS = {
    "method": "filter_nothing",
    "error_messages": {"invalid": "Enter a whole number of dollars, such as 50000."},
}
GROWTH_OPTIONS = {
    "method": "filter_nothing",
    "decimal": True,
    "error_messages": {"invalid": "Enter a percentage, such as 5 or -2.5."},
}


CAREER_RANGES = [
    Range("wage_min", "wage_max", "median pay", "money"),
    Range("growth_min", "growth_max", "projected growth", "percent"),
]


class CareerExplorerFilterSet(ListFilterSet):
    """Every parameter of SPEC section 4's careers explorer."""

    q = django_filters.CharFilter(method="filter_q", label="Job title", max_length=200, strip=True)
    education = MultiChoiceFilter(
        method="filter_education",
        label="Typical education for entry",
        choices=list(ENTRY_EDUCATION.items()),
        error_messages={
            "invalid_choice": "“%(value)s” is not an education level; use one of "
            + ", ".join(ENTRY_EDUCATION)
            + "."
        },
    )
    wage_min = bound_filter("Median pay, at least", 0, WAGE_MAX, **WAGE_OPTIONS)
    wage_max = bound_filter("Median pay, at most", 0, WAGE_MAX, **WAGE_OPTIONS)
    growth_min = bound_filter("Projected growth, at least", GROWTH_MIN, GROWTH_MAX, **GROWTH_OPTIONS)
    growth_max = bound_filter("Projected growth, at most", GROWTH_MIN, GROWTH_MAX, **GROWTH_OPTIONS)
    job_zone = MultiChoiceFilter(
        method="filter_job_zone",
        label="Job zone",
        choices=JOB_ZONE_CHOICES,
        error_messages={"invalid_choice": "“%(value)s” is not a job zone; use 1 to 5."},
    )
    sort = sort_filter(CAREER_SORTS)
    per_page = per_page_filter("careers")

    class Meta:
        model = Career
        fields = []
        form = RangeCheckForm

    ranked = None  # primary keys of the careers `q` matches, best first

    def __init__(self, data=None, *args, **kwargs):
        # Control characters never reach a query (PostgreSQL refuses NUL) nor a message.
        super().__init__(clean_params(data) if data is not None else None, *args, **kwargs)

    def ranges(self):
        return CAREER_RANGES

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = super().filter_queryset(queryset)
        queryset = queryset.median_wage_between(data.get("wage_min"), data.get("wage_max"))
        queryset = queryset.growth_between(data.get("growth_min"), data.get("growth_max"))
        if self.sort_key:
            return queryset.explorer_sorted(self.sort_key)
        # Words without a sort: best match first, as the site search ranks titles.
        ordered = queryset.explorer_sorted(DEFAULT_CAREER_SORT)
        return ordered.order_by(rank_position(self.ranked), *ordered.query.order_by)

    def filter_q(self, queryset, name, value):
        self.ranked = rank_careers(value)
        return ranked_matches(
            queryset, self.ranked, models.Q(pk__in=Career.objects.search(value).values("pk"))
        )

    def filter_education(self, queryset, name, value):
        return queryset.with_entry_education(value)

    def filter_job_zone(self, queryset, name, value):
        return queryset.in_job_zones([int(zone) for zone in value])

    @property
    def sort_key(self):
        """The sort asked for; without one, title order, or best match first when words are given."""
        return self.cleaned.get("sort") or ("" if self.cleaned.get("q") else DEFAULT_CAREER_SORT)
