"""/api/careers/<slug>/: one career as JSON, serialized from the read layer (not from the HTML page).

Errors use the API's one error body (`careerguide.core.http.json_error`). The list endpoint
(`/api/careers/`) belongs to the careers explorer.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from careerguide.core.http import json_error

from . import facts, selectors
from .models import Career
from .pages import finder_url


def number(value):
    """JSON numbers: whole figures as int, the rest (rates, hourly wages, percent changes) as float."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def serialize_salary(salary):
    if salary is None:
        return None
    return {
        "annual_median": number(salary.annual),
        "hourly_median": None if salary.hourly is None else float(salary.hourly),
        "annual_top_coded": salary.top_coded,
        "hourly_top_coded": salary.hourly_top_coded,
        "source": salary.source.name,
        "year": salary.year,
    }


def serialize_occupation(occupation):
    o = occupation
    return {
        "code": o.code,
        "soc_code": o.soc_code,
        "title": o.title,
        "description": o.description,
        "job_zone": o.job_zone,
        "typical_entry_education": o.typical_entry_education or None,
        "work_experience": o.work_experience or None,
        "on_the_job_training": o.on_the_job_training or None,
        "alternate_titles": selectors.alternate_titles(o),
        "wages": {
            "p10": o.annual_wage_p10,
            "p25": o.annual_wage_p25,
            "median": o.annual_median_wage,
            "p75": o.annual_wage_p75,
            "p90": o.annual_wage_p90,
            "top_coded": o.annual_wage_top_coded,
            "employment": o.employment,
            "source": facts.source_of(o.wage_source, facts.OEWS_NAME)._asdict(),
        },
    }


def serialize_outlook(occupation):
    projection = facts.outlook(occupation)
    if projection is None or not projection.has_projection:
        return None
    return {
        "employment_base": projection.base,
        "employment_projected": projection.projected,
        "base_year": projection.base_year,
        "projected_year": projection.projected_year,
        "change_percent": number(projection.change),
        "change_words": projection.words or None,
        "annual_openings": projection.openings,
        "source": projection.source._asdict(),
    }


def serialize_best_schools(request, career):
    rows = selectors.best_school_rows(career)
    if not rows:
        return None
    absolute = request.build_absolute_uri
    return {
        "year": career.best_schools_year,
        "method": career.best_schools_method or None,
        "schools_url": absolute(finder_url(career=career.slug)),
        "schools": [
            {
                "rank": row.rank,
                "name": row.school.name,
                "slug": row.school.slug,
                "city": row.school.city,
                "state": row.school.state,
                "url": absolute(row.url),
                # The figures shown: as published with the list, else the school's current one.
                **{name: number(figure.shown) for name, figure in row.figures.items()},
                "current": {
                    name: {
                        "value": number(figure.current),
                        "source": str(figure.current_source) if figure.current_source else None,
                    }
                    for name, figure in row.figures.items()
                },
            }
            for row in rows
        ],
    }


def serialize_career(request, career):
    lists = selectors.editorial_lists(career)
    o = career.occupation
    lead, earlier = facts.salaries(career)
    absolute = request.build_absolute_uri
    return {
        "slug": career.slug,
        "title": career.title,
        "url": absolute(career.get_absolute_url()),
        "reviewed_on": career.reviewed_on.isoformat() if career.reviewed_on else None,
        "occupation": serialize_occupation(o) if o else None,
        "overview": career.overview,
        "importance_points": [row._asdict() for row in lists["importance_points"]],
        "salary": serialize_salary(lead),
        "earlier_salary": serialize_salary(earlier),
        "degree_levels": [
            {
                **level._asdict(),
                "programs": [
                    {
                        "name": program.name,
                        "description": program.description,
                        "cip_code": program.field_id,
                        "schools_url": absolute(finder_url(program=program.field_id))
                        if program.field_id
                        else None,
                    }
                    for program in programs
                ],
            }
            for level, programs in selectors.degree_levels(career)
        ],
        "best_schools": serialize_best_schools(request, career),
        "job_description": career.job_description_points(),
        "duties": [row.statement for row in lists["duties"]],
        "tasks": [{"statement": s, "kind": kind} for s, kind in selectors.task_statements(o)] if o else [],
        "skills": [row._asdict() for row in lists["skills"]],
        "technologies": [row._asdict() for row in lists["technologies"]],
        "occupation_technologies": [row._asdict() for row in selectors.technology_skills(o)] if o else [],
        "job_market": {
            "intro": career.job_market_intro,
            "points": [row._asdict() for row in lists["market_points"]],
            "hotspots": [row._asdict() for row in lists["hotspots"]],
            "industries": [row._asdict() for row in lists["industries"]],
            "closing": career.job_market_closing,
        },
        "outlook": serialize_outlook(o),
        "resources": [
            {
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "title": r.title,
                "author": r.author,
                "description": r.description,
                "url": r.url,
            }
            for r in selectors.resources_in_kind_order(career)
        ],
        "faqs": [row._asdict() for row in lists["faqs"]],
        "related_careers": [
            {"title": item.career.title, "url": absolute(item.url)}
            for item in selectors.related_careers(career)
        ],
    }


@require_safe
def career_api_detail(request, slug):
    try:
        career = Career.objects.with_page_data().get(slug=slug)
    except Career.DoesNotExist:
        return json_error("No career with that slug.", 404)
    return JsonResponse(serialize_career(request, career), json_dumps_params={"ensure_ascii": False})
