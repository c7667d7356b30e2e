from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from careerguide.careers import views as career_views

admin.site.site_header = "Careerguide editors"
admin.site.site_title = "Careerguide admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", career_views.HomeView.as_view(), name="home"),
    path("healthz", career_views.healthz, name="healthz"),
    path("careers/", include("careerguide.careers.urls")),
    path("schools/", include("schools.urls")),
    path("resources/", include("resources.urls")),
    path("api/schools/", include("schools.api_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
