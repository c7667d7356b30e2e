"""A career as JSON, written from the read layer (not from the HTML page): an entry of the
explorer's list (/api/careers/, in `careerguide.listings`) and the career's own guide (the detail
/api/careers/<slug>/, which `careerguide.pages` completes with the career's resources)."""

from django.urls import reverse

from . import facts, selectors
from .pages import finder_url
from .vocabulary import ENTRY_EDUCATION_SLUG


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


def career_list_entry(request, career):
    """A career of the explorer's listing (`Career.objects.explorer_listing()`) as the list shows it."""
    return {
        "slug": career.slug,
        "title": career.title,
        "soc_code": career.soc_code,
        "onet_code": career.onet_code,
        "median_wage": career.median_wage,
        "median_wage_top_coded": bool(career.median_wage_top_coded),
        "growth_percent": None if career.growth_percent is None else float(career.growth_percent),
        "openings": career.openings,
        "employment": career.employment,
        "education": ENTRY_EDUCATION_SLUG.get(career.entry_education or ""),
        "education_label": career.entry_education or None,
        "job_zone": career.job_zone,
        "url": request.build_absolute_uri(career.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("pages:career_api", kwargs={"slug": career.slug})),
    }


def career_guide(request, career):
    """A career's whole guide, as the detail shows it (less its resources, which sit above careers)."""
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
        "faqs": [row._asdict() for row in lists["faqs"]],
        "related_careers": [
            {"title": item.career.title, "url": absolute(item.url)}
            for item in selectors.related_careers(career)
        ],
    }
