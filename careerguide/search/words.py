"""The finder's plain word match (`SchoolQuerySet.words_condition`), decided in memory for counting.

That condition asks, of each word, `name LIKE '%word%' OR city LIKE '%word%'` with case folded
(Django's `icontains`). For a word of ASCII letters and digits, and a name and city of ASCII text, it
holds exactly when the lower-cased word lies inside one of the lower-cased runs of ASCII letters and
digits of the name or the city: on SQLite, whose LIKE folds ASCII letters alone, and on PostgreSQL,
which compares UPPER() of both sides. A name or city with any other character may be decided
otherwise by PostgreSQL (UPPER() turns "ı" into "I"): those schools (3 of the 6,998) are left to the
database.
"""

import re
from collections import defaultdict

# A run of ASCII letters and digits, lower-cased: what a name is cut into, and what a word must be.
ASCII_RUN = re.compile(r"[a-z0-9]+")


class SchoolWords:
    """Which schools the plain word match finds, from {key: anything with a name and a city}.

    Its postings (each run of letters and digits: the keys of the schools holding it) are built on
    first use, not with the search index: most rebuilds of the index never count a word match."""

    def __init__(self, schools):
        self.schools = schools
        self.postings = None
        self.undecided = frozenset()

    def build(self):
        postings = defaultdict(list)
        undecided = []
        for key, school in self.schools.items():
            text = f"{school.name}\n{school.city or ''}"
            if not text.isascii():
                undecided.append(key)
                continue
            for run in set(ASCII_RUN.findall(text.lower())):
                postings[run].append(key)
        # Undecided first: a thread that sees the postings must see their undecided keys too.
        self.undecided = frozenset(undecided)
        self.postings = dict(postings)

    def matches(self, text):
        """(keys of the schools every word of `text` finds, keys of the schools left undecided), or
        None when a word is not only ASCII letters and digits (the database decides those)."""
        if not text.isascii():  # before lowering: Python lowers the Kelvin sign to an ASCII "k"
            return None
        words = text.lower().split()
        if not words or not all(ASCII_RUN.fullmatch(word) for word in words):
            return None
        if self.postings is None:
            self.build()
        found = None
        for word in words:
            keys = set()
            for run, holders in self.postings.items():
                if word in run:
                    keys.update(holders)
            found = keys if found is None else found & keys
            if not found:
                break
        return found, self.undecided
