from django.urls import path

from . import views

app_name = "careers_api"

urlpatterns = [
    path("", views.career_api_list, name="list"),
    path("<slug:slug>/", views.career_api_detail, name="detail"),
]
