from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from careerguide import site, sitemaps
from careerguide.careers import api_urls as career_api_urls
from careerguide.careers import urls as career_urls
from careerguide.careers import views as career_views
from careerguide.careers.finder import careers_linked_from
from careerguide.search.filters import RankedCareerFilterSet, RankedSchoolFilterSet
from careerguide.search.views import SearchView
from schools import api_urls as school_api_urls
from schools import urls as school_urls

admin.site.site_header = "Careerguide editors"
admin.site.site_title = "Careerguide admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", career_views.HomeView.as_view(), name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("readyz", site.readyz, name="readyz"),
    # The explorer's `q` and the finder's rank as the site search does (careerguide.search.filters).
    path(
        "careers/",
        include((career_urls.patterns(filterset_class=RankedCareerFilterSet), career_urls.app_name)),
    ),
    # The school pages with the careers app's additions: the `career` filter and linked careers.
    path(
        "schools/",
        include(
            (
                school_urls.patterns(
                    filterset_class=RankedSchoolFilterSet, linked_careers=careers_linked_from
                ),
                school_urls.app_name,
            )
        ),
    ),
    path("resources/", include("resources.urls")),
    path(
        "api/schools/",
        include((school_api_urls.patterns(filterset_class=RankedSchoolFilterSet), school_api_urls.app_name)),
    ),
    path(
        "api/careers/",
        include((career_api_urls.patterns(filterset_class=RankedCareerFilterSet), career_api_urls.app_name)),
    ),
    path("search/", SearchView.as_view(), name="search"),
    path("robots.txt", site.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
