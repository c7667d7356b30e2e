"""The home page, the school page, the career page and the career's JSON: thin views over the
selectors of schools, careers and resources."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from careerguide.careers import facts, jsonld
from careerguide.careers.api import career_guide
from careerguide.careers.models import Career, FormerCareerSlug
from careerguide.careers.pages import CareerPage, meta_description
from careerguide.careers.selectors import (
    careers_by_entry_education,
    careers_linked_from,
    data_editions,
    featured_careers,
    top_careers,
)
from careerguide.core.cache import cached_page, unpublished_changes
from careerguide.core.http import json_error
from careerguide.core.http_caching import same_for_every_visitor
from resources.selectors import career_resources
from schools import shortlist, vocabulary
from schools.figures import GRADUATION_COHORT_LABEL
from schools.jsonld import school_jsonld
from schools.maps import school_map
from schools.models import FormerSchoolSlug, School
from schools.selectors import (
    PROGRAMS_LISTED_MAX,
    program_counts,
    public_credit,
    school_figures,
    school_programs,
    school_with_sources,
    shortlist_tray,
    summary_levels,
    summary_rows,
    what_you_would_pay,
)
from schools.vocabulary import CREDENTIAL_LEVEL_BY_SLUG, PREDOMINANT_DEGREE_LABEL, SchoolType


@require_safe
@cached_page()
def home(request):
    context = {
        "featured_careers": featured_careers(),
        "top_lists": top_careers(),
        "entry_education": careers_by_entry_education(),
        "career_count": Career.objects.count(),
        "income_bands": vocabulary.INCOME_BANDS,
        "within_choices": vocabulary.WITHIN_CHOICES,
        "within_default": vocabulary.WITHIN_DEFAULT,
        "data_editions": data_editions(),
        "page_title": "Explore careers and compare US schools",
        "meta_description": (
            "Explore careers — salary, education, duties, skills — and compare the US schools that "
            "lead to them: cost, admission, graduation, size and earnings from public data."
        ),
    }
    return TemplateResponse(request, "home.html", context)


def moved_or_404(former_slugs, slug, message):
    """A permanent redirect to the page of the record that had `slug` before an editor changed it."""
    record = former_slugs.current(slug)
    if record is None:
        raise Http404(message)
    return redirect(record, permanent=True)


@require_safe
@cached_page()
def school_page(request, slug):
    school = school_with_sources(slug)
    if school is None:
        return moved_or_404(FormerSchoolSlug, slug, "No school has this address.")
    counts = program_counts(school)
    program_count = sum(counts.values())
    # A long list is summarised here, each level listed in full on its own page.
    summarised = program_count > PROGRAMS_LISTED_MAX
    levels = summary_levels(counts)
    rows = summary_rows(counts, levels) if summarised else []
    listed = school_programs(school)[0] if program_count and not summarised else []
    context = {
        "school": school,
        "figures": school_figures(school),
        "costs": what_you_would_pay(school),
        "map": school_map([school]),
        "predominant_degree_label": PREDOMINANT_DEGREE_LABEL,
        "graduation_cohort_label": GRADUATION_COHORT_LABEL,
        "figures_changed_by": public_credit(school.figures_changed_by),
        "levels": listed,
        "program_count": program_count,
        "summary_levels": levels,
        "summary_rows": rows,
        "careers": list(careers_linked_from(school)) if program_count else [],
        "control_label": SchoolType(school.control).label if school.control else None,
        "current_url": request.get_full_path(),
        "compare_url": shortlist.compare_url([school.slug]),
        "tray": shortlist_tray(request),
        "jsonld": school_jsonld(request, school),
    }
    return TemplateResponse(request, "schools/school.html", context)


@require_safe
@cached_page()
def school_programs_page(request, slug, level):
    """One credential level's programs at a school, in full (the school page summarises a long list)."""
    credential_level = CREDENTIAL_LEVEL_BY_SLUG.get(level)
    if credential_level is None:
        raise Http404("No credential level has this name.")
    school = School.objects.filter(slug=slug).first()
    if school is None:
        moved = FormerSchoolSlug.current(slug)
        if moved is None:
            raise Http404("No school has this address.")
        return redirect("pages:school_programs", slug=moved.slug, level=level, permanent=True)
    levels, _ = school_programs(school, credential_level)
    if not levels:
        raise Http404(f"{school.name} lists no program at this level.")
    context = {"school": school, "level": levels[0], "summary_levels": summary_levels(program_counts(school))}
    return TemplateResponse(request, "schools/programs.html", context)


def resources_section(career):
    """The career page's resources section (its data, and the resources app's template for it)."""
    groups = career_resources(career)
    if not groups:
        return None
    return {
        "template": "resources/career_section.html",
        "data": {
            "groups": groups,
            "all_url": f"{reverse('resources:list')}?career={career.slug}",
            "closing": career.resources_closing,
        },
    }


@require_safe
@cached_page()
def career_page(request, slug):
    career = Career.objects.with_page_data().filter(slug=slug).first()
    if career is None:
        return moved_or_404(FormerCareerSlug, slug, "No career has this address.")
    return TemplateResponse(request, "careers/career.html", career_page_context(request, career))


def career_page_context(request, career):
    """Everything the career page shows of `career` (read `with_page_data`)."""
    builder = CareerPage(career, resources=resources_section(career))
    sections = builder.sections()
    page = {section["id"].replace("-", "_"): section["data"] for section in sections}
    lead, _earlier = builder.salaries
    return {
        "career": career,
        "facts": facts.quick_facts(career, lead),
        "sections": sections,
        "page_title": f"{career.title}: Salary, Education, Schools and Skills",
        "meta_description": meta_description(career, lead),
        "og_type": "article",
        "jsonld": jsonld.career_jsonld(request, career, page, lead, builder.wage_cap),
        "a_title": builder.a_title,
    }


@require_POST
def career_preview(request, pk):
    """The career page as the public will see it with the career form's changes (posted from the
    form), before anything is saved or published: the form is saved inside a transaction that is
    then rolled back, and the page is rendered from the same template and context in between."""
    model_admin = admin.site._registry[Career]
    career = Career.objects.filter(pk=pk).first()
    if career is None:
        raise Http404("No career with this id.")
    if not (
        request.user.is_active
        and request.user.is_staff
        and model_admin.has_change_permission(request, career)
    ):
        raise PermissionDenied
    with transaction.atomic(), unpublished_changes():
        errors = model_admin.save_without_publishing(request, career)
        if errors:
            response = TemplateResponse(
                request,
                "admin/careers/career/preview_errors.html",
                {
                    **admin.site.each_context(request),
                    "title": "The preview cannot be shown",
                    "errors": errors,
                },
                using="django",
            )
        else:
            previewed = Career.objects.with_page_data().get(pk=pk)
            context = career_page_context(request, previewed)
            context["preview"] = True
            response = TemplateResponse(request, "careers/career.html", context)
        response.render()  # from the unsaved changes, before they are rolled back
        transaction.set_rollback(True)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@same_for_every_visitor
def career_api_detail(request, slug):
    career = Career.objects.with_page_data().filter(slug=slug).first()
    if career is None:
        return json_error("No career with that slug.", 404)
    guide = career_guide(request, career)
    guide["resources"] = [
        {
            "kind": resource.kind,
            "kind_label": resource.get_kind_display(),
            "title": resource.title,
            "author": resource.author,
            "description": resource.description,
            "url": resource.url,
        }
        for _label, resources in career_resources(career)
        for resource in resources
    ]
    return JsonResponse(guide, json_dumps_params={"ensure_ascii": False})
