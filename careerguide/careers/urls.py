from django.urls import path

from . import explorer, views

app_name = "careers"

urlpatterns = [
    path("", explorer.career_explorer, name="list"),
    path("export.csv", explorer.export_csv, name="export_csv"),
    path("<slug:slug>/", views.CareerDetailView.as_view(), name="detail"),
]
