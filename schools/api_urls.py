from django.urls import path

from . import views
from .filters import SchoolFilterSet

app_name = "schools_api"


def api_patterns(filterset_class=SchoolFilterSet):
    return [
        path("", views.api_school_list, {"filterset_class": filterset_class}, name="list"),
        path("<slug:slug>/", views.api_school_detail, name="detail"),
    ]


urlpatterns = api_patterns()
