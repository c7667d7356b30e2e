"""Forgiving name matching: word forms, typos, prefixes, initials; whole names and aliases first.

Pure Python over an in-memory index of names (it imports no app, so the site search, the finder's
`q` and the careers explorer's `q` rank alike). It behaves identically on SQLite and PostgreSQL.

How a query word finds a word of a name:
- EXACT: the same word or another form of it (`word_form`: "nursing" finds "nurses");
- PREFIX: the start of a longer word ("univ" → "university"), from three letters (an index may ask
  for more: alternate titles ask four, so that "MIT" does not find "Mitten Sewer"), or, from four,
  the one who does it ("welding" finds "welder", "accounting" "accountant", "biology" "biologist");
- TYPO, for a word the index does not hold in any form (nor another index searched with it: see
  `search`): a word, or a word form, one edit away (a letter added, dropped, changed, or two
  letters swapped) when the query word has four letters or more, two edits from eight ("jons" →
  "johns", "univercity" → "university").
A name matches when it holds every query word ("of", "the"… left out when others are given);
when no name of the index does, the names that hold the most of them match. A one-word query also
finds the names it is the initials of ("NYU").

Names rank by the query words they miss; an index's secondary names (a school's city) after its
others; the tier (the whole name, every word exact, the initials, prefixes, typos) and the number
of edits; the whole name; the words side by side, then in order; the kind of name (a career's own
title before an alternate title); the item's standing (for schools a main campus before its
branches, then the larger); then the share of the name the query covers, the shorter name.
"""

import functools
import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import pairwise
from typing import NamedTuple

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

# Words an acronym skips ("Massachusetts Institute of Technology" → MIT), and that a query holds
# without asking for them.
STOPWORDS = frozenset({"of", "the", "and", "at", "in", "for", "a", "an", "on", "to", "&"})
PREFIX_MIN_LENGTH = 3
MAX_QUERY_WORDS = 10
# Searches remembered per index (the index is rebuilt, and its memory dropped, when data changes):
# a common word ("college") scores thousands of names, and many visitors ask the same words.
REMEMBERED_SEARCHES = 512

# How a query word found a name's word.
EXACT, PREFIX, TYPO = range(3)
# Tiers of a name: the query is the whole name (its significant words, in order), holds only exact
# words, is the name's initials, holds prefixes, holds a typo.
WHOLE, WORDS, INITIALS, PREFIXES, TYPOS = range(5)

# Inflections a word form leaves out, longest first.
INFLECTIONS = ("ying", "ings", "ing", "ies", "ied", "es", "ed", "s", "e", "y")
# Endings of the one who does a thing: "weld" → "welder", "biolog" → "biologist".
DOER_ENDINGS = ("er", "or", "ist", "ian", "ant")
DOER_MIN_LENGTH = 4  # "MIT" is not a "miter"

NOT_A_WORD = re.compile(r"[^\w&]+|_")


def fold(text):
    """Lower case without accents, punctuation as spaces: "Université Laval-Québec" → "universite laval quebec"."""
    text = text or ""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(NOT_A_WORD.sub(" ", text.casefold()).split())


_stemmers = threading.local()  # a Snowball stemmer keeps state while it stems: one per thread


@functools.lru_cache(maxsize=65536)
def stem(word):
    """Snowball's English stem (Porter2): "nursing", "nurses", "nurse" → "nurs"."""
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


@functools.lru_cache(maxsize=65536)
def word_form(word):
    """A word less its inflection: Snowball's stem, then what the word has after it less an
    inflectional ending. "nursing", "nurses" → "nurs"; "university", "universities" → "universiti";
    "engineering", "engineers" → "engineer" but "engine" → "engin" (Snowball stems all four
    "engin"), "universal" → "universal"."""
    root = stem(word)
    shared = 0
    while shared < min(len(word), len(root)) and word[shared] == root[shared]:
        shared += 1
    rest = word[shared:]
    for ending in INFLECTIONS:
        if rest.endswith(ending):
            rest = rest.removesuffix(ending)
            break
    if len(rest) == 1 and root.endswith(rest):  # a doubled consonant: "planning" → "plan"
        rest = ""
    return root + rest


def typos_allowed(word):
    """The edits forgiven in a query word: one from four letters, two from eight."""
    return 2 if len(word) >= 8 else 1 if len(word) >= 4 else 0


def terms_of(typed):
    """(the words a name must hold, the stopwords typed between each two of them): all but the
    stopwords, unless there is nothing else. "university of maryland" → (["university",
    "maryland"], [{"of"}])."""
    words, gaps = [], []
    for word in typed:
        if word in STOPWORDS:
            if words:
                gaps[-1].add(word)
            continue
        words.append(word)
        gaps.append(set())
    if not words:
        return list(typed), [set() for _ in typed]
    return words, gaps[:-1]


def acronym_of(folded_words):
    """Initials of a name's significant words: "new york university" → "nyu"; "" for one-word names."""
    initials = [word[0] for word in folded_words if word not in STOPWORDS]
    return "".join(initials) if len(initials) > 1 else ""


class Entry(NamedTuple):
    """One name of an item: `key` identifies the item, `kind` 0 for its own name, higher for other
    names (an alias, an alternate title); `standing` orders equal matches (higher first: size,
    a main campus…); a `secondary` name (a school's city) ranks after every other."""

    key: object
    text: str
    kind: int = 0
    standing: object = 0
    secondary: bool = False


class Match(NamedTuple):
    """The best name of an item for a query. `quality` compares matches of any index (the query
    words missed first); `order` ranks within an index; `corrections` pairs each query word the
    name holds by a typo with the name's word, and each it misses with ""."""

    key: object
    text: str
    kind: int
    quality: tuple
    order: tuple
    corrections: tuple = ()

    @property
    def missed(self):
        return self.quality[0]


class NameIndex:
    """Names indexed by their words: a sorted vocabulary, postings, word forms, initials."""

    def __init__(self, entries, prefix_min_length=PREFIX_MIN_LENGTH):
        self.remembered = functools.lru_cache(maxsize=REMEMBERED_SEARCHES)(self.ranked)
        self.prefix_min_length = prefix_min_length
        self.entries = list(entries)
        self.words = []
        self.named = []  # per name, the places of its significant words
        postings = defaultdict(list)
        initials = defaultdict(list)
        known = {}  # one object per distinct word or tuple of places: names share them in memory
        for position, entry in enumerate(self.entries):
            words = tuple([known.setdefault(word, word) for word in fold(entry.text).split()])
            self.words.append(words)
            if STOPWORDS.isdisjoint(words):
                named = tuple(range(len(words)))
            else:
                named = tuple([place for place, word in enumerate(words) if word not in STOPWORDS]) or tuple(
                    range(len(words))
                )
            self.named.append(known.setdefault(named, named))
            for word in set(words):
                postings[word].append(position)
            # Initials of an item's own name only: "MIT" is a school, not an alternate title's initials.
            acronym = acronym_of(words) if entry.kind == 0 else ""
            if acronym:
                initials[acronym].append(position)
        self.postings = dict(postings)
        self.initials = dict(initials)
        self.vocabulary = sorted(self.postings)
        forms = defaultdict(list)
        for word in self.vocabulary:
            forms[word_form(word)].append(word)
        self.forms = dict(forms)
        self.form_list = list(self.forms)
        # Standing as a place (0 the highest) per name, and per item the share of the index's items
        # that stand higher (0 for the largest): what compares items of different indexes.
        standings = sorted({entry.standing for entry in self.entries}, reverse=True)
        place = {standing: number for number, standing in enumerate(standings)}
        self.place = [place[entry.standing] for entry in self.entries]
        by_key = {entry.key: entry.standing for entry in self.entries}
        ascending = sorted(by_key.values())
        self.standing_rank = {
            key: (len(ascending) - bisect_right(ascending, standing)) / len(ascending)
            for key, standing in by_key.items()
        }

    def holds(self, word):
        """Whether a name of the index holds `word` in some form."""
        return word_form(word) in self.forms

    def word_matches(self, word, forgive_typos=True):
        """{index word: (EXACT, PREFIX or TYPO, edits)} for one query word."""
        form = word_form(word)
        matches = dict.fromkeys(self.forms.get(form, ()), (EXACT, 0))
        for base in {form, stem(word)} if len(word) >= DOER_MIN_LENGTH else ():
            for ending in DOER_ENDINGS:
                for known in self.forms.get(base + ending, ()):
                    matches.setdefault(known, (PREFIX, 0))
        if len(word) >= self.prefix_min_length:
            start = bisect_left(self.vocabulary, word)
            for candidate in self.vocabulary[start:]:
                if not candidate.startswith(word):
                    break
                matches.setdefault(candidate, (PREFIX, 0))
        allowed = typos_allowed(word)
        if allowed and forgive_typos and form not in self.forms:
            # Words close to the typed one, and words whose form is close to its form ("nurce" →
            # "nurse", a form of "nurses"), with their forms.
            close = [
                (word_form(candidate), edits)
                for candidate, edits in self.close(word, self.vocabulary, allowed)
            ]
            close += self.close(form, self.form_list, allowed)
            for close_form, edits in close:
                for known in self.forms[close_form]:
                    if matches.get(known, (TYPO, edits)) >= (TYPO, edits):
                        matches[known] = (TYPO, edits)
        return matches

    @staticmethod
    def close(word, choices, edits):
        """[(choice, edits)] of the `choices` at most `edits` away from `word`."""
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=edits, limit=None)
        return [(choice, distance) for choice, distance, _ in found]

    def search(self, query, known=frozenset()):
        """[Match, …] best first, one per item key (a new list: callers may change it). `known`:
        query words that another index searched with this one holds, which are then no typos here
        ("lawyer" finds Lawyers, not Colby-Sawyer College)."""
        return list(self.remembered(query, known))

    def ranked(self, query, known):
        typed = fold(query).split()[:MAX_QUERY_WORDS]
        words, gaps = terms_of(typed)
        if not words:
            return ()
        per_word = [self.word_matches(word, word not in known) for word in words]
        positions, missed = self.holding(per_word)
        # A school found by its name needs no score for its name with its city (a secondary name).
        primary = {self.entries[p].key for p in positions if not self.entries[p].secondary}
        positions = [
            p for p in positions if not self.entries[p].secondary or self.entries[p].key not in primary
        ]
        found = {position: self.score(position, words, gaps, per_word, missed) for position in positions}
        if len(typed) == 1:
            for position in self.initials.get(typed[0], ()):
                quality = (0, self.entries[position].secondary, INITIALS, 0, False, False, False)
                if position not in found or quality < found[position][0]:
                    found[position] = (quality, 1.0, ())
        best = {}
        for position, (quality, coverage, corrections) in found.items():
            entry = self.entries[position]
            order = (*quality, entry.kind, self.place[position], -coverage, len(entry.text), entry.text)
            current = best.get(entry.key)
            if current is None or order < current.order:
                best[entry.key] = Match(entry.key, entry.text, entry.kind, quality, order, corrections)
        return tuple(sorted(best.values(), key=lambda match: match.order))

    def holding(self, per_word):
        """(positions, words missed): the names that hold every query word, or, when none does,
        those that hold the most."""
        sizes = [sum(len(self.postings[word]) for word in matches) for matches in per_word]
        # Start from the rarest word's names and keep those that hold every other word: no union of
        # the postings of common words ("university", "manager") is built unless none holds all.
        rarest = min(range(len(per_word)), key=sizes.__getitem__)
        candidates = set().union(*(self.postings[word] for word in per_word[rarest]))
        for index, matches in enumerate(per_word):
            if index != rarest and candidates:
                candidates = {p for p in candidates if any(word in matches for word in self.words[p])}
        if candidates or len(per_word) == 1:
            return candidates, 0
        held = Counter()
        for matches in per_word:
            held.update(set().union(*(self.postings[word] for word in matches)))
        most = max(held.values(), default=0)
        return {position for position, count in held.items() if count == most}, len(per_word) - most

    def score(self, position, query_words, gaps, per_word, missed):
        """(quality, the share of the name's words the query holds, corrections) of the name at
        `position`. The query's words are side by side in the name when only stopwords come between
        them there, among them those typed between them ("university of maryland" is side by side
        in "University of Maryland Eastern Shore", not in "Loyola University Maryland")."""
        words = self.words[position]
        hows, edits, places, corrections = [], 0, [], []
        for query_word, matches in zip(query_words, per_word, strict=True):
            best = None
            for place, word in enumerate(words):
                found = matches.get(word)
                if found is not None and (best is None or found < best[0]):
                    best = (found, place, word)
            if best is None:
                corrections.append((query_word, ""))
                continue
            (how, distance), place, word = best
            hows.append(how)
            edits += distance
            places.append(place)
            if how == TYPO:
                corrections.append((query_word, word))
        named = self.named[position]
        in_order = places == sorted(places)
        side_by_side = not missed and all(
            a < b and STOPWORDS.issuperset(words[a + 1 : b]) and gap.issubset(words[a + 1 : b])
            for (a, b), gap in zip(pairwise(places), gaps, strict=True)
        )
        whole = not missed and in_order and tuple(sorted(set(places))) == named
        tier = {EXACT: WHOLE if whole else WORDS, PREFIX: PREFIXES, TYPO: TYPOS}[max(hows)]
        coverage = len(set(places)) / len(named)
        entry = self.entries[position]
        quality = (missed, entry.secondary, tier, edits, not whole, not side_by_side, not in_order)
        return quality, coverage, tuple(corrections)


def known_words(indexes, query):
    """The words of `query` that one of `indexes` holds in some form: searched together, no index
    reads them as typos."""
    return frozenset(
        word for word in fold(query).split()[:MAX_QUERY_WORDS] if any(i.holds(word) for i in indexes)
    )


def fewest_missed(matches):
    """The matches that miss the fewest query words (when no name holds every word, each index
    offers those holding the most it has: a query compares them across indexes)."""
    fewest = min((match.missed for match in matches), default=0)
    return [match for match in matches if match.missed == fewest]


def corrected(query, match):
    """`query` as `match` spells it: each word it holds by a typo replaced by the name's word,
    each it misses dropped; "" when that changes nothing."""
    if not match.corrections:
        return ""
    replacements = dict(match.corrections)
    words = [replacements.get(word, word) for word in fold(query).split()[:MAX_QUERY_WORDS]]
    return " ".join(word for word in words if word)
