"""The shared page cache: anonymous GETs of pages that change only when data changes.

A page is stored under the current *data version*; any save or delete of the site's data (and
every import, which writes in bulk) bumps the version, so the next request renders fresh and the
old entries simply expire. The version lives in the same cache (Redis in production), so every
worker sees a bump at once.

Only visitors whose request carries none of the per-visitor cookies (session, shortlist, flash
messages) are served from the cache, and a response is stored only when it is a plain 200 that sets
no cookie: a page that hands out a CSRF token sets the CSRF cookie and is therefore never shared.
"""

import hashlib
import time

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve

DATA_VERSION_KEY = "careerguide:data-version"
HIT_HEADER = "X-Page-Cache"


def data_version():
    """The current data version; set on first use (a clock reading, so a restart never reuses one)."""
    return cache.get_or_set(DATA_VERSION_KEY, time.time_ns, timeout=None)


def bump_data_version():
    """Make every cached page stale now, and again once the surrounding transaction commits: a
    page rendered by another process while the transaction was open would show the old data."""
    cache.set(DATA_VERSION_KEY, time.time_ns(), timeout=None)
    transaction.on_commit(lambda: cache.set(DATA_VERSION_KEY, time.time_ns(), timeout=None))


def bump_on_data_change(sender, **kwargs):
    if sender._meta.app_label in settings.PAGE_CACHE_DATA_APPS:
        bump_data_version()


def bump_on_m2m_change(sender, action, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in settings.PAGE_CACHE_DATA_APPS:
        bump_data_version()


def connect_signals():
    post_save.connect(bump_on_data_change, dispatch_uid="page-cache-save")
    post_delete.connect(bump_on_data_change, dispatch_uid="page-cache-delete")
    m2m_changed.connect(bump_on_m2m_change, dispatch_uid="page-cache-m2m")


def page_key(request):
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{data_version()}:{address}"


class PublicPageCacheMiddleware:
    """Serves the URL names in `settings.PAGE_CACHE_URL_NAMES` from the cache for anonymous GETs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.url_names = frozenset(settings.PAGE_CACHE_URL_NAMES)
        self.visitor_cookies = (settings.SESSION_COOKIE_NAME, *settings.PAGE_CACHE_VISITOR_COOKIES)
        self.timeout = settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            return self.rebuild(stored)
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            cache.set(key, self.freeze(response), self.timeout)
            response[HIT_HEADER] = "miss"
        return response

    def is_cacheable_request(self, request):
        if request.method not in ("GET", "HEAD") or not self.url_names:
            return False
        if any(name in request.COOKIES for name in self.visitor_cookies):
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in self.url_names

    @staticmethod
    def is_cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def freeze(response):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return (response.content, list(response.items()))

    @staticmethod
    def rebuild(stored):
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """In production several worker processes serve pages: they must share one cache, or an
    editor's save refreshes only the pages of the worker that handled it."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_URL_NAMES and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The page cache lives in each process's memory.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every worker shares pages "
                "and the data version, or PAGE_CACHE=0.",
                id="careerguide.W001",
            )
        ]
    return []
