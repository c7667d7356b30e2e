"""A school as JSON: one entry for the finder's list (/api/schools/, in `careerguide.listings`) and
the detail /api/schools/<slug>/, with one error body (`json_error`)."""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from careerguide.core.formats import miles
from careerguide.core.http import json_error
from careerguide.core.http_caching import same_for_every_visitor

from .figures import api_figures
from .models import School
from .selectors import public_credit, school_with_sources
from .vocabulary import INCOME_BANDS, PREDOMINANT_DEGREE_SLUGS, SCHOOL_TYPE_SLUGS


def number(value):
    """Rates and coordinates (Decimals) as JSON numbers; None stays null."""
    return None if value is None else float(value)


def school_entry(request, school, home_state="", income_band=None, with_distance=False):
    """A school as the API shows it, in the list and in the detail: its facts and every figure; in
    the finder's list, with `income_band` the net price at that family income (and the band), and
    `with_distance` its miles from the ZIP code asked for."""
    data = {
        "unitid": school.unitid,
        "slug": school.slug,
        "name": school.name,
        "city": school.city,
        "state": school.state,
        "control": SCHOOL_TYPE_SLUGS.get(school.control),
        "predominant_degree": PREDOMINANT_DEGREE_SLUGS.get(school.predominant_degree),
    }
    for figure in api_figures():
        field = income_band.field if income_band is not None and figure.by_income else figure.field
        value = getattr(school, field)
        data[figure.field] = number(value) if figure.kind == "percent" else value
    data["graduation_cohort"] = school.graduation_cohort
    data["website"] = school.website
    data["url"] = request.build_absolute_uri(school.get_absolute_url())
    data["api_url"] = request.build_absolute_uri(reverse("schools:api_detail", kwargs={"slug": school.slug}))
    if home_state:
        data["your_tuition"] = school.your_tuition
    if income_band is not None:
        data["income_band"] = income_band.slug
    if with_distance:
        data["distance_miles"] = float(miles(school.distance_miles))
    return data


def source_data(source):
    if source is None:
        return None
    return {"name": source.name, "edition": source.edition, "label": str(source), "url": source.url or None}


def school_detail_data(request, school):
    """The detail adds what only one school's page reads: every figure of SPEC section 3 (the names
    people use, the cost's parts, the net price by family income, the calculator), sources,
    programs, history."""
    data = school_entry(request, school)
    data.update(
        aliases=[alias.name for alias in school.aliases.all()],
        is_main_campus=school.is_main_campus,
        cost_of_attendance_parts={
            part: getattr(school, part)
            for part in (
                "books_supplies",
                "housing_food_on_campus",
                "other_expenses_on_campus",
                "housing_food_off_campus",
                "other_expenses_off_campus",
            )
        },
        net_price_by_income=[
            {
                "income_min": band.lowest,
                "income_max": band.highest,
                "net_price": getattr(school, band.field),
                "students": getattr(school, band.students_field),
            }
            for band in INCOME_BANDS
        ],
        net_price_calculator=school.net_price_calculator or None,
        zip_code=school.zip_code,
        sat_average=school.sat_average,
        latitude=number(school.latitude),
        longitude=number(school.longitude),
        logo=request.build_absolute_uri(school.logo.url) if school.logo else None,
        figures_changed_at=school.figures_changed_at.isoformat() if school.figures_changed_at else None,
        figures_changed_by=public_credit(school.figures_changed_by) or None,
        sources={
            **{metric: source_data(getattr(school, f"{metric}_source")) for metric in School.METRICS},
            "net_price_by_income": source_data(school.net_price_by_income_source),
        },
        programs=[
            {
                "cip_code": offering.field_id,
                "title": offering.field.title,
                "credential_level": offering.credential_level,
                "credential": offering.get_credential_level_display(),
                "graduates": offering.graduates,
                "median_earnings_5yr": offering.median_earnings_5yr,
            }
            for offering in school.programs.for_school_page()
        ],
    )
    return data


@require_safe
@same_for_every_visitor
def api_school_detail(request, slug):
    school = school_with_sources(slug)
    if school is None:
        return json_error("No school has this address.", 404)
    return JsonResponse(school_detail_data(request, school))
