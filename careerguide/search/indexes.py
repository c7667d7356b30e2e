"""The names the site search ranks (careers, schools, fields of study), held in memory per process.

Each index is rebuilt when its version changes: the page cache's data version (bumped by every save,
delete and import) with the highest ids of its tables, read in one indexed query, so an edit or an
import is searchable on the next request while an unchanged index costs that one query. The ranking functions (`rank_careers`, `rank_schools`) are what the careers
explorer's and the finder's `q` can order by.
"""

from typing import NamedTuple

from django.db import connection
from django.urls import reverse

from careerguide.careers.models import AlternateTitle, Career, Occupation
from careerguide.core.cache import data_version
from schools.models import FieldOfStudy, School
from schools.selectors import SchoolLink

from .matching import Entry, NameIndex
from .words import SchoolWords

# Kinds of names, weakest last: a career's own title, its occupation's title, an alternate title;
# a school's name, its city, both together (the finder's `q` is "name or city": "alpha baltimore").
TITLE, OCCUPATION_TITLE, ALTERNATE_TITLE = 0, 1, 2
NAME, CITY, NAME_AND_CITY = 0, 1, 2


class CareerItem(NamedTuple):
    title: str
    slug: str
    occupation_code: str
    occupation_title: str

    def get_absolute_url(self):
        return reverse("careers:detail", kwargs={"slug": self.slug})


class FieldItem(NamedTuple):
    code: str
    title: str
    level: int

    get_absolute_url = FieldOfStudy.get_absolute_url


class BuiltIndex(NamedTuple):
    version: tuple
    items: dict
    names: NameIndex
    # For career titles: {occupation id: [career pk, …]}, how alternate titles reach careers.
    careers_of: dict
    # For schools: which of them the finder's plain word match finds (`SchoolWords`), for counting.
    words: SchoolWords | None = None


def build_career_titles():
    items, entries, careers_of = {}, [], {}
    careers = Career.objects.values_list(
        "pk",
        "title",
        "slug",
        "occupation_id",
        "occupation__code",
        "occupation__title",
        "occupation__employment",
    )
    for pk, title, slug, occupation_id, code, occupation_title, employment in careers:
        items[pk] = CareerItem(title, slug, code or "", occupation_title or "")
        popularity = employment or 0
        entries.append(Entry(pk, title, TITLE, popularity))
        if occupation_title and occupation_title.casefold() != title.casefold():
            entries.append(Entry(pk, occupation_title, OCCUPATION_TITLE, popularity))
        if occupation_id is not None:
            careers_of.setdefault(occupation_id, []).append(pk)
    return items, entries, careers_of


def build_alternate_titles():
    """O*NET's alternate titles, keyed by occupation: 56,000 names that change only with an import,
    so an editor's save of a career rebuilds the small title index, not this one."""
    rows = AlternateTitle.objects.values_list("occupation_id", "title", "occupation__employment")
    entries = [
        Entry(occupation_id, title, ALTERNATE_TITLE, employment or 0)
        for occupation_id, title, employment in rows
    ]
    return {}, entries, {}


def build_schools():
    items, entries = {}, []
    for pk, name, slug, city, state, enrollment in School.objects.values_list(
        "pk", "name", "slug", "city", "state", "enrollment"
    ):
        items[pk] = SchoolLink(name, slug, city, state)
        entries.append(Entry(pk, name, NAME, enrollment or 0))
        if city:
            entries.append(Entry(pk, city, CITY, enrollment or 0))
            entries.append(Entry(pk, f"{name} {city}", NAME_AND_CITY, enrollment or 0))
    return items, entries, {}


def build_fields():
    items, entries = {}, []
    for code, title, level in FieldOfStudy.objects.values_list("code", "title", "level"):
        items[code] = FieldItem(code, title, level)
        # Series (4-digit) before programs (6-digit) before families (2-digit) among equals.
        entries.append(Entry(code, title, 0, {4: 2, 6: 1, 2: 0}[level]))
    return items, entries, {}


BUILDERS = {
    "career_titles": build_career_titles,
    "alternate_titles": build_alternate_titles,
    "schools": build_schools,
    "fields": build_fields,
}
# What each index depends on, read together in one query: the highest id of each table it reads
# (new rows, whatever wrote them; an index serves each MAX), beside the page cache's data version,
# which every save, delete and import bumps (edits that keep the ids). Counting or reading the
# latest change of 70,000 rows on every search would cost more than the search.
VERSION_PARTS = {
    "career_titles": [(Career, "MAX", "pk"), (Occupation, "MAX", "pk")],
    "alternate_titles": [(AlternateTitle, "MAX", "pk"), (Occupation, "MAX", "pk")],
    "schools": [(School, "MAX", "pk")],
    "fields": [(FieldOfStudy, "MAX", "pk")],
}
_built = {}


def versions():
    """{index name: version tuple}, in one query of scalar subqueries."""
    quote = connection.ops.quote_name
    parts = [(name, *part) for name, triples in VERSION_PARTS.items() for part in triples]
    columns = []
    for _name, model, aggregate, field in parts:
        meta = model._meta
        column = "*" if field is None else quote((meta.pk if field == "pk" else meta.get_field(field)).column)
        # Built only from model metadata (quoted table and column names) and the fixed aggregates above.
        columns.append(f"(SELECT {aggregate}({column}) FROM {quote(meta.db_table)})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}")
        values = cursor.fetchone()
    found = {name: [str(data_version())] for name in VERSION_PARTS}
    for (name, *_part), value in zip(parts, values, strict=True):
        found[name].append(str(value))
    return {name: tuple(values) for name, values in found.items()}


def indexes(names=tuple(BUILDERS)):
    """{name: BuiltIndex} for `names`, rebuilt where the data changed."""
    current = versions()
    result = {}
    for name in names:
        built = _built.get(name)
        if built is None or built.version != current[name]:
            items, entries, careers_of = BUILDERS[name]()
            words = SchoolWords(items) if name == "schools" else None
            built = BuiltIndex(current[name], items, NameIndex(entries), careers_of, words)
            _built[name] = built
        result[name] = built
    return result


def career_matches(built, query):
    """Careers matching `query`, best first: by their own or their occupation's title, then by an
    alternate title of their occupation (`built`: the "career_titles" and "alternate_titles" indexes)."""
    titles = built["career_titles"]
    best = {match.key: match for match in titles.names.search(query)}
    for match in built["alternate_titles"].names.search(query):
        for pk in titles.careers_of.get(match.key, ()):
            if pk not in best or match.score < best[pk].score:
                best[pk] = match._replace(key=pk)
    return sorted(best.values(), key=lambda match: match.score)


def rank_careers(query):
    """Career primary keys matching `query`, best first (the careers explorer's `q` can order by it)."""
    return [match.key for match in career_matches(indexes(("career_titles", "alternate_titles")), query)]


class SchoolRanking(NamedTuple):
    keys: list  # primary keys of the schools matching the query, best first
    links: dict  # every school's SchoolLink (name, city, …) by primary key: the index's own, not a copy
    words: SchoolWords  # which schools the plain word match finds, decided in memory


def rank_schools(query):
    """The schools matching `query`, best first (the finder's `q` can order by it)."""
    built = indexes(("schools",))["schools"]
    return SchoolRanking(built.names.keys(query), built.items, built.words)
