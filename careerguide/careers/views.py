"""Careers' HTML views: home, careers list, career page. Each reads through the read layer
(`selectors`, `pages`); the career API detail is in `api`, search, robots, sitemaps and health at the
project level (`careerguide.search`, `careerguide.site`, `careerguide.sitemaps`)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from careerguide.core.http import json_error
from careerguide.core.pagination import ForgivingPaginationMixin
from careerguide.core.text import clean_query

from . import facts, home, jsonld, pages
from .models import AlternateTitle, Career


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | home.home_context()


# --- Careers list (the careers explorer's; kept as it was) ------------------------------------


class CareerListView(ForgivingPaginationMixin, ListView):
    template_name = "careers/career_list.html"
    context_object_name = "careers"
    paginate_by = 30

    def get_queryset(self):
        careers = Career.objects.select_related("occupation", "occupation__wage_source")
        self.query = clean_query(self.request)
        if not self.query:
            return careers
        words = self.query.split()
        matching = Q()
        for word in words[:10]:
            matching &= Q(title__icontains=word)
        return careers.search(self.query).prefetch_related(
            Prefetch(
                "occupation__alternate_titles",
                queryset=AlternateTitle.objects.filter(matching).order_by("title"),
                to_attr="matched_titles",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.query
        page = context["page_obj"]
        context["q"] = q
        for career in context["careers"]:
            matched = getattr(career.occupation, "matched_titles", []) if career.occupation else []
            career.also_called = [t.title for t in matched if t.title.lower() != career.title.lower()][:3]
        context["page_title"] = f"Careers matching “{q}”" if q else "Careers"
        if page.number > 1:
            context["page_title"] += f", page {page.number}"
        context["meta_description"] = (
            f"Careers matching “{q}”: salaries, education, duties and the schools that lead there."
            if q
            else "Every career in Careerguide, from O*NET occupations: salary, education, duties, "
            "skills, technologies and the US schools that lead there."
        )
        return context


# --- Career page ---------------------------------------------------------------------------


class CareerDetailView(DetailView):
    template_name = "careers/career_detail.html"
    context_object_name = "career"

    def get_queryset(self):
        return Career.objects.with_page_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        career = self.object
        builder = pages.CareerPage(career)
        sections = builder.sections()
        page = {section["id"].replace("-", "_"): section["data"] for section in sections}
        lead, _earlier = builder.salaries
        context.update(
            facts=facts.quick_facts(career, lead),
            sections=sections,
            page=page,
            page_title=f"{career.title}: Salary, Education, Schools and Skills",
            meta_description=pages.meta_description(career, lead),
            og_type="article",
            jsonld=jsonld.career_jsonld(self.request, career, page, lead, builder.wage_cap),
            a_title=builder.a_title,
        )
        return context


# --- Careers list as JSON (the careers explorer's; kept as it was) ----------------------------


@require_safe
def career_api_list(request):
    """`count`, `next`, `previous`, `results` like the schools API; `q` searches titles."""
    q = clean_query(request)
    careers = Career.objects.select_related("occupation", "occupation__wage_source")
    careers = careers.search(q) if q else careers
    try:
        per_page = int(request.GET.get("per_page", 25))
        number = int(request.GET.get("page", 1))
    except ValueError:
        return json_error("page and per_page must be whole numbers.", 400)
    if not 10 <= per_page <= 100:
        return json_error("per_page must be between 10 and 100.", 400)
    paginator = Paginator(careers, per_page)
    if number < 1 or (number > paginator.num_pages):
        return json_error(f"page must be between 1 and {paginator.num_pages}.", 400)
    page = paginator.page(number)

    def link(n):
        params = request.GET.copy()
        params["page"] = n
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    results = []
    for career in page.object_list:
        o = career.occupation
        results.append(
            {
                "slug": career.slug,
                "title": career.title,
                "url": request.build_absolute_uri(career.get_absolute_url()),
                "api_url": request.build_absolute_uri(reverse("careers_api:detail", args=[career.slug])),
                "occupation_code": o.code if o else None,
                "occupation_title": o.title if o else None,
                "annual_median_wage": career.salary_annual_median
                if career.salary_annual_median is not None
                else (o.annual_median_wage if o else None),
            }
        )
    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": results,
        },
        json_dumps_params={"ensure_ascii": False},
    )
