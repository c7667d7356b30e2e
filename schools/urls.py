from django.urls import path

from . import views
from .filters import SchoolFilterSet

app_name = "schools"


def finder_patterns(filterset_class=SchoolFilterSet):
    """The school pages, with the FilterSet the finder and the CSV export use (the project adds
    `career` with careers' subclass)."""
    return [
        path("", views.SchoolFinderView.as_view(filterset_class=filterset_class), name="finder"),
        path("export.csv", views.export_csv, {"filterset_class": filterset_class}, name="export_csv"),
        path("compare/", views.compare, name="compare"),
        path("shortlist/", views.shortlist_update, name="shortlist"),
        # Last: a school slug could otherwise shadow the pages above.
        path("<slug:slug>/", views.SchoolDetailView.as_view(), name="detail"),
    ]


urlpatterns = finder_patterns()
