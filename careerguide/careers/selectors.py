"""Reads of the career page and the careers API: the queries, apart from how their results are shown.

Each function runs a fixed number of queries whatever the size of the lists it reads, and returns
read-only rows (named tuples) or model instances the caller only reads.
"""

from collections import OrderedDict, namedtuple
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.db import connection, models

from careerguide.core.urls import slug_url_maker
from schools.models import DataSource, FieldOfStudy
from schools.selectors import SchoolLink

from .models import BestSchool, Career

# --- The editors' short lists ------------------------------------------------------------------

# The career's short editor-ordered lists and the fields the page (and the API) reads of each.
# They are read together in one query as read-only rows: eight prefetches cost eight times the
# ORM's per-query work, for lists of a few rows each (measured in round 1).
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
EDITORIAL_ROWS = {name: namedtuple(f"{name}_row", fields) for name, fields in EDITORIAL_LISTS.items()}
EDITORIAL_TEXT_COLUMNS = max(len(fields) for fields in EDITORIAL_LISTS.values())


def editorial_fields(name):
    """The model fields of an editorial list, as `EDITORIAL_LISTS` names them."""
    meta = Career._meta.get_field(name).related_model._meta
    return meta, [meta.get_field(field) for field in EDITORIAL_LISTS[name]]


@lru_cache
def editorial_lists_sql(vendor):
    """One UNION ALL of the editorial lists: (list, order, pk, text columns…, flag), in list order.

    Text fields fill the text columns in turn, a boolean field the flag column; the padding is
    typed, as PostgreSQL resolves the types of a chain of UNIONs two by two. `vendor` keys the cache:
    the quoting is the connection's.
    """
    quote = connection.ops.quote_name
    parts = []
    for index, name in enumerate(EDITORIAL_LISTS):
        meta, fields = editorial_fields(name)
        texts = [quote(f.column) for f in fields if not isinstance(f, models.BooleanField)]
        flags = [quote(f.column) for f in fields if isinstance(f, models.BooleanField)]
        texts += ["CAST(NULL AS TEXT)"] * (EDITORIAL_TEXT_COLUMNS - len(texts))
        flag = flags[0] if flags else "CAST(NULL AS BOOLEAN)"
        columns = [str(index), quote(meta.get_field("order").column), quote(meta.pk.column), *texts, flag]
        # Only quoted table and column names from the models' metadata; the career is a parameter.
        parts.append(
            f"SELECT {', '.join(columns)} FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE {quote(meta.get_field('career').column)} = %s"
        )
    return " UNION ALL ".join(parts) + " ORDER BY 1, 2, 3"


@lru_cache
def editorial_row_builders():
    """For each list (in `EDITORIAL_LISTS` order): its name and a function of (texts, flag) to a row."""

    def builder(name):
        _meta, fields = editorial_fields(name)
        is_flag = [isinstance(f, models.BooleanField) for f in fields]
        row = EDITORIAL_ROWS[name]

        def build(texts, flag):
            values = iter(texts)
            return row(*(bool(flag) if flagged else next(values) for flagged in is_flag))

        return name, build

    return [builder(name) for name in EDITORIAL_LISTS]


def editorial_lists(career):
    """{related name: [row, …]} of the career's editorial lists, in the editors' order (order, pk)."""
    lists = {name: [] for name in EDITORIAL_LISTS}
    builders = editorial_row_builders()
    with connection.cursor() as cursor:
        cursor.execute(editorial_lists_sql(connection.vendor), [career.pk] * len(EDITORIAL_LISTS))
        rows = cursor.fetchall()
    for index, _order, _pk, *texts, flag in rows:
        name, build = builders[index]
        lists[name].append(build(texts, flag))
    return lists


def editorial_lists_orm(career):
    """`editorial_lists` through the ORM (one query per list): the reference the raw SQL is tested against."""
    return {
        name: [
            EDITORIAL_ROWS[name](*values)
            for values in getattr(career, name).order_by("order", "pk").values_list(*fields)
        ]
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
    return list(occupation.fields_of_study().filter(level=FieldOfStudy.Level.PROGRAM)[:limit])


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
    school_url = slug_url_maker("schools:detail")
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
        rows.append(BestSchoolRow(values[size], school, row_figures, school_url(school.slug)))
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
    career_url = slug_url_maker("careers:detail")
    for sibling in occupation.careers.all():
        if sibling.pk not in seen:
            seen.add(sibling.pk)
            careers.append(RelatedCareer(sibling, "", career_url(sibling.slug)))
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
        careers.append(RelatedCareer(CareerLink(pk, title, slug), occupation_title, career_url(slug)))
    return careers[:limit]


def resources_in_kind_order(career):
    """The career's resources through the reverse relation (resources sit above careers: no import)."""
    return career.resources.listed_in_kind_order()
