from django.views.generic import ListView

from .models import Resource


class ResourceListView(ListView):
    template_name = "resources/resource_list.html"
    context_object_name = "resources"
    paginate_by = 50

    def get_queryset(self):
        resources = Resource.objects.all()
        kind = self.request.GET.get("kind", "")
        if kind in Resource.Kind.values:
            resources = resources.of_kind(kind)
        query = self.request.GET.get("q", "").strip()
        return resources.search(query) if query else resources
