from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from careerguide.careers.models import Career
from careerguide.core.text import clean_query
from resources.models import Resource
from schools.models import School


class SearchView(TemplateView):
    """Careers (with alternate titles), schools (name, city) and resources on one page."""

    template_name = "search/search.html"
    per_group = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = clean_query(self.request)
        context["q"] = q
        context["page_title"] = f"Search: {q}" if q else "Search"
        context["meta_description"] = (
            f"Careers, schools and resources matching “{q}”."
            if q
            else "Search careers, US schools and resources in one place."
        )
        if not q:
            context["groups"] = []
            return context
        words = q.split()[:10]
        careers = Career.objects.select_related("occupation").search(q)
        schools = School.objects.search(" ".join(words)).only("name", "slug", "city", "state")
        resources = Resource.objects.all()
        for word in words:
            resources = resources.search(word)
        params = urlencode({"q": q})
        groups = [
            ("careers", "Careers", "career", careers, f"{reverse('careers:list')}?{params}"),
            ("schools", "Schools", "school", schools, f"{reverse('schools:finder')}?{params}"),
            ("resources", "Resources", "resource", resources, f"{reverse('resources:list')}?{params}"),
        ]
        context["groups"] = [
            {
                "id": key,
                "label": label,
                "singular": singular,
                "count": queryset.count(),
                "items": list(queryset[: self.per_group]),
                "url": url,
            }
            for key, label, singular, queryset, url in groups
        ]
        context["total"] = sum(group["count"] for group in context["groups"])
        return context
