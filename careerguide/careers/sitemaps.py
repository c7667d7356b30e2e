"""sitemap.xml: an index of sections (pages, careers, schools, resources), each paginated at 50,000 URLs."""

from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from resources.models import Resource
from schools.models import School

from .models import Career


def resource_kind_path(kind):
    """The list of one kind of resource: its address in the sitemap and its canonical link."""
    return f"{reverse('resources:list')}?{urlencode({'kind': kind})}"


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["home", "careers:list", "schools:finder", "resources:list"]

    def location(self, item):
        return reverse(item)


class CareerSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.9

    def items(self):
        return Career.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, career):
        return career.updated_at


class SchoolSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return School.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, school):
        return school.updated_at


class ResourceSitemap(Sitemap):
    """Resources have no page of their own: each kind's list that has any resource."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        present = set(Resource.objects.values_list("kind", flat=True).distinct())
        return [kind for kind in Resource.Kind.values if kind in present]

    def location(self, kind):
        return resource_kind_path(kind)


SITEMAPS = {
    "pages": PageSitemap,
    "careers": CareerSitemap,
    "schools": SchoolSitemap,
    "resources": ResourceSitemap,
}
