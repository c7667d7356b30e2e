"""sitemap.xml: an index of sections (pages, careers, schools, resources), each paginated at 50,000 URLs.

The project level reads every app. A section's XML is kept in Django's cache under a key that holds
the section's data version (row count and latest change), so an edit, an import or a deletion serves
a fresh sitemap at once while an unchanged one costs one aggregate query.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from careerguide.careers.models import Career
from careerguide.core.http_caching import same_for_every_visitor
from resources.models import Resource
from resources.views import kind_list_path
from schools.models import School

CACHE_SECONDS = 24 * 60 * 60


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["pages:home", "listings:career_explorer", "listings:school_finder", "resources:list"]

    def location(self, item):
        return reverse(item)


class CareerSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.9
    model = Career

    def items(self):
        return Career.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, career):
        return career.updated_at


class SchoolSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    model = School

    def items(self):
        return School.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, school):
        return school.updated_at


class ResourceSitemap(Sitemap):
    """Resources have no page of their own: each kind's list that has any resource."""

    changefreq = "monthly"
    priority = 0.5
    model = Resource

    def items(self):
        present = set(Resource.objects.values_list("kind", flat=True).distinct())
        return [kind for kind in Resource.Kind.values if kind in present]

    def location(self, kind):
        return kind_list_path(kind)


SITEMAPS = {
    "pages": PageSitemap,
    "careers": CareerSitemap,
    "schools": SchoolSitemap,
    "resources": ResourceSitemap,
}


def data_version(section):
    """What a section's XML depends on: its model's row count and latest update (one query)."""
    model = getattr(SITEMAPS[section], "model", None)
    if model is None:
        return "static"
    figures = model.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = figures["latest"].isoformat() if figures["latest"] else "none"
    return f"{figures['count']}-{latest}"


@require_safe
@same_for_every_visitor
def sitemap_index(request):
    return sitemap_index_view(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section")


@require_safe
@same_for_every_visitor
def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404("No such sitemap section.")
    page = request.GET.get("p", "1")
    if not page.isdigit():
        return sitemap_view(request, sitemaps=SITEMAPS, section=section)  # Django's own 404
    key = f"sitemap:{request.get_host()}:{request.scheme}:{section}:{page}:{data_version(section)}"
    cached = cache.get(key)
    if cached is not None:
        return HttpResponse(cached, content_type="application/xml")
    response = sitemap_view(request, sitemaps=SITEMAPS, section=section)
    response.render()
    if response.status_code == 200:
        cache.set(key, response.content, CACHE_SECONDS)
    return response
