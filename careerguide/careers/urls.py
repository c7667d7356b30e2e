from django.urls import path

from . import explorer, views
from .filters import CareerFilterSet

app_name = "careers"


def patterns(filterset_class=CareerFilterSet):
    """The career pages, the explorer reading `filterset_class` (the project's URLconf passes one
    whose `q` ranks as the site search does: careers cannot import the search above them)."""
    return [
        path("", explorer.career_explorer, {"filterset_class": filterset_class}, name="list"),
        path("export.csv", explorer.export_csv, {"filterset_class": filterset_class}, name="export_csv"),
        path("<slug:slug>/", views.CareerDetailView.as_view(), name="detail"),
    ]


urlpatterns = patterns()
