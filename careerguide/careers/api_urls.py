from django.urls import path

from . import explorer, views

app_name = "careers_api"

urlpatterns = [
    path("", explorer.api_career_list, name="list"),
    path("<slug:slug>/", views.career_api_detail, name="detail"),
]
