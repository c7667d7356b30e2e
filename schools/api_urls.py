from django.urls import path  # noqa: F401  (routes arrive with the finder's JSON API)

app_name = "schools_api"

urlpatterns = []
