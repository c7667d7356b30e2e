"""The schools app's own routes: the shortlist and a school's JSON."""

from django.urls import path

from .api import api_school_detail
from .views.shortlist import shortlist_update

app_name = "schools"

urlpatterns = [
    path("schools/shortlist/", shortlist_update, name="shortlist"),
    path("api/schools/<slug:slug>/", api_school_detail, name="api_detail"),
]
