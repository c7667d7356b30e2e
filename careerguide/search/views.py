"""/search/?q=: careers, schools, fields of study and resources on one page, ranked forgivingly."""

from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from careerguide.core.text import clean_query
from resources.models import Resource

from .indexes import ALTERNATE_TITLE, CITY, OCCUPATION_TITLE, indexes
from .matching import suggestion

PER_GROUP = 10


def ranked_group(built, key, label, singular, query, url):
    matches = built.names.search(query)
    items = []
    for match in matches[:PER_GROUP]:
        item = built.items[match.key]
        items.append({"item": item, "matched": match.text, "kind": match.kind})
    return {
        "id": key,
        "label": label,
        "singular": singular,
        "count": len(matches),
        "items": items,
        "url": url,
    }


class SearchView(TemplateView):
    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = clean_query(self.request)
        context.update(
            q=q,
            page_title=f"Search: {q}" if q else "Search",
            meta_description=(
                f"Careers, schools, fields of study and resources matching “{q}”."
                if q
                else "Search careers, US schools, fields of study and resources in one place."
            ),
            groups=[],
            alternate_title=ALTERNATE_TITLE,
            occupation_title=OCCUPATION_TITLE,
            city=CITY,
        )
        if not q:
            return context
        built = indexes()
        params = urlencode({"q": q})
        resources = Resource.objects.all()
        for word in q.split()[:10]:
            resources = resources.search(word)
        resource_count = resources.count()
        groups = [
            ranked_group(
                built["careers"], "careers", "Careers", "career", q, f"{reverse('careers:list')}?{params}"
            ),
            ranked_group(
                built["schools"], "schools", "Schools", "school", q, f"{reverse('schools:finder')}?{params}"
            ),
            ranked_group(built["fields"], "fields", "Fields of study", "field of study", q, ""),
            {
                "id": "resources",
                "label": "Resources",
                "singular": "resource",
                "count": resource_count,
                "items": [{"item": r} for r in resources[:PER_GROUP]] if resource_count else [],
                "url": f"{reverse('resources:list')}?{params}",
            },
        ]
        total = sum(group["count"] for group in groups)
        context.update(groups=groups, total=total)
        if not total:
            context["suggestion"] = suggestion([b.names for b in built.values()], q)
        return context
