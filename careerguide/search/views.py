"""/search/?q=: careers, schools, fields of study and resources on one page, ranked forgivingly."""

from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from careerguide.core.text import clean_query
from resources.models import Resource

from .matching import suggestion
from .ranking import ALTERNATE_TITLE, career_matches, indexes

PER_GROUP = 10


def group(key, label, singular, matches, items, url):
    """A result group as the template reads it: the first `PER_GROUP` matches and how many in all."""
    shown = [
        {"item": items[match.key], "matched": match.text, "kind": match.kind} for match in matches[:PER_GROUP]
    ]
    return {
        "id": key,
        "label": label,
        "singular": singular,
        "count": len(matches),
        "items": shown,
        "url": url,
    }


def resource_group(q, params):
    """Resources: few enough to search in the database, every word in title, author or description."""
    resources = Resource.objects.all()
    for word in q.split()[:10]:
        resources = resources.search(word)
    count = resources.count()
    return {
        "id": "resources",
        "label": "Resources",
        "singular": "resource",
        "count": count,
        "items": [{"item": resource} for resource in resources[:PER_GROUP]] if count else [],
        "url": f"{reverse('resources:list')}?{params}",
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
        )
        if not q:
            return context
        built = indexes()
        params = urlencode({"q": q})
        schools, fields, careers = built["schools"], built["fields"], built["career_titles"]
        groups = [
            group(
                "careers",
                "Careers",
                "career",
                career_matches(built, q),
                careers.items,
                f"{reverse('listings:career_explorer')}?{params}",
            ),
            group(
                "schools",
                "Schools",
                "school",
                schools.names.search(q),
                schools.items,
                f"{reverse('listings:school_finder')}?{params}",
            ),
            group("fields", "Fields of study", "field of study", fields.names.search(q), fields.items, ""),
            resource_group(q, params),
        ]
        total = sum(g["count"] for g in groups)
        context.update(groups=groups, total=total)
        if not total:
            context["suggestion"] = suggestion([b.names for b in built.values()], q)
        return context
