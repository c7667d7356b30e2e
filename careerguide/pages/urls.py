from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("schools/<slug:slug>/", views.school_page, name="school"),
    path("schools/<slug:slug>/programs/<slug:level>/", views.school_programs_page, name="school_programs"),
    path("careers/<slug:slug>/", views.career_page, name="career"),
    path("careers/<int:pk>/preview/", views.career_preview, name="career_preview"),
    path("api/careers/<slug:slug>/", views.career_api_detail, name="career_api"),
]
