from django.urls import path

from . import api, explorer
from .filters import CareerFilterSet

app_name = "careers_api"


def patterns(filterset_class=CareerFilterSet):
    """The careers API, its list reading `filterset_class` (see `careers.urls.patterns`)."""
    return [
        path("", explorer.api_career_list, {"filterset_class": filterset_class}, name="list"),
        path("<slug:slug>/", api.career_api_detail, name="detail"),
    ]


urlpatterns = patterns()
