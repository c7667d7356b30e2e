"""The schools API's routes; `patterns()` takes the FilterSet as `schools.urls.patterns()` does."""

from django.urls import path

from .filters import SchoolFilterSet
from .views.api import api_school_detail, api_school_list

app_name = "schools_api"


def patterns(filterset_class=SchoolFilterSet):
    return [
        path("", api_school_list, {"filterset_class": filterset_class}, name="list"),
        path("<slug:slug>/", api_school_detail, name="detail"),
    ]


urlpatterns = patterns()
