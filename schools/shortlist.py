"""The student's shortlist of schools to compare, kept in the session as a list of slugs."""

import re

from django.http import QueryDict
from django.urls import reverse

SESSION_KEY = "school_shortlist"
LIMIT = 10
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")


def clean_slugs(values, limit=None):
    """Well-formed slugs, first occurrence kept, in order (at most `limit`)."""
    slugs = list(dict.fromkeys(v.strip() for v in values if isinstance(v, str) and SLUG_RE.match(v.strip())))
    return slugs if limit is None else slugs[:limit]


def get(request):
    stored = request.session.get(SESSION_KEY, [])
    return clean_slugs(stored, LIMIT) if isinstance(stored, list) else []


def save(request, slugs):
    request.session[SESSION_KEY] = clean_slugs(slugs, LIMIT)


def add(request, slug):
    """True when added (or already there); False when the shortlist is full."""
    slugs = get(request)
    if slug in slugs:
        return True
    if len(slugs) >= LIMIT:
        return False
    save(request, [*slugs, slug])
    return True


def remove(request, slug):
    save(request, [s for s in get(request) if s != slug])


def compare_url(slugs, home_state="", program=""):
    query = QueryDict(mutable=True)
    query.setlist("school", list(slugs))
    if home_state:
        query["home_state"] = home_state
    if program:
        query["program"] = program
    return f"{reverse('schools:compare')}?{query.urlencode()}"
