from django.views.generic import DetailView, ListView

from .models import School


class SchoolFinderView(ListView):
    template_name = "schools/school_finder.html"
    context_object_name = "schools"
    paginate_by = 25

    def get_queryset(self):
        schools = School.objects.all()
        query = self.request.GET.get("q", "").strip()
        return schools.search(query) if query else schools


class SchoolDetailView(DetailView):
    template_name = "schools/school_detail.html"
    context_object_name = "school"

    def get_queryset(self):
        return School.objects.with_sources()
