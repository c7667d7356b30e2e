from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from careerguide import site, sitemaps
from careerguide.core.cache import cached_page
from careerguide.search.views import SearchView

handler403 = "careerguide.core.admin_access.permission_denied"

urlpatterns = [
    path("healthz", site.healthz, name="healthz"),
    path("readyz", site.readyz, name="readyz"),
    # Before the pages: /schools/compare/ and /schools/export.csv are not school slugs.
    path("", include("careerguide.listings.urls")),
    path("", include("schools.urls")),
    path("", include("careerguide.pages.urls")),
    path("resources/", include("resources.urls")),
    # Results change only with the data, like the listings the search links into.
    path("search/", cached_page(("q",))(SearchView.as_view()), name="search"),
    path("robots.txt", site.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
