from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from careerguide.careers import views as career_views
from careerguide.careers.finder import CareerSchoolFilterSet
from schools.api_urls import api_patterns
from schools.urls import finder_patterns

admin.site.site_header = "Careerguide editors"
admin.site.site_title = "Careerguide admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", career_views.HomeView.as_view(), name="home"),
    path("healthz", career_views.healthz, name="healthz"),
    path("careers/", include("careerguide.careers.urls")),
    # The school finder, its CSV and API with the `career` parameter, which schools cannot know.
    path("schools/", include((finder_patterns(CareerSchoolFilterSet), "schools"))),
    path("resources/", include("resources.urls")),
    path("api/schools/", include((api_patterns(CareerSchoolFilterSet), "schools_api"))),
    path("api/careers/", include("careerguide.careers.api_urls")),
    path("search/", career_views.SearchView.as_view(), name="search"),
    path("robots.txt", career_views.robots_txt, name="robots"),
    path("sitemap.xml", career_views.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", career_views.sitemap_section, name="sitemap-section"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
