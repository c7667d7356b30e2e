from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.SchoolFinderView.as_view(), name="finder"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("compare/", views.compare, name="compare"),
    path("shortlist/", views.shortlist_update, name="shortlist"),
    # Last: a school slug could otherwise shadow the pages above.
    path("<slug:slug>/", views.SchoolDetailView.as_view(), name="detail"),
]
