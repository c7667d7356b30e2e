"""/search/?q=: careers, schools, fields of study and resources on one page, ranked forgivingly."""

from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from careerguide.core.text import clean_query
from resources.models import Resource

from .ranking import ALIAS, ALTERNATE_TITLE, search_everything

PER_GROUP = 10


def result(match, items):
    """A match as the template reads it: the item, the name that matched and its kind."""
    return {"item": items[match.key], "matched": match.text, "kind": match.kind}


def group(key, label, singular, matches, items, url):
    """A result group as the template reads it: the first `PER_GROUP` matches and how many in all."""
    return {
        "id": key,
        "label": label,
        "singular": singular,
        "count": len(matches),
        "items": [result(match, items) for match in matches[:PER_GROUP]],
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
            alias=ALIAS,
        )
        if not q:
            return context
        found = search_everything(q)
        partial = bool(found.best) and found.best[1].missed > 0
        # The lists match every word: when nothing here holds them all, they open on the words the
        # best match holds.
        params = urlencode({"q": found.suggestion if partial and found.suggestion else q})
        groups = [
            group(
                "careers",
                "Careers",
                "career",
                found.matches["careers"],
                found.items["careers"],
                f"{reverse('listings:career_explorer')}?{params}",
            ),
            group(
                "schools",
                "Schools",
                "school",
                found.matches["schools"],
                found.items["schools"],
                f"{reverse('listings:school_finder')}?{params}",
            ),
            group(
                "fields",
                "Fields of study",
                "field of study",
                found.matches["fields"],
                found.items["fields"],
                "",
            ),
        ]
        if found.best:
            best_group, best_match = found.best
            # The best match's group first; the others keep their order, those with none last.
            groups.sort(key=lambda g: (g["id"] != best_group, not g["count"]))
            context["best"] = {"group": best_group, **result(best_match, found.items[best_group])}
        groups.append(resource_group(q, urlencode({"q": q})))
        context.update(
            groups=groups, total=sum(g["count"] for g in groups), suggestion=found.suggestion, partial=partial
        )
        return context
