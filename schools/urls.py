from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.SchoolFinderView.as_view(), name="finder"),
    path("<slug:slug>/", views.SchoolDetailView.as_view(), name="detail"),
]
