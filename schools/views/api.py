"""The JSON API /api/schools/ (list) and /api/schools/<slug>/ (detail): one serialization of a
school, one pagination rule (`clamp_page`), one error body (`json_error`)."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from careerguide.core.filters import canonical_query
from careerguide.core.http import json_error
from careerguide.core.pagination import CountedPaginator, clamp_page
from careerguide.core.urls import slug_url_maker

from ..figures import API_FIGURES, DEGREE_SLUGS
from ..filters import CONTROL_SLUG_OF, SchoolFilterSet
from ..models import School
from ..selectors import public_credit, school_with_sources


def number(value):
    """Rates and coordinates (Decimals) as JSON numbers; None stays null."""
    return None if value is None else float(value)


def school_urls(request):
    """(slug → school page, slug → its API entry), absolute addresses."""
    return slug_url_maker("schools:detail", request), slug_url_maker("schools_api:detail", request)


def school_data(school, urls, home_state=""):
    """A school as the API shows it, in the list and in the detail: its facts and every figure."""
    page_url, api_url = urls
    data = {
        "unitid": school.unitid,
        "slug": school.slug,
        "name": school.name,
        "city": school.city,
        "state": school.state,
        "control": CONTROL_SLUG_OF.get(school.control),
        "predominant_degree": DEGREE_SLUGS.get(school.predominant_degree),
    }
    for figure in API_FIGURES:
        value = getattr(school, figure.field)
        data[figure.field] = number(value) if figure.kind == "percent" else value
    data["graduation_cohort"] = school.graduation_cohort
    data["website"] = school.website
    data["url"] = page_url(school.slug)
    data["api_url"] = api_url(school.slug)
    if home_state:
        data["your_tuition"] = school.your_tuition
    return data


def school_detail_data(request, school):
    """The detail adds what only one school's page reads: sources, programs, history."""
    data = school_data(school, school_urls(request))
    data.update(
        zip_code=school.zip_code,
        sat_average=school.sat_average,
        latitude=number(school.latitude),
        longitude=number(school.longitude),
        logo=request.build_absolute_uri(school.logo.url) if school.logo else None,
        figures_changed_at=school.figures_changed_at.isoformat() if school.figures_changed_at else None,
        figures_changed_by=public_credit(school.figures_changed_by) or None,
        sources={
            metric: (
                {
                    "name": source.name,
                    "edition": source.edition,
                    "label": str(source),
                    "url": source.url or None,
                }
                if (source := getattr(school, f"{metric}_source")) is not None
                else None
            )
            for metric in School.METRICS
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
def api_school_list(request, filterset_class=SchoolFilterSet):
    filterset = filterset_class(request.GET, queryset=School.objects.listing(), request=request)
    if not filterset.is_valid():
        return json_error("; ".join(f"{name}: {message}" for name, _, message in filterset.error_list()))
    paginator = CountedPaginator(filterset.qs, filterset.page_size, count=filterset.known_count())
    page_number, notice = clamp_page(request.GET.get("page", "") or "1", paginator)
    if notice:
        return json_error(f"page: {notice.split(';')[0]}.")
    page = paginator.page(page_number)
    home_state = filterset.home_state_code
    urls = school_urls(request)

    def page_url(n):
        return request.build_absolute_uri(f"{request.path}?{canonical_query(filterset.data, page=n)}")

    return JsonResponse(
        {
            "count": paginator.count,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [school_data(school, urls, home_state) for school in page.object_list],
        }
    )


@require_safe
def api_school_detail(request, slug):
    school = school_with_sources(slug)
    if school is None:
        return json_error("No school has this address.", 404)
    return JsonResponse(school_detail_data(request, school))
