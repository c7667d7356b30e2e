"""Site-wide plain responses: robots.txt, the liveness check and the readiness check."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from careerguide.core.cache import cache_status
from careerguide.core.http_caching import same_for_every_visitor

logger = logging.getLogger("careerguide.site")

ROBOTS_DISALLOW = ("/admin/", "/api/", "/search/", "/schools/compare/", "/schools/export.csv")


@require_safe
@same_for_every_visitor
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "Allow: /",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@never_cache
def readyz(request):
    """Whether this process can serve the site, part by part: the database (without it, nothing:
    503) and the shared cache (without it, pages are served uncached: still 200, and said)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database_ok, database = True, "ok"
    except DatabaseError as error:
        logger.warning("Readiness: the database is unreachable (%s)", error)
        database_ok, database = False, "down"
    _, cache = cache_status()
    return JsonResponse(
        {"ready": database_ok, "database": database, "cache": cache},
        status=200 if database_ok else 503,
    )
