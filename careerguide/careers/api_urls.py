from django.urls import path

from . import api, explorer

app_name = "careers_api"

urlpatterns = [
    path("", explorer.api_career_list, name="list"),
    path("<slug:slug>/", api.career_api_detail, name="detail"),
]
