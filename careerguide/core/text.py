"""Text helpers: user input made safe to query, and English for titles."""

import re
import unicodedata

SEARCH_MAX_LENGTH = 200
# What a slug route (<slug:…>) takes as it is.
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")

# C0 and C1 control characters and lone surrogates: PostgreSQL refuses NUL in text (a 500 if it
# reached a query), and none of them belongs in a search or an address.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text, limit=SEARCH_MAX_LENGTH):
    """`text` as one line of words: control characters become spaces, runs of spaces one, at most `limit`."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text or "").split())[:limit]


def clean_query(request, name="q"):
    return clean_text(request.GET.get(name, ""))


def clean_params(params):
    """A mutable copy of `params` (a QueryDict) with every value passed through `clean_text`."""
    cleaned = params.copy()
    for key, values in params.lists():
        cleaned.setlist(key, [clean_text(value) for value in values])
    return cleaned


def either(words):
    """ "a, b or c": the words as a list of choices."""
    words = list(words)
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)


def with_article(title):
    """ "a Machine Learning Engineer", "an Actuary"."""
    return f"{'an' if title[:1].lower() in 'aeiou' else 'a'} {title}"


def plural(title):
    """ "Machine Learning Engineers"; O*NET titles that are already plural stay as they are."""
    if not title or title.endswith("s"):
        return title
    if re.search(r"[^aeiou]y$", title):
        return title[:-1] + "ies"
    if re.search(r"(ch|sh|x|z)$", title):
        return title + "es"
    return title + "s"


def is_plural(title):
    """O*NET occupation titles are plural ("Registered Nurses"); editors' career titles are singular."""
    last = title.split()[-1].lower() if title.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


WORD_SEPARATORS = re.compile(r"[^\w]+|_")


def singular(word):
    """An English word's singular, so that singular and plural read alike ("sciences" → "science",
    "technologies" → "technology", "classes" → "class"); no other ending is touched."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def whole_words(text):
    """The words of `text` as whole words: case and accents ignored, singular and plural alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return {singular(word) for word in WORD_SEPARATORS.split(plain) if word}
