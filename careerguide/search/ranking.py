"""The names the site search ranks (careers, schools, fields of study), held in memory per process.

The indexes are rebuilt when the data version changes (every save, delete and import bumps it), so
an edit or an import is searchable on the next request. `rank_careers` and `rank_schools` are what
the careers explorer's and the finder's `q` order by; the search page reads the indexes whole.
"""

from typing import NamedTuple

from django.urls import reverse

from careerguide.careers.models import AlternateTitle, Career
from careerguide.core.cache import data_version
from schools.models import FieldOfStudy, School
from schools.selectors import SchoolLink

from .matching import Entry, NameIndex

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
        return reverse("pages:career", kwargs={"slug": self.slug})


class FieldItem(NamedTuple):
    code: str
    title: str
    level: int

    get_absolute_url = FieldOfStudy.get_absolute_url


class BuiltIndex(NamedTuple):
    version: int
    items: dict
    names: NameIndex
    # For career titles: {occupation id: [career pk, …]}, how alternate titles reach careers.
    careers_of: dict


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
    """O*NET's alternate titles, keyed by occupation."""
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
_built = {}


def indexes(names=tuple(BUILDERS)):
    """{name: BuiltIndex} for `names`, rebuilt where the data changed since they were built."""
    version = data_version()
    result = {}
    for name in names:
        built = _built.get(name)
        if built is None or built.version != version:
            items, entries, careers_of = BUILDERS[name]()
            built = _built[name] = BuiltIndex(version, items, NameIndex(entries), careers_of)
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


def rank_schools(query):
    """School primary keys matching `query`, best first (the finder's `q` orders by it)."""
    return indexes(("schools",))["schools"].names.keys(query)
