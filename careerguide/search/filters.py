"""The finder's and the careers explorer's `q`, ranked the way the site search ranks names.

`schools` and `careerguide.careers` sit below this package (its indexes read their models), so
they cannot call the search themselves: the project's URLconf hands these subclasses of their
FilterSets to the finder, the careers explorer and their CSV and JSON views instead.

With `q` and no `sort`, a listing comes in the search's rank order (typos, acronyms, whole names
first); an explicit sort orders the same matched set. Each ranked school or career costs up to four
query parameters (two `IN`s, two in the ordering `CASE`), so a listing ranks at most RANKED_MAX of
them: 800 parameters, within the 999 a query of SQLite before 3.32 (32,766 since) with the other
filters.
When a common word matches more names than that, the listing holds the RANKED_MAX best, first,
and then every other name holding all the words (the plain word match, without typos), so a
filter added to a common word ("college" in Maryland) still finds every school it should.
"""

from django.db import models

from careerguide.careers.filters import CareerFilterSet
from careerguide.careers.finder import CareerSchoolFilterSet
from schools.filters import DEFAULT_SORT as SCHOOL_DEFAULT_SORT
from schools.models import School, SchoolQuerySet

from .indexes import rank_careers, rank_schools

RANKED_MAX = 200
BEST_MATCH_TEXT = (
    "with the best match for your words first (as the site search ranks names), then largest first"
)


def ranked_set(queryset, ranked, word_match, missed_by_words=None):
    """`queryset` narrowed to the `ranked` primary keys (at most RANKED_MAX of them); when the
    ranking was cut there, to the rows the condition `word_match` finds (the plain word match:
    a condition on the rows themselves where it can be, which SQLite serves without a subquery) and
    the best ranked that it misses (typos, acronyms).

    `missed_by_words(keys)` names those missed among the best ranked `keys` where the caller can
    tell from the names in memory: usually none, so the condition is the word match alone ('college'
    at 7k schools: the count 8.6 → 5.4 ms, the page's rows 7.1 → 2.8 ms). Otherwise a subquery finds
    them (one query still), so every row is tested against them rather than against all RANKED_MAX
    keys ('college' at 70k schools: the count 29 → 25 ms)."""
    head = ranked[:RANKED_MAX]
    if len(ranked) <= RANKED_MAX:
        return queryset.filter(pk__in=head)
    if missed_by_words is None:
        missed = queryset.model._default_manager.filter(pk__in=head).exclude(word_match).order_by()
        return queryset.filter(word_match | models.Q(pk__in=missed.values("pk")))
    missed = missed_by_words(head)
    return queryset.filter(word_match | models.Q(pk__in=missed) if missed else word_match)


def rank_position(ranked):
    """An expression for a row's place in `ranked` (its first RANKED_MAX), after them the rest."""
    head = ranked[:RANKED_MAX]
    position = models.Case(
        *(models.When(pk=pk, then=models.Value(place)) for place, pk in enumerate(head)),
        output_field=models.IntegerField(),
    )
    # The CASE of RANKED_MAX keys only for the rows among them (an indexed IN), not for every row
    # the words match ('college' in its rank order at 70k schools: its rows query 233 → 51 ms).
    return models.Case(
        models.When(pk__in=head, then=position),
        default=models.Value(len(head)),
        output_field=models.IntegerField(),
    )


def by_rank(queryset, ranked):
    """`queryset` ordered by place in `ranked` first, then by its own order for ties and the rest."""
    return queryset.order_by(rank_position(ranked), *queryset.query.order_by)


class RankedSchoolFilterSet(CareerSchoolFilterSet):
    """The finder's FilterSet (with the careers app's `career`), its `q` ranked by the site search."""

    ranked = None  # primary keys of the schools `q` matches, best first
    # When the ranking was cut: (keys the words find, keys left to the database, the best ranked
    # that the words may miss), from the search index: the listing's count without reading a row.
    words_matched = None

    def filter_q(self, queryset, name, value):
        ranking = rank_schools(value)
        self.ranked = ranking.keys
        missed = []

        def missed_by_words(keys):
            missed.extend(SchoolQuerySet.maybe_missed_by_words(value, {pk: ranking.links[pk] for pk in keys}))
            return missed

        narrowed = ranked_set(queryset, self.ranked, SchoolQuerySet.words_condition(value), missed_by_words)
        if len(self.ranked) > RANKED_MAX:
            matches = ranking.words.matches(value)
            if matches is not None:
                self.words_matched = (*matches, missed)
        return narrowed

    def known_count(self):
        """With `q` alone narrowing a listing whose ranking was cut, its count is the schools the
        words find (`SchoolWords`: 'college' at 70k schools, 20 ms of `LIKE` over every name and
        city → 0.9 ms) with the best ranked they miss, and the database's count of the few schools
        whose names it decides itself."""
        if self.words_matched is None or self.narrowing_filters() != ["q"]:
            return super().known_count()
        found, undecided, missed = self.words_matched
        listed = found.union(missed)
        rest = undecided - listed
        if rest:
            value = self.cleaned["q"]
            return len(listed) + School.objects.filter(pk__in=rest).search(value).count()
        return len(listed)

    @property
    def ranks_by_words(self):
        return bool(self.cleaned.get("q"))

    @property
    def default_sort(self):
        return "" if self.ranks_by_words else super().default_sort

    @property
    def default_sort_text(self):
        return BEST_MATCH_TEXT if self.ranks_by_words else super().default_sort_text

    def ordered(self, queryset):
        if self.sort_key or self.ranked is None:
            return super().ordered(queryset)
        return by_rank(queryset.sorted_by(SCHOOL_DEFAULT_SORT), self.ranked)


class RankedCareerFilterSet(CareerFilterSet):
    """The careers explorer's FilterSet, its `q` ranked by the site search (titles, then the
    occupation's title, then alternate titles; typos and plurals forgiven)."""

    ranked = None  # primary keys of the careers `q` matches, best first

    def filter_q(self, queryset, name, value):
        self.ranked = rank_careers(value)
        word_match = models.Q(pk__in=queryset.model.objects.search(value).values("pk"))
        return ranked_set(queryset, self.ranked, word_match)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.sort_key or self.ranked is None:
            return queryset
        return by_rank(queryset.explorer_sorted("title"), self.ranked)
