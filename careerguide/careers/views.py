"""Careers' HTML views: home and the career page, each read through the read layer (`selectors`,
`pages`). The careers list, its JSON and CSV are the explorer's (`explorer`); the career API detail is
in `api`; search, robots, sitemaps and health sit at the project level (`careerguide.search`,
`careerguide.site`, `careerguide.sitemaps`)."""

from django.views.generic import DetailView, TemplateView

from careerguide.core.fragments import fragment

from . import facts, home, jsonld, pages
from .models import Career


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | home.home_context()


# --- Career page ---------------------------------------------------------------------------


# Sections rendered by Jinja2 (jinja2/careers/sections/): the page's longest tables and lists,
# 2.9 ms of its 6 ms of template time in the Django template language; the resources, 2.4 ms of
# the 8.3 ms left (an include per resource), on a machine three times slower.
HOT_SECTIONS = {"best-schools", "salary", "technologies", "resources"}


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
        for section in sections:
            if section["id"] in HOT_SECTIONS:
                section["html"] = fragment(section["template"], {"data": section["data"], "career": career})
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
