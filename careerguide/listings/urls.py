"""The listings' routes: the school finder (a page, a CSV, JSON) and its comparison, the careers
explorer (a page, a CSV, JSON)."""

from django.urls import path

from . import compare, views

app_name = "listings"

urlpatterns = [
    path("schools/", views.school_finder, name="school_finder"),
    path("schools/compare/", compare.compare, name="compare"),
    path("schools/export.csv", views.school_csv, name="school_csv"),
    path("api/schools/", views.school_api, name="school_api"),
    path("careers/", views.career_explorer, name="career_explorer"),
    path("careers/export.csv", views.career_csv, name="career_csv"),
    path("api/careers/", views.career_api, name="career_api"),
]
