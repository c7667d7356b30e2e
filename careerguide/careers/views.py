from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from .models import Career


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = list(Career.objects.featured().select_related("occupation")[:12])
        context["featured_careers"] = featured or list(Career.objects.select_related("occupation")[:12])
        context["career_count"] = Career.objects.count()
        return context


class CareerListView(ListView):
    template_name = "careers/career_list.html"
    context_object_name = "careers"
    paginate_by = 30

    def get_queryset(self):
        careers = Career.objects.select_related("occupation")
        query = self.request.GET.get("q", "").strip()
        return careers.search(query) if query else careers

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.request.GET.get("q", "").strip()
        return context


class CareerDetailView(DetailView):
    template_name = "careers/career_detail.html"
    context_object_name = "career"

    def get_queryset(self):
        return Career.objects.with_page_data()


@require_safe
@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")
