"""The student's shortlist of schools to compare, kept in a cookie (`shortlist`) as slugs.

A cookie, not the session: an anonymous click writes no database row, and a visitor without a
shortlist carries no per-visitor cookie, so the shared page cache can serve them. The cookie is
only ever a list of well-formed slugs; readers keep those that name a school (one query, with
the names the tray shows).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from careerguide.core.text import SLUG_RE

COOKIE = "shortlist"
COOKIE_MAX_AGE = 365 * 24 * 3600
SEPARATOR = "."  # never part of a slug, never quoted in a cookie
LIMIT = 10
# Slugs read from a compare link or a shortlist form at most: enough to say "more than 10",
# bounded work.
READ_MAX = 50


def clean_slugs(values, limit=None):
    """Well-formed slugs, first occurrence kept, in order (at most `limit`)."""
    slugs = list(dict.fromkeys(v.strip() for v in values if isinstance(v, str) and SLUG_RE.match(v.strip())))
    return slugs if limit is None else slugs[:limit]


def get(request):
    """The slugs in the visitor's cookie, well formed, at most LIMIT (not yet checked against the database)."""
    return clean_slugs(request.COOKIES.get(COOKIE, "").split(SEPARATOR), LIMIT)


def store(request, response, slugs):
    """Write `slugs` (already checked to name schools) into the cookie; no cookie when empty."""
    slugs = clean_slugs(slugs, LIMIT)
    if not slugs:
        response.delete_cookie(COOKIE, samesite="Lax")
        return
    response.set_cookie(
        COOKIE,
        SEPARATOR.join(slugs),
        max_age=COOKIE_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def added(slugs, slug):
    """(new slugs, True) with `slug` at the end (or already there); (slugs, False) when full."""
    if slug in slugs:
        return slugs, True
    if len(slugs) >= LIMIT:
        return slugs, False
    return [*slugs, slug], True


def removed(slugs, slug):
    return [s for s in slugs if s != slug]


def is_same_origin(request):
    """True when the POST comes from a page of this site: its Origin header (or, when a browser
    sends none, its Referer) is this site's scheme and host, or one of CSRF_TRUSTED_ORIGINS.

    The shortlist forms carry no CSRF token so that pages can be shared from the cache; this check
    is what stops another site from changing a visitor's shortlist."""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = urlsplit(request.headers.get("Referer", ""))
        if not referer.scheme or not referer.netloc:
            return False
        origin = f"{referer.scheme}://{referer.netloc}"
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    return origin in allowed


# What a comparison keeps of where it was opened from (the finder's choices), in its URL's order.
COMPARE_CONTEXT = ("home_state", "program", "career", "income", "near")


def compare_url(slugs, context=None):
    """The comparison of `slugs`, with the `context` values it keeps (COMPARE_CONTEXT) that are set."""
    query = QueryDict(mutable=True)
    query.setlist("school", list(slugs))
    for name in COMPARE_CONTEXT:
        value = (context or {}).get(name)
        if value not in (None, ""):
            query[name] = value
    return f"{reverse('listings:compare')}?{query.urlencode()}"
