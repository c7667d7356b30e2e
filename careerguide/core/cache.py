"""The shared page cache: anonymous GETs of pages that change only when data changes.

A page is stored under the current *data version*; any save or delete of the site's data (and
every import, which writes in bulk) bumps the version, so the next request renders fresh and the
old entries simply expire. The version lives in the database (`DataVersion`), so it survives the
cache failing or being emptied; the cache holds a copy for a few seconds, so that a page served
from the cache costs no query.

A page's key is built from the parameters that page knows (its view's `cached_page`), in a fixed order:
`?state=MD&sort=name` and `?sort=name&state=MD&utm_source=x` are one entry, and the view sees only
those parameters (so no page shows a parameter its key does not hold).

Only visitors whose request carries none of the per-visitor cookies (session, shortlist, flash
messages) are served from the cache, and a response is stored only when it is a plain 200 that sets
no cookie: a page that hands out a CSRF token sets the CSRF cookie and is therefore never shared.

The cache may fail: `ResilientRedisCache` turns every failure of Redis into a miss (logged and
counted; Redis is left alone for a few seconds after one), so pages are served uncached, editors'
saves and imports go through, and the readiness endpoint says so (`cache_status`).
"""

import contextlib
import contextvars
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from redis.exceptions import RedisError

DATA_VERSION_KEY = "careerguide:data-version"
# How long the cache's copy of the data version lives before it is read from the database again.
DATA_VERSION_COPY_SECONDS = 10
HIT_HEADER = "X-Page-Cache"


def cached_page(parameters=()):
    """Mark a view as a page the shared cache may serve to anonymous visitors, knowing the query
    `parameters` (a tuple, or a function returning one): its cache key holds these, in this order,
    and nothing else, and the view is handed only these."""

    def mark(view):
        view.page_parameters = parameters
        return view

    return mark


def view_of(request):
    """The view the request's path resolves to, or None: resolved once a request, for the
    middlewares that ask before Django's own resolution (HTTP caching, the page cache)."""
    if not hasattr(request, "_view_of_path"):
        try:
            request._view_of_path = resolve(request.path_info).func
        except Resolver404:
            request._view_of_path = None
    return request._view_of_path


def page_parameters(view):
    """The parameters a cached page's view knows, or None when the view is not a cached page."""
    parameters = getattr(view, "page_parameters", None)
    if parameters is None:
        return None
    return tuple(parameters() if callable(parameters) else parameters)


logger = logging.getLogger("careerguide.cache")


# --- the data version ---------------------------------------------------------------------------


def data_version():
    """The current data version: the cache's copy, else the database's (copied for a few seconds)."""
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        from .models import DataVersion  # noqa: PLC0415

        version = DataVersion.current()
        # add, not set: a copy read before a save committed never overwrites the one it wrote.
        cache.add(DATA_VERSION_KEY, version, DATA_VERSION_COPY_SECONDS)
    return version


def bump_data_version():
    """Make every cached page stale now, and again once the surrounding transaction commits: a page
    rendered by another process while the transaction was open shows the old data under the first
    new version, which the second leaves behind. Each version is written to the database and
    copied to the cache; returns the first."""
    version = new_version()
    transaction.on_commit(new_version)
    return version


def new_version():
    from .models import DataVersion  # noqa: PLC0415 (this module is imported while apps load)

    version = DataVersion.bump()
    cache.set(DATA_VERSION_KEY, version, DATA_VERSION_COPY_SECONDS)
    return version


# True inside `unpublished_changes()`: saves there are rolled back and never reach the public.
UNPUBLISHED = contextvars.ContextVar("careerguide-unpublished-changes", default=False)


@contextlib.contextmanager
def unpublished_changes():
    """Saves made in the block (a preview, inside a transaction it rolls back) bump no data version:
    no cached page goes stale for them, and no copy of a version the database never keeps is cached."""
    token = UNPUBLISHED.set(True)
    try:
        yield
    finally:
        UNPUBLISHED.reset(token)


def bump_on_data_change(sender, **kwargs):
    if sender._meta.app_label in settings.PAGE_CACHE_DATA_APPS and not UNPUBLISHED.get():
        bump_data_version()


def bump_on_m2m_change(sender, action, **kwargs):
    if (
        action.startswith("post_")
        and sender._meta.app_label in settings.PAGE_CACHE_DATA_APPS
        and not UNPUBLISHED.get()
    ):
        bump_data_version()


def connect_signals():
    post_save.connect(bump_on_data_change, dispatch_uid="page-cache-save")
    post_delete.connect(bump_on_data_change, dispatch_uid="page-cache-delete")
    m2m_changed.connect(bump_on_m2m_change, dispatch_uid="page-cache-m2m")


# --- a cache that fails soft ----------------------------------------------------------------------


class CacheFailures:
    """This process's count of cache failures, the last one, and the time until which the cache is
    left alone (a dead Redis costs one refused connection per few seconds, not one per call)."""

    RETRY_SECONDS = 5
    LOG_EVERY_SECONDS = 60

    def __init__(self):
        self.lock = threading.Lock()
        self.failures = 0
        self.skipped = 0
        self.last_error = ""
        self.down_until = 0.0
        self.logged_at = 0.0

    def down(self):
        return time.monotonic() < self.down_until

    def skip(self):
        with self.lock:
            self.skipped += 1

    def failed(self, operation, error):
        now = time.monotonic()
        with self.lock:
            self.failures += 1
            self.last_error = f"{type(error).__name__}: {error}"
            self.down_until = now + self.RETRY_SECONDS
            log = now - self.logged_at >= self.LOG_EVERY_SECONDS
            if log:
                self.logged_at = now
        if log:
            logger.warning(
                "The cache is unreachable (%s during %s); pages are served uncached. %s failures in this "
                "process so far; retrying in %s s.",
                self.last_error,
                operation,
                self.failures,
                self.RETRY_SECONDS,
            )

    def recovered(self):
        with self.lock:
            self.down_until = 0.0


FAILURES = CacheFailures()


def fails_soft(default):
    """A cache method that answers `default` (a value, or a callable of the call's arguments) when
    Redis fails or is being left alone, instead of raising."""

    def wrap(method):
        def soft(self, *args, **kwargs):
            if FAILURES.down():
                FAILURES.skip()
                return default(*args, **kwargs) if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                FAILURES.failed(method.__name__, error)
                return default(*args, **kwargs) if callable(default) else default

        soft.__name__ = method.__name__
        soft.__doc__ = method.__doc__
        return soft

    return wrap


def default_argument(key, default=None, *args, **kwargs):
    return default


def every_key(data, *args, **kwargs):
    return list(data)


def nothing(*args, **kwargs):
    return {}


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, with every failure of Redis a miss: gets answer their default, writes
    are dropped. Failures are logged (once a minute) and counted (`cache_status`)."""

    get = fails_soft(default_argument)(RedisCache.get)
    set = fails_soft(None)(RedisCache.set)
    add = fails_soft(False)(RedisCache.add)
    touch = fails_soft(False)(RedisCache.touch)
    delete = fails_soft(False)(RedisCache.delete)
    has_key = fails_soft(False)(RedisCache.has_key)
    get_many = fails_soft(nothing)(RedisCache.get_many)
    set_many = fails_soft(every_key)(RedisCache.set_many)  # the keys not stored
    delete_many = fails_soft(None)(RedisCache.delete_many)
    clear = fails_soft(False)(RedisCache.clear)

    def probe(self):
        """A round trip to Redis, failures raised (for the readiness endpoint)."""
        self._cache.get_client(write=True).ping()


def cache_status():
    """(ok, what to say) of the shared cache: a real round trip, whatever failures came before."""
    probe = getattr(cache, "probe", None)
    if probe is None:
        return True, "ok (this process's memory)"
    try:
        probe()
    except RedisError as error:
        FAILURES.failed("readiness probe", error)
        return (
            False,
            f"down: pages are served uncached ({FAILURES.failures:,} cache failures in this process)",
        )
    FAILURES.recovered()
    return True, "ok"


# --- the page cache -------------------------------------------------------------------------------


def known_query(request, names):
    """The request's parameters that the page knows, in the page's order, empty values left out."""
    query = QueryDict(mutable=True)
    for name in names:
        values = [value for value in request.GET.getlist(name) if value.strip()]
        if values:
            query.setlist(name, values)
    return query


def page_key(request, query):
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query.urlencode()}"
    return f"page:{data_version()}:{hashlib.sha256(address.encode()).hexdigest()}"


class PublicPageCacheMiddleware:
    """Serves the views marked `cached_page` from the cache for anonymous GETs (`settings.PAGE_CACHE`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.PAGE_CACHE
        self.visitor_cookies = (settings.SESSION_COOKIE_NAME, *settings.PAGE_CACHE_VISITOR_COOKIES)
        self.timeout = settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        names = self.known_parameters(request)
        if names is None:
            return self.get_response(request)
        # The page is rendered from the parameters it knows, as its key holds them.
        query = known_query(request, names)
        request.GET = QueryDict(query.urlencode())
        request.META["QUERY_STRING"] = query.urlencode()
        key = page_key(request, query)
        stored = cache.get(key)
        if stored is not None:
            return self.rebuild(stored)
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            cache.set(key, self.freeze(response), self.timeout)
            response[HIT_HEADER] = "unavailable" if FAILURES.down() else "miss"
        return response

    def known_parameters(self, request):
        """The parameters of the cached page the request asks for, or None when it is not one."""
        if request.method not in ("GET", "HEAD") or not self.enabled:
            return None
        if any(name in request.COOKIES for name in self.visitor_cookies):
            return None
        view = view_of(request)
        return None if view is None else page_parameters(view)

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
    if settings.PAGE_CACHE and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The page cache lives in each process's memory.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every worker shares pages "
                "and the data version, or PAGE_CACHE=0.",
                id="careerguide.W001",
            )
        ]
    return []
