"""What the school pages and the API read, each in a fixed number of queries.

Views call these and hand the results to templates; nothing here renders. Values are turned into
text (never markup) where a page shows many of them, so templates only place them.
"""

from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple

from django.db.models import Count
from django.db.models.functions import Left
from django.urls import reverse

from careerguide.core.formats import miles_text

from . import shortlist
from .figures import SMALL_GROUP, compare_figures, figure_of, school_page_figures
from .models import DataSource, FieldOfStudy, ProgramOffering, School
from .vocabulary import (
    CREDENTIAL_LEVEL_SLUGS,
    INCOME_BANDS,
    PREDOMINANT_DEGREE_LABEL,
    CredentialLevel,
    SchoolType,
)

# A level's programs are collapsed under a <details> beyond this many fields of study.
PROGRAMS_OPEN_MAX = 8
# Beyond this many programs a school's page summarises them by field and level, each level listed
# in full on a page of its own (SPEC section 6: no page over 150 KB).
PROGRAMS_LISTED_MAX = 150


def shortlist_names(slugs):
    """[(slug, name)] of the shortlisted schools that exist, in shortlist order: one query, none when empty."""
    if not slugs:
        return []
    names = dict(School.objects.by_slugs(slugs).values_list("slug", "name"))
    return [(slug, names[slug]) for slug in slugs if slug in names]


def shortlist_tray(request, context=None):
    """The shortlist tray of a page: the visitor's shortlisted schools that exist, by name, and
    the comparison of them, keeping the page's `context` (shortlist.COMPARE_CONTEXT) (one query;
    none when the shortlist is empty)."""
    items = shortlist_names(shortlist.get(request))
    slugs = [slug for slug, _ in items]
    return {
        "items": items,
        "slugs": set(slugs),
        "saved": slugs,
        "compare_url": shortlist.compare_url(slugs, context) if items else "",
        "limit": shortlist.LIMIT,
        "action": reverse("schools:shortlist"),
    }


def existing_slugs(slugs):
    """The `slugs` that name a school, in their order: one query, none when empty."""
    if not slugs:
        return []
    known = set(School.objects.by_slugs(slugs).values_list("slug", flat=True))
    return [slug for slug in slugs if slug in known]


def school_named(slug):
    """(slug, name) of one school, or None."""
    return School.objects.by_slugs([slug]).values_list("slug", "name").first()


# --- The school page -----------------------------------------------------------------------------


def school_with_sources(slug):
    """The school with its aliases and each figure's source, or None: three queries."""
    school = School.objects.prefetch_related("aliases").filter(slug=slug).first()
    if school is not None:
        attach_sources([school])
    return school


SOURCE_KEYS = [
    field for field in School._meta.concrete_fields if field.is_relation and field.related_model is DataSource
]


def attach_sources(schools):
    """Give each school its figures' sources (`school.tuition_in_state_source`, …) from one query.
    Not select_related: a join per figure (sixteen) costs PostgreSQL more to plan than to run, and
    the schools share a handful of sources."""
    sources = DataSource.objects.in_bulk(
        {getattr(school, key.attname) for school in schools for key in SOURCE_KEYS} - {None}
    )
    for school in schools:
        for key in SOURCE_KEYS:
            key.set_cached_value(school, sources.get(getattr(school, key.attname)))
    return schools


def school_figures(school):
    """Each figure of the school page: label, text (None when unknown), its source, its notes."""
    figures = []
    for figure in school_page_figures():
        value = getattr(school, figure.field)
        text, school_note = figure.text_at(school, value)
        source = getattr(school, figure.source_field) if figure.source_field else None
        if value is None and text is not None:  # "Open admission": the open-admission flag's source
            source = school.open_admission_source
        figures.append(
            {
                "label": figure.label,
                "text": text,
                "source": source,
                "missing": figure.missing_reason(school) if text is None else "",
                "not_applicable": text is None and not figure.applies_at(school),
                "note": figure.note,
                "cohort": figure.cohort_text(school),
                "small_group": figure.small_group(school),
                "value_note": school_note or figure.value_note(value),
            }
        )
    return figures


class CostPart(NamedTuple):
    label: str
    value: int


class IncomeBandRow(NamedTuple):
    label: str  # "$0–30,000"
    net_price: int | None
    students: int | None
    small_group: bool
    aid_above_cost: bool  # a negative net price: grants exceed the cost
    no_students: bool  # no student with aid in the band: a net price does not apply


def what_you_would_pay(school):
    """The school page's "What you would pay": the cost of a year with its parts where known, the
    net price at each family income with the students it covers, and the school's own calculator."""
    parts = [
        ("In-state tuition and fees", school.tuition_in_state),
        ("Out-of-state tuition and fees", school.tuition_out_of_state),
        ("Books and supplies", school.books_supplies),
        ("Housing and food, on campus", school.housing_food_on_campus),
        ("Other expenses, on campus", school.other_expenses_on_campus),
        ("Housing and food, off campus", school.housing_food_off_campus),
        ("Other expenses, off campus", school.other_expenses_off_campus),
    ]
    if school.tuition_out_of_state == school.tuition_in_state:
        parts[0:2] = [("Tuition and fees", school.tuition_in_state)]
    bands = []
    for band in INCOME_BANDS:
        price, students = getattr(school, band.field), getattr(school, band.students_field)
        small = students is not None and 0 < students < SMALL_GROUP
        bands.append(
            IncomeBandRow(band.label, price, students, small, price is not None and price < 0, students == 0)
        )
    return {
        "cost": school.cost_of_attendance,
        "cost_source": school.cost_of_attendance_source,
        "cost_missing": figure_of("cost_of_attendance").missing_reason(school),
        "parts": [CostPart(label, value) for label, value in parts if value is not None],
        "bands": bands,
        "bands_known": any(row.net_price is not None for row in bands),
        "bands_source": school.net_price_by_income_source,
        "public": school.control == SchoolType.PUBLIC,
        "calculator": school.net_price_calculator,
        "average_net_price": school.net_price,
        "average_net_price_source": school.net_price_source,
        "average_net_price_missing": figure_of("net_price").missing_reason(school),
    }


@dataclass
class SeriesGroup:
    """A 4-digit CIP series a school offers at one level: the Scorecard's figure for the whole
    series (when it lists it) and the 6-digit programs IPEDS lists in it."""

    code: str
    title: str
    series: ProgramOffering | None = None
    programs: list = field(default_factory=list)


@dataclass
class LevelGroup:
    level: int
    label: str
    groups: list
    program_count: int

    @property
    def collapsed(self):
        return len(self.groups) > PROGRAMS_OPEN_MAX


@dataclass
class SummaryLevel:
    level: int
    label: str
    slug: str
    program_count: int


@dataclass
class SummaryRow:
    """A 2-digit CIP family and the school's number of programs in it at each summarised level
    (None where it has none)."""

    code: str
    title: str
    counts: list


def program_counts(school):
    """{(credential level, 2-digit CIP family): number of the school's programs}: one query."""
    counted = (
        school.programs.annotate(family=Left("field_id", 2))
        .values_list("credential_level", "family")
        .annotate(programs=Count("pk"))
        .order_by()
    )
    return {(level, family): programs for level, family, programs in counted}


def summary_levels(counts):
    """The credential levels of `program_counts`, in order, each with its number of programs."""
    totals = {}
    for (level, _), programs in counts.items():
        totals[level] = totals.get(level, 0) + programs
    return [
        SummaryLevel(level, CredentialLevel(level).label, CREDENTIAL_LEVEL_SLUGS[level], totals[level])
        for level in sorted(totals)
    ]


def summary_rows(counts, levels):
    """A row per 2-digit family of `program_counts`, its count at each of `levels`: one query (the
    families' titles)."""
    families = sorted({family for _, family in counts})
    titles = dict(FieldOfStudy.objects.filter(code__in=families).values_list("code", "title"))
    return [
        SummaryRow(
            family,
            family_title(titles.get(family, "")),
            [counts.get((summary_level.level, family)) for summary_level in levels],
        )
        for family in families
    ]


def family_title(title):
    """CIP writes its 2-digit families' titles in capitals: in sentence case, as the page reads them."""
    return title[:1] + title[1:].lower() if title.isupper() else title


def school_programs(school, only_level=None):
    """The school's offerings grouped by credential level, then by 4-digit series: two queries
    (offerings with their fields and sources; the titles of series only listed by their programs).
    `only_level` keeps that credential level's only."""
    offerings = school.programs.for_school_page()
    if only_level is not None:
        offerings = offerings.filter(credential_level=only_level)
    offerings = list(offerings)
    grouped = []
    missing_titles = set()
    for level, in_level in groupby(offerings, key=lambda offering: offering.credential_level):
        groups = {}
        for offering in in_level:
            series_code = offering.field_id[:5]
            group = groups.get(series_code)
            if group is None:
                group = groups[series_code] = SeriesGroup(series_code, "")
            if len(offering.field_id) == 5:
                group.series = offering
                group.title = offering.field.title
            else:
                group.programs.append(offering)
        for group in groups.values():
            if not group.title:
                missing_titles.add(group.code)
        ordered = sorted(groups.values(), key=lambda group: group.code)
        count = sum((1 if group.series else 0) + len(group.programs) for group in ordered)
        grouped.append(LevelGroup(level, CredentialLevel(level).label, ordered, count))
    if missing_titles:
        titles = dict(FieldOfStudy.objects.filter(code__in=missing_titles).values_list("code", "title"))
        for level_group in grouped:
            for group in level_group.groups:
                group.title = group.title or titles.get(group.code, "")
    return grouped, len(offerings)


# --- Compare ---------------------------------------------------------------------------------------


class SchoolLink(NamedTuple):
    """A school as a list links it (best schools, search results): a name, a link and a place,
    read as plain values rather than a model instance."""

    name: str
    slug: str
    city: str
    state: str

    location = School.location
    get_absolute_url = School.get_absolute_url


class CompareCell(NamedTuple):
    school: str  # the school's name, which a phone shows beside the value
    text: str | None  # None when unknown
    best: bool = False
    note: str = ""


class CompareRow(NamedTuple):
    label: str
    cells: list
    meaning: str = ""  # what ★ Best means in this row
    numeric: bool = False


def compare_schools(slugs, home_state="", near=None):
    """{slug: school} for the slugs that exist, with `your_tuition` when `home_state` is given and
    `distance_miles` from the ZipCode `near`: one query."""
    if not slugs:
        return {}
    queryset = School.objects.listing().by_slugs(slugs)
    if home_state:
        queryset = queryset.with_your_tuition(home_state)
    if near is not None:
        queryset = queryset.with_distance_from(near.latitude, near.longitude)
    return {school.slug: school for school in queryset}


def compare_rows(schools, home_state, band=None, near=None):
    """The comparison's figure rows: each school's value as text, the best marked, small groups
    noted. With an IncomeBand `band`, a figure read by income is that band's; with a ZipCode `near`,
    the distance from it follows the figures."""
    rows = []
    for figure in compare_figures(home_state):
        field = band.field if band is not None and figure.by_income else figure.field
        label = figure.label_at(band)
        values = [getattr(school, field) for school in schools]
        best = figure.best_of(values)
        cells = []
        for school, value in zip(schools, values, strict=True):
            text, school_note = figure.text_at(school, value)
            if value is None:
                note = ""
            elif field != figure.field:
                note = band_note(school, band, home_state)
            else:
                note = figure.cohort_text(school) or figure.value_note(value)
            cells.append(
                CompareCell(school.name, text, value is not None and value == best, school_note or note)
            )
        rows.append(CompareRow(label, cells, figure.best_means, numeric=True))
    if near is not None:
        distances = [school.distance_miles for school in schools]
        nearest = min((d for d in distances if d is not None), default=None)
        cells = [
            CompareCell(school.name, miles_text(distance), len(schools) > 1 and distance == nearest)
            for school, distance in zip(schools, distances, strict=True)
        ]
        rows.append(
            CompareRow(f"Distance from {near.code} ({near.city}, {near.state})", cells, "nearest", True)
        )
    facts = [
        ("Location", lambda school: school.location or None),
        ("Type", lambda school: SchoolType(school.control).label if school.control else None),
        (
            PREDOMINANT_DEGREE_LABEL,
            lambda school: school.get_predominant_degree_display() if school.predominant_degree else None,
        ),
    ]
    for label, text_of in facts:
        rows.append(CompareRow(label, [CompareCell(school.name, text_of(school)) for school in schools]))
    return rows


def band_note(school, band, home_state):
    """What a reader must know beside a school's net price at a family income: a small group of
    students, or (a public school outside the home state) that it is its in-state students'."""
    students = getattr(school, band.students_field)
    if students is not None and students < SMALL_GROUP:
        return f"{students} students: a small group"
    if school.control == SchoolType.PUBLIC and home_state and school.state != home_state:
        return "in-state students' figure"
    return ""


def chart_rows(schools, charted):
    """(name, value, value as text or None) of each school for a bar chart of the figure `charted`."""
    return [
        (school.name, getattr(school, charted.field), charted.text(getattr(school, charted.field)))
        for school in schools
    ]


# What admin writes in `figures_changed_by` when an editor saves figures ("Editor <username>").
EDITOR_CREDIT_PREFIX = "Editor "
PUBLIC_EDITOR_CREDIT = "Careerguide editors"


def public_credit(changed_by):
    """Who last changed a school's figures, as the public may read it: an import's name, or
    "Careerguide editors" for any editor (never an editor's username)."""
    if changed_by.startswith(EDITOR_CREDIT_PREFIX):
        return PUBLIC_EDITOR_CREDIT
    return changed_by
