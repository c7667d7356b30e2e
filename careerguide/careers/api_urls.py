from django.urls import path

from . import api, views

app_name = "careers_api"

urlpatterns = [
    path("", views.career_api_list, name="list"),
    path("<slug:slug>/", api.career_api_detail, name="detail"),
]
