from django.urls import path

from careerguide.core.cache import cached_page

from . import views

app_name = "resources"

urlpatterns = [
    path("", cached_page(("q", "kind", "career", "page"))(views.ResourceListView.as_view()), name="list"),
]
