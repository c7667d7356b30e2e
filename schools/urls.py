"""The school pages' routes. `patterns()` lets the project's URLconf hand the finder, the export
and the API a FilterSet that knows more than schools (careers), and the school page a selector of
the careers its programs lead to, without this app importing them."""

from django.urls import path

from .filters import SchoolFilterSet
from .views.compare import compare
from .views.export import export_csv
from .views.finder import SchoolFinderView
from .views.school import SchoolDetailView, no_linked_careers
from .views.shortlist import shortlist_update

app_name = "schools"


def patterns(filterset_class=SchoolFilterSet, linked_careers=no_linked_careers):
    return [
        path("", SchoolFinderView.as_view(filterset_class=filterset_class), name="finder"),
        path("export.csv", export_csv, {"filterset_class": filterset_class}, name="export_csv"),
        path("compare/", compare, name="compare"),
        path("shortlist/", shortlist_update, name="shortlist"),
        # Last: a school slug could otherwise shadow the pages above.
        path("<slug:slug>/", SchoolDetailView.as_view(linked_careers=linked_careers), name="detail"),
    ]


urlpatterns = patterns()
