"""HTTP caching (SPEC section 6): what a browser, the proxy in front or a CDN may keep, and for how long.

Public pages that change only when data changes carry an ETag made of the data version and the
code's version, and `Cache-Control: public, max-age=0, must-revalidate, s-maxage=N`: a shared
cache may serve them for N seconds, browsers always ask again, and a request whose `If-None-Match`
holds the current ETag gets `304 Not Modified` without the page being rendered.

Two kinds of views take part:
- pages (the views marked `cached_page`, which the page cache serves too): the same for every
  visitor without a per-visitor cookie (session, shortlist, flash messages); a request carrying
  one of these gets its own page, marked `private`;
- exports (`same_for_every_visitor`: CSV, JSON, sitemaps): the URL and the data alone make them,
  whatever cookies come along.

A response that sets a cookie is never public.
"""

import functools
import hashlib

from django.conf import settings
from django.core import checks
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from .cache import data_version, page_parameters, view_of

PAGE = "page"
EXPORT = "export"

# What makes the code's version: the Python, the templates and the static files.
CODE_FOLDERS = ("careerguide", "schools", "resources", "jinja2", "templates", "static")
CODE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".json"}


def same_for_every_visitor(view):
    """Mark a view whose response the URL and the data alone make (an export, JSON, a sitemap)."""
    view.http_caching = EXPORT
    return view


def kind_of_view(view):
    if page_parameters(view) is not None:
        return PAGE
    return getattr(view, "http_caching", None)


def code_version():
    """CODE_VERSION from the environment (a release's name), else a digest of the code's files."""
    return settings.CODE_VERSION or code_digest()


@functools.cache
def code_digest():
    """A digest of the code's files, read once per process: every server running the same code
    computes the same one."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def current_etag():
    return f'"{data_version()}-{code_version()}"'


def mark_public(response, etag, *, per_visitor):
    response["ETag"] = etag
    patch_cache_control(
        response, public=True, max_age=0, must_revalidate=True, s_maxage=settings.HTTP_CACHE_SHARED_SECONDS
    )
    if per_visitor:
        # The same URL shows a visitor's own page when the request carries their cookie.
        patch_vary_headers(response, ("Cookie",))


def mark_private(response):
    # A visitor's own page: no shared cache keeps it, and its data ETag would not say what changed.
    if "ETag" in response:
        del response["ETag"]
    patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie",))


class HttpCachingMiddleware:
    """Cache-Control, ETag and 304 for the public pages and exports (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.visitor_cookies = (settings.SESSION_COOKIE_NAME, *settings.PAGE_CACHE_VISITOR_COOKIES)

    def __call__(self, request):
        kind = self.kind(request)
        if kind is None:
            return self.get_response(request)
        per_visitor = kind == PAGE
        if per_visitor and any(name in request.COOKIES for name in self.visitor_cookies):
            response = self.get_response(request)
            mark_private(response)
            return response
        # Read before the page is rendered: the page is never older than its ETag says.
        etag = current_etag()
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            if not_modified.status_code == 304:
                mark_public(not_modified, etag, per_visitor=per_visitor)
            return not_modified
        response = self.get_response(request)
        if response.cookies:
            mark_private(response)
        elif response.status_code == 200 and "private" not in response.get("Cache-Control", ""):
            mark_public(response, etag, per_visitor=per_visitor)
        return response

    @staticmethod
    def kind(request):
        if request.method not in ("GET", "HEAD"):
            return None
        view = view_of(request)
        return None if view is None else kind_of_view(view)


def check_shared_seconds(app_configs, **kwargs):
    if not 0 <= settings.HTTP_CACHE_SHARED_SECONDS <= 60:
        return [
            checks.Error(
                "HTTP_CACHE_SHARED_SECONDS must be between 0 and 60.",
                hint="A shared cache may serve a public page that long after an editor's save (SPEC section 6).",
                id="careerguide.E001",
            )
        ]
    return []
