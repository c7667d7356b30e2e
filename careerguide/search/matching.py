"""Forgiving name matching: typos, acronyms, plurals, prefixes; exact and whole-name matches first.

Pure Python over an in-memory index of names (it imports no app, so the school finder's `q` and
the careers explorer's `q` can rank the same way). It behaves identically on SQLite and PostgreSQL.

How a query word finds a name word (its "match"): the same word, singular or plural (0); the start
of a longer word, "univ" → "university" (1); or, only when neither exists anywhere in the index, a
close spelling (difflib ratio ≥ 0.8, words of five letters or more, same first letter: "univercity" → "university")
(2). A name matches when every query word finds one of its words, or when a one-word query is the
name's acronym ("MIT", "NYU"). Names rank by tier, then words in the query's order, then the share
of the name the query covers, then the query's words side by side, in order, then popularity (enrollment, employment), then shorter names.
"""

import difflib
import functools
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from itertools import pairwise
from typing import NamedTuple

# Words an acronym skips ("Massachusetts Institute of Technology" → MIT).
STOPWORDS = frozenset({"of", "the", "and", "at", "in", "for", "a", "an", "on", "to", "&"})
PREFIX_MIN_LENGTH = 3
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 0.8
# Longer words may differ more: "instutite" is 0.78 like "institute".
LONG_WORD, LONG_WORD_CUTOFF = 8, 0.75
SUGGEST_CUTOFF = 0.6
MAX_QUERY_WORDS = 10
# Searches remembered per index (the index is rebuilt, and its memory dropped, when data changes):
# a common word ("college") scores thousands of names, and many visitors ask the same words.
REMEMBERED_SEARCHES = 512

EXACT, PREFIX, FUZZY = 0, 1, 2
# Tiers: the whole name (or its acronym), every word exact, every word exact or a prefix, some word
# a near spelling. A weaker kind of name (an alternate title, a city) adds KIND_STEP, so a title of
# any tier ranks before an alternate title.
TIER_NAME, TIER_WORDS, TIER_PREFIXES, TIER_FUZZY = range(4)
KIND_STEP = 4


NOT_A_WORD = re.compile(r"[^\w&]+|_")


def fold(text):
    """Lower case without accents, punctuation as spaces: "Université Laval-Québec" → "universite laval quebec"."""
    text = text or ""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(NOT_A_WORD.sub(" ", text.casefold()).split())


def stem(word):
    """Singular and plural alike: "nurses" → "nurse", "sciences" → "science" ("business" stays)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(text):
    return [stem(word) for word in fold(text).split()]


def acronym_of(folded_words):
    """Initials of a name's significant words: "new york university" → "nyu"; "" for one-word names."""
    significant = [word for word in folded_words if word not in STOPWORDS]
    return "".join(word[0] for word in significant) if len(significant) > 1 else ""


class Entry(NamedTuple):
    """One name of an item: `key` identifies the item, `kind` 0 for its own name, higher for weaker
    names (alternate titles, cities); `popularity` breaks ties (higher first)."""

    key: object
    text: str
    kind: int = 0
    popularity: int = 0


class Match(NamedTuple):
    key: object
    text: str
    kind: int
    score: tuple


class NameIndex:
    """Names indexed by their words: a sorted vocabulary, postings, acronyms."""

    def __init__(self, entries):
        self.remembered = functools.lru_cache(maxsize=REMEMBERED_SEARCHES)(self.ranked)
        self.remembered_keys = functools.lru_cache(maxsize=REMEMBERED_SEARCHES)(self.ranked_keys)
        self.entries = list(entries)
        self.words = []
        postings = defaultdict(list)
        acronyms = defaultdict(list)
        # A stem as a reader would write it ("universitie" → "universities"), for suggestions.
        self.spelling = {}
        stems = {}  # one string object per distinct word: names share their words in memory
        for position, entry in enumerate(self.entries):
            written = fold(entry.text).split()
            words = []
            for spelled in written:
                word = stems.get(spelled)
                if word is None:
                    word = stems[spelled] = stem(spelled)
                    self.spelling.setdefault(word, spelled)
                words.append(word)
                postings[word].append(position)
            self.words.append(tuple(words))
            # Acronyms of an item's own name only: "MIT" is a school, not an alternate title's initials.
            acronym = acronym_of(written) if entry.kind == 0 else ""
            if acronym:
                acronyms[acronym].append(position)
        self.postings = dict(postings)
        self.acronyms = dict(acronyms)
        self.vocabulary = sorted(self.postings)
        # Words by (first letter, length): a misspelling rarely starts with the wrong letter, so
        # close words are looked for there first, elsewhere only when none is found.
        by_start = defaultdict(list)
        for word in self.vocabulary:
            by_start[word[0], len(word)].append(word)
        self.by_start = dict(by_start)

    def word_matches(self, word):
        """{vocabulary word: EXACT, PREFIX or FUZZY} for one query word."""
        matches = {}
        if word in self.postings:
            matches[word] = EXACT
        if len(word) >= PREFIX_MIN_LENGTH:
            start = bisect_left(self.vocabulary, word)
            for candidate in self.vocabulary[start:]:
                if not candidate.startswith(word):
                    break
                matches.setdefault(candidate, PREFIX)
        if not matches and len(word) >= FUZZY_MIN_LENGTH:
            cutoff = LONG_WORD_CUTOFF if len(word) >= LONG_WORD else FUZZY_CUTOFF
            for candidate in self.close_words(word, cutoff, 5, anywhere=False):
                matches[candidate] = FUZZY
        return matches

    def close_words(self, word, cutoff, count, anywhere=True):
        """Close spellings of `word` that start with its letter; `anywhere`: else any close spelling."""
        lengths = range(len(word) - 2, len(word) + 3)
        same_start = [w for length in lengths for w in self.by_start.get((word[0], length), ())]
        close = difflib.get_close_matches(word, same_start, n=count, cutoff=cutoff)
        if close or not anywhere:
            return close
        elsewhere = [
            w
            for (start, length), group in self.by_start.items()
            if start != word[0] and length in lengths
            for w in group
        ]
        return difflib.get_close_matches(word, elsewhere, n=count, cutoff=cutoff)

    def search(self, query):
        """[Match, …] best first, one per item key (a new list: callers may change it)."""
        return list(self.remembered(query))

    def keys(self, query):
        """The item keys of `search(query)`, best first (a new list)."""
        return list(self.remembered_keys(query))

    def ranked_keys(self, query):
        return tuple(match.key for match in self.remembered(query))

    def ranked(self, query):
        query_words = words_of(query)[:MAX_QUERY_WORDS]
        if not query_words:
            return ()
        found = {}  # position → score
        per_word = [self.word_matches(word) for word in query_words]
        phrase = " ".join(query_words)
        # Start from the rarest word's names and keep those that hold every other word: no union of
        # the postings of common words ("of", "university") is ever built.
        sizes = [sum(len(self.postings[word]) for word in matches) for matches in per_word]
        rarest = min(range(len(per_word)), key=sizes.__getitem__)
        candidates = set().union(*(self.postings[word] for word in per_word[rarest]))
        for index, matches in enumerate(per_word):
            if index != rarest and candidates:
                candidates = {p for p in candidates if any(word in matches for word in self.words[p])}
        for position in candidates or ():
            found[position] = self.score(position, phrase, per_word)
        if len(query_words) == 1:
            for position in self.acronyms.get(fold(query).split()[0], ()):
                found[position] = self.acronym_score(position)
        best = {}
        for position, score in found.items():
            entry = self.entries[position]
            ranked = (
                score[0] + KIND_STEP * entry.kind,
                *score[1:],
                -entry.popularity,
                len(entry.text),
                entry.text,
            )
            current = best.get(entry.key)
            if current is None or ranked < current.score:
                best[entry.key] = Match(entry.key, entry.text, entry.kind, ranked)
        return tuple(sorted(best.values(), key=lambda match: match.score))

    def score(self, position, query_phrase, per_word):
        words = self.words[position]
        kinds, places = [], []
        for matches in per_word:
            best_kind, best_place = FUZZY + 1, None
            for place, word in enumerate(words):
                kind = matches.get(word)
                if kind is not None and kind < best_kind:
                    best_kind, best_place = kind, place
                    if kind == EXACT:
                        break
            kinds.append(best_kind)
            places.append(best_place)
        in_order = places == sorted(places)
        phrase = all(b == a + 1 for a, b in pairwise(places))
        coverage = len(set(places)) / len(words)
        if " ".join(words) == query_phrase:
            tier = TIER_NAME
        elif max(kinds) == EXACT:
            tier = TIER_WORDS
        elif max(kinds) == PREFIX:
            tier = TIER_PREFIXES
        else:
            tier = TIER_FUZZY
        return (tier, not phrase, not in_order, -coverage)

    def acronym_score(self, position):
        return (TIER_NAME, False, False, -1.0)

    def knows(self, word):
        return stem(word) in self.postings

    def closest(self, word):
        """(ratio, postings, spelling) of the index's closest word to `word`, or None."""
        close = self.close_words(stem(word), SUGGEST_CUTOFF, 1) if len(word) >= 3 else []
        if not close:
            return None
        ratio = difflib.SequenceMatcher(None, stem(word), close[0]).ratio()
        return (ratio, len(self.postings[close[0]]), self.spelling[close[0]])


def suggestion(indexes, query):
    """ "Did you mean": each word no index knows replaced by the closest word of any index (dropped
    when none is close), or "" when that changes nothing."""
    written = fold(query).split()[:MAX_QUERY_WORDS]
    suggested = []
    for word in written:
        if any(index.knows(word) for index in indexes):
            suggested.append(word)
            continue
        options = [found for found in (index.closest(word) for index in indexes) if found]
        if options:
            suggested.append(max(options)[2])
    text = " ".join(suggested)
    return text if text and text != " ".join(written) else ""
