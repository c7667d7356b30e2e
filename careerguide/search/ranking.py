"""The names the site search ranks (careers, schools, fields of study), held in memory per process.

The indexes are rebuilt when the data version changes (every save, delete and import bumps it), so
an edit or an import is searchable on the next request. `rank_careers` and `rank_schools` are what
the careers explorer's and the finder's `q` order by; `search_everything` is the search page's.
"""

from collections import defaultdict
from typing import NamedTuple

from django.db.models import Count
from django.db.models.functions import Substr
from django.urls import reverse

from careerguide.careers.models import AlternateTitle, Career
from careerguide.core.cache import data_version
from schools.models import FieldOfStudy, ProgramOffering, School, SchoolAlias
from schools.selectors import SchoolLink

from .matching import PREFIX_MIN_LENGTH, Entry, NameIndex, corrected, fewest_missed, known_words

# Kinds of names, weakest last: a career's own title, its occupation's title, an alternate title;
# a school's name, an alias, its city, name and city together (the finder's `q` is "name or city":
# "alpha baltimore").
TITLE, OCCUPATION_TITLE, ALTERNATE_TITLE = 0, 1, 2
NAME, ALIAS, CITY, NAME_AND_CITY = 0, 1, 2, 3
# A 2–3 letter query finds initials and aliases, not the starts of alternate titles' words ("MIT"
# is not "Mitten Sewer").
ALTERNATE_TITLE_PREFIX_MIN_LENGTH = 4


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
        standing = employment or 0
        entries.append(Entry(pk, title, TITLE, standing))
        if occupation_title and occupation_title.casefold() != title.casefold():
            entries.append(Entry(pk, occupation_title, OCCUPATION_TITLE, standing))
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
    """Schools by name and aliases, then by city: a main campus before its branches, then the
    larger first."""
    items, entries = {}, []
    aliases = defaultdict(list)
    for school_id, alias in SchoolAlias.objects.values_list("school_id", "name"):
        aliases[school_id].append(alias)
    for pk, name, slug, city, state, enrollment, is_main_campus in School.objects.values_list(
        "pk", "name", "slug", "city", "state", "enrollment", "is_main_campus"
    ):
        items[pk] = SchoolLink(name, slug, city, state)
        standing = (is_main_campus is True, enrollment or 0)
        entries.append(Entry(pk, name, NAME, standing))
        entries.extend(Entry(pk, alias, ALIAS, standing) for alias in aliases[pk])
        if city:
            entries.append(Entry(pk, city, CITY, standing, secondary=True))
            entries.append(Entry(pk, f"{name} {city}", NAME_AND_CITY, standing, secondary=True))
    return items, entries, {}


def schools_offering():
    """{CIP code: schools offering it}: a 6-digit program's schools are those IPEDS lists it for
    (the finest detail), a series' and a family's those listing any of their programs."""
    offerings = ProgramOffering.objects.order_by()
    schools = Count("school_id", distinct=True)
    counts = dict(offerings.values("field_id").annotate(schools=schools).values_list("field_id", "schools"))
    counts.update(offerings.values("series").annotate(schools=schools).values_list("series", "schools"))
    families = offerings.annotate(family=Substr("series", 1, 2)).values("family")
    counts.update(families.annotate(schools=schools).values_list("family", "schools"))
    return counts


def build_fields():
    """Fields of study, those offered by more schools first."""
    items, entries = {}, []
    offered = schools_offering()
    for code, title, level in FieldOfStudy.objects.values_list("code", "title", "level"):
        items[code] = FieldItem(code, title, level)
        entries.append(Entry(code, title, 0, offered.get(code, 0)))
    return items, entries, {}


BUILDERS = {
    "career_titles": build_career_titles,
    "alternate_titles": build_alternate_titles,
    "schools": build_schools,
    "fields": build_fields,
}
PREFIX_MIN_LENGTHS = {"alternate_titles": ALTERNATE_TITLE_PREFIX_MIN_LENGTH}
_built = {}


def indexes(names=tuple(BUILDERS)):
    """{name: BuiltIndex} for `names`, rebuilt where the data changed since they were built."""
    version = data_version()
    result = {}
    for name in names:
        built = _built.get(name)
        if built is None or built.version != version:
            items, entries, careers_of = BUILDERS[name]()
            names = NameIndex(entries, PREFIX_MIN_LENGTHS.get(name, PREFIX_MIN_LENGTH))
            built = _built[name] = BuiltIndex(version, items, names, careers_of)
        result[name] = built
    return result


def career_matches(built, query, known=None):
    """Careers matching `query`, best first: by their own or their occupation's title, or by an
    alternate title of their occupation (`built`: the "career_titles" and "alternate_titles"
    indexes; `known`: the query's words an index searched with them holds, as `known_words`)."""
    titles, alternate_titles = built["career_titles"], built["alternate_titles"]
    if known is None:
        known = known_words((titles.names, alternate_titles.names), query)
    best = {match.key: match for match in titles.names.search(query, known)}
    for match in alternate_titles.names.search(query, known):
        for pk in titles.careers_of.get(match.key, ()):
            if pk not in best or match.order < best[pk].order:
                best[pk] = match._replace(key=pk)
    return fewest_missed(sorted(best.values(), key=lambda match: match.order))


# The careers explorer and the finder list what holds every word of their `q` (their count says
# how many match it); only the search page, which says so, falls back on names holding most words.


def rank_careers(query):
    """Career primary keys matching every word of `query`, best first (the careers explorer's `q`
    orders by it)."""
    matches = career_matches(indexes(("career_titles", "alternate_titles")), query)
    return [match.key for match in matches if not match.missed]


def rank_schools(query):
    """School primary keys matching every word of `query`, best first (the finder's `q` orders by it)."""
    return [match.key for match in indexes(("schools",))["schools"].names.search(query) if not match.missed]


class SearchResults(NamedTuple):
    """What the search page shows: per group ("careers", "schools", "fields") its matches, best
    first, the items they name, and the one best match (group, Match) or None; `suggestion` is the
    query as the best match spells it, when that differs and finds every word."""

    matches: dict
    items: dict
    best: tuple | None
    suggestion: str


# The index whose items a group lists (its standing compares a best match across groups).
GROUP_INDEXES = {"careers": "career_titles", "schools": "schools", "fields": "fields"}


def group_matches(built, query):
    known = known_words([index.names for index in built.values()], query)
    found = {
        "careers": career_matches(built, query, known),
        "schools": built["schools"].names.search(query, known),
        "fields": built["fields"].names.search(query, known),
    }
    # When no name holds every word, the names holding the most of them, whatever their kind.
    fewest = min((matches[0].missed for matches in found.values() if matches), default=0)
    return {group: [m for m in matches if m.missed == fewest] for group, matches in found.items()}


def search_everything(query):
    built = indexes()
    found = group_matches(built, query)
    # The groups' first matches compared by quality, then by the item's standing in its index (a
    # large school before a career few people do).
    tops = [
        (matches[0].quality, built[GROUP_INDEXES[group]].names.standing_rank[matches[0].key], number, group)
        for number, (group, matches) in enumerate(found.items())
        if matches
    ]
    best = None
    suggestion = ""
    if tops:
        group = min(tops)[-1]
        best = (group, found[group][0])
        suggestion = corrected(query, best[1])
        if suggestion and not any(
            matches and matches[0].missed == 0 for matches in group_matches(built, suggestion).values()
        ):
            suggestion = ""
    items = {group: built[GROUP_INDEXES[group]].items for group in found}
    return SearchResults(found, items, best, suggestion)
