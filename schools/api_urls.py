from django.urls import path

from . import views

app_name = "schools_api"

urlpatterns = [
    path("", views.api_school_list, name="list"),
    path("<slug:slug>/", views.api_school_detail, name="detail"),
]
