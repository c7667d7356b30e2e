"""Reads of the career page and the careers API: the queries, apart from how their results are shown.

Each function runs a fixed number of queries whatever the size of the lists it reads, and returns
read-only rows (named tuples) or model instances the caller only reads.
"""

from collections import OrderedDict, namedtuple
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.db.models.functions import RowNumber, Substr

from schools.models import DataSource
from schools.selectors import SchoolLink
from schools.vocabulary import CipLevel

from .models import BestSchool, Career, CrosswalkLink
from .vocabulary import ENTRY_EDUCATION

# --- The editors' short lists ------------------------------------------------------------------

# The career's short editor-ordered lists and the fields the page (and the API) reads of each.
EDITORIAL_LISTS = {
    "importance_points": ("title", "body"),
    "skills": ("title", "body"),
    "duties": ("statement",),
    "technologies": ("category", "name", "is_hot"),
    "market_points": ("kind", "title", "body"),
    "hotspots": ("place", "reason"),
    "industries": ("name", "description"),
    "faqs": ("question", "answer"),
}


def editorial_lists(career):
    """{related name: [row, …]} of the career's editorial lists, in the editors' order (order, pk):
    one query per list, each row a named tuple of the fields `EDITORIAL_LISTS` names."""
    return {
        name: list(getattr(career, name).order_by("order", "pk").values_list(*fields, named=True))
        for name, fields in EDITORIAL_LISTS.items()
    }


# --- Degree levels and their programs ----------------------------------------------------------


class DegreeLevelRow(NamedTuple):
    kind: str
    title: str
    description: str


class DegreeProgramRow(NamedTuple):
    name: str
    description: str
    field_id: str | None


def degree_levels(career):
    """[(level, [program, …]), …] in the editors' order: one query (levels joined to their programs)."""
    rows = career.degree_levels.order_by("order", "pk", "programs__order", "programs__pk").values_list(
        "pk",
        *DegreeLevelRow._fields,
        "programs__pk",
        *(f"programs__{f}" for f in DegreeProgramRow._fields),
    )
    levels = OrderedDict()
    for pk, kind, title, description, program_pk, *program in rows:
        programs = levels.setdefault(pk, (DegreeLevelRow(kind, title, description), []))[1]
        if program_pk is not None:
            programs.append(DegreeProgramRow(*program))
    return list(levels.values())


def crosswalk_programs(occupation, limit=24):
    """The 6-digit CIP programs the CIP–SOC crosswalk links to the occupation (one query)."""
    return list(occupation.fields_of_study().filter(level=CipLevel.PROGRAM)[:limit])


# --- Best schools --------------------------------------------------------------------------------


class SourceLabel(NamedTuple):
    """A data source's name and edition, read as `DataSource` prints them."""

    name: str
    edition: str

    __str__ = DataSource.__str__


class BestSchoolFigure(NamedTuple):
    """One figure of a ranked school: as published with the list, and the school's current one."""

    published: object
    current: object
    current_source: SourceLabel | None

    @property
    def shown(self):
        """The list's figure; where the list published none, the school's current one."""
        return self.current if self.published is None else self.published

    @property
    def live(self):
        """Whether the figure shown is the school's current one, not published with the list."""
        return self.published is None and self.current is not None

    @property
    def differs(self):
        """Whether the school's current figure reads differently from the published one (to a tenth)."""
        if self.published is None or self.current is None:
            return False
        return round(Decimal(self.published), 1) != round(Decimal(self.current), 1)


class BestSchoolRow(NamedTuple):
    rank: int
    school: SchoolLink
    figures: dict
    url: str  # the school's page


def best_school_rows(career):
    """The ranked schools with both sets of figures: one query (entries joined to their schools and
    the schools' data sources), read as read-only rows."""
    figures = BestSchool.FIGURES
    columns = (
        *(f"school__{f}" for f in SchoolLink._fields),
        "rank",
        *figures,
        *(f"school__{f}" for f in figures),
        *(f"school__{f}_source__{part}" for f in figures for part in ("name", "edition")),
    )
    size, count = len(SchoolLink._fields), len(figures)
    rows = []
    for values in career.best_schools.order_by("rank").values_list(*columns):
        published = values[size + 1 : size + 1 + count]
        current = values[size + 1 + count : size + 1 + 2 * count]
        sources = values[size + 1 + 2 * count :]
        row_figures = {}
        for index, name in enumerate(figures):
            source_name, edition = sources[2 * index], sources[2 * index + 1]
            # No source row (a LEFT JOIN's NULL name) is None: the page says the gap.
            source = SourceLabel(source_name, edition) if source_name is not None else None
            row_figures[name] = BestSchoolFigure(published[index], current[index], source)
        school = SchoolLink(*values[:size])
        rows.append(BestSchoolRow(values[size], school, row_figures, school.get_absolute_url()))
    return rows


# --- The occupation's O*NET lists ----------------------------------------------------------------


def task_statements(occupation):
    """The occupation's O*NET tasks, core first, as (statement, kind) rows (one query)."""
    return list(occupation.tasks.order_by("kind", "onet_task_id", "pk").values_list("statement", "kind"))


def tasks_listed(occupation, statements):
    """Which of `statements` the occupation's O*NET tasks hold (one query)."""
    return set(occupation.tasks.filter(statement__in=statements).values_list("statement", flat=True))


TechnologyRow = namedtuple("TechnologyRow", ("category", "name", "is_hot", "is_in_demand"))


def technology_skills(occupation):
    """The occupation's O*NET technologies, hot and in-demand ones first within each category."""
    rows = occupation.technology_skills.order_by("category", "-is_hot", "-is_in_demand", "name").values_list(
        *TechnologyRow._fields
    )
    return [TechnologyRow(*row) for row in rows]


def alternate_titles(occupation, exclude="", limit=None):
    titles = (
        occupation.alternate_titles.exclude(title=exclude).order_by("title").values_list("title", flat=True)
    )
    return list(titles[:limit] if limit else titles)


def education_shares(occupation):
    """O*NET's shares of workers by required level of education, from the lowest level up (one query)."""
    return list(
        occupation.education_levels.filter(percent__gt=0)
        .order_by("category")
        .values_list("category", "label", "percent", named=True)
    )


class CareerLink(NamedTuple):
    """A career as a link shows it (related careers): lighter than a model instance."""

    pk: int
    title: str
    slug: str

    get_absolute_url = Career.get_absolute_url


class RelatedCareer(NamedTuple):
    career: object
    occupation_title: str
    url: str


def related_careers(career, limit=12):
    """Other careers of the same occupation, then one career per related O*NET occupation.

    The same occupation's careers are prefetched by `with_page_data`; the related occupations'
    careers come in one query, read as values: a title and a link each.
    """
    occupation = career.occupation
    if occupation is None:
        return []
    careers, seen = [], {career.pk}
    for sibling in occupation.careers.all():
        if sibling.pk not in seen:
            seen.add(sibling.pk)
            careers.append(RelatedCareer(sibling, "", sibling.get_absolute_url()))
    rows = occupation.related_links.order_by(
        "rank", "pk", "related_occupation__careers__title", "related_occupation__careers__pk"
    ).values_list(
        "related_occupation_id",
        "related_occupation__title",
        "related_occupation__careers__pk",
        "related_occupation__careers__title",
        "related_occupation__careers__slug",
    )
    linked = set()
    for occupation_id, occupation_title, pk, title, slug in rows:
        # The first career of each related occupation (by title) that is not listed yet.
        if pk is None or pk in seen or occupation_id in linked:
            continue
        seen.add(pk)
        linked.add(occupation_id)
        link = CareerLink(pk, title, slug)
        careers.append(RelatedCareer(link, occupation_title, link.get_absolute_url()))
    return careers[:limit]


# --- The home page -------------------------------------------------------------------------------

FEATURED = 6
# What a career's card shows: not the guide's text, nor the occupation's wages and outlook.
CARD_FIELDS = ("title", "slug", "occupation__code", "occupation__title")


def featured_careers():
    """A handful of careers for the home page: those editors feature, then, to make up the handful,
    the largest occupation (BLS employment) at each entry education not yet shown, largest first,
    one career per occupation (two queries)."""
    cards = Career.objects.select_related("occupation").only(
        *CARD_FIELDS, "occupation__typical_entry_education"
    )
    chosen = list(cards.featured()[:FEATURED])
    if len(chosen) < FEATURED:
        largest_first = [models.F("occupation__employment_base").desc(nulls_last=True), "title", "pk"]
        levels = {career.occupation.typical_entry_education for career in chosen if career.occupation}
        largest_at_each_level = (
            cards.exclude(pk__in=[career.pk for career in chosen])
            # A detailed O*NET title (15-2051.01) shares its parent's figures: occupations only (.00).
            .filter(occupation__code__endswith=".00")
            .exclude(occupation__typical_entry_education__in=[level for level in levels if level])
            .annotate(
                rank_at_level=models.Window(
                    RowNumber(),
                    partition_by=models.F("occupation__typical_entry_education"),
                    order_by=largest_first,
                )
            )
            .filter(rank_at_level=1)
            .order_by(*largest_first)
        )
        chosen += largest_at_each_level[: FEATURED - len(chosen)]
    return chosen or list(cards[:FEATURED])


# The home page's ways into the careers explorer: its sort, the heading, what the figure says.
TOP_LISTS = (
    ("-growth", "Fastest growing", "growth_percent"),
    ("-wage", "Best paid", "median_wage"),
    ("-openings", "Most openings", "openings"),
)
TOP_SIZE = 3


class TopList(NamedTuple):
    sort: str
    heading: str
    figure: str  # the explorer annotation each career's line shows
    careers: list


def top_careers():
    """The first occupations of the explorer's fastest-growing, best-paid and most-openings orders
    (one query each). A detailed O*NET title (35-3023.01 Baristas) shows its parent's figures, so
    it would sit beside its parent with the same number: occupations only (.00)."""
    occupations = Career.objects.explorer_listing().filter(occupation__code__endswith=".00")
    return [
        TopList(sort, heading, figure, list(occupations.explorer_sorted(sort)[:TOP_SIZE]))
        for sort, heading, figure in TOP_LISTS
    ]


def careers_by_entry_education():
    """(explorer `education` value, BLS words, how many careers start there) for every level,
    lowest first; levels no career starts at left out (one query)."""
    counts = dict(
        Career.objects.filter(occupation__typical_entry_education__in=ENTRY_EDUCATION.values())
        .values_list("occupation__typical_entry_education")
        .annotate(careers=models.Count("pk"))
        .order_by()
    )
    return [(slug, words, counts[words]) for slug, words in ENTRY_EDUCATION.items() if counts.get(words)]


def data_editions():
    """The public datasets present and their editions ("IPEDS 2023-24", "BLS … May 2024"), one query."""
    rows = DataSource.objects.order_by("name", "edition").values_list("key", "name", "edition")
    return [str(SourceLabel(name, edition)) for key, name, edition in rows if DataSource.is_public_data(key)]


# --- The school page ----------------------------------------------------------------------------


def careers_linked_from(school):
    """The career guides a school's programs lead to, by title, in one query: those whose occupation
    is crosswalked from a field the school offers, or from a 6-digit program of a series it offers."""
    offered = school.programs.values("field_id")
    soc_codes = (
        CrosswalkLink.objects.annotate(series=Substr("field_id", 1, 5))
        .filter(models.Q(field_id__in=offered) | models.Q(series__in=offered))
        .order_by()
        .values("soc_code")
    )
    return Career.objects.filter(occupation__soc_code__in=soc_codes).only("title", "slug").order_by("title")
