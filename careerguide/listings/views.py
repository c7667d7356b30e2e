"""The listings' views: the school finder and the careers explorer, each as an HTML page, a CSV
download of every match and a JSON list. Each reads its FilterSet, a page of its queryset and the
selectors; presenters turn them into what the template places."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from careerguide.careers.api import career_list_entry
from careerguide.careers.models import AlternateTitle, Career
from careerguide.careers.vocabulary import ENTRY_EDUCATION, ENTRY_EDUCATION_SLUG, JOB_ZONE_CHOICES
from careerguide.core.cache import cached_page
from careerguide.core.csv_export import bad_parameter_response, csv_response, export_params, neutralised
from careerguide.core.formats import miles
from careerguide.core.http import json_error
from careerguide.core.http_caching import same_for_every_visitor
from careerguide.core.pagination import clamp_page
from schools import figures
from schools.api import school_entry
from schools.maps import school_map
from schools.models import School, csv_columns
from schools.selectors import shortlist_tray
from schools.vocabulary import (
    CREDENTIAL_LEVEL_BY_SLUG,
    INCOME_BANDS,
    SCHOOL_KIND_CHOICES,
    SCHOOL_TYPE_SLUGS,
    STATE_NAMES,
    US_STATES,
    WITHIN_CHOICES,
    WITHIN_DEFAULT,
)

from . import presenters, selectors
from .filters import CareerExplorerFilterSet, SchoolFinderFilterSet
from .forms import canonical_query, lenient


def paginated(queryset, page_size, requested):
    """(the page of `queryset` to show, a notice when `requested` was not a page there is)."""
    paginator = Paginator(queryset, page_size)
    number, notice = clamp_page(requested or "1", paginator)
    return paginator.page(number), notice


def json_list(request, filterset, entry):
    """A JSON page of the filterset's listing (`count`, `next`, `previous`, `results`), each result
    written by `entry`; a 400 naming what is wrong."""
    if not filterset.is_valid():
        return json_error(filterset.error_text())
    page, notice = paginated(filterset.qs, filterset.page_size, request.GET.get("page", ""))
    if notice:
        return json_error(f"page: {notice.split(';')[0]}.")

    def link(number):
        return request.build_absolute_uri(f"{request.path}?{canonical_query(filterset.data, page=number)}")

    return JsonResponse(
        {
            "count": page.paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [entry(item) for item in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


# --- The school finder ---------------------------------------------------------------------------


@require_safe
@cached_page(SchoolFinderFilterSet.parameters)
def school_finder(request):
    finder, submitted = lenient(SchoolFinderFilterSet, request.GET, School.objects.listing(), request)
    page, page_notice = paginated(finder.qs, finder.page_size, request.GET.get("page", ""))
    schools = list(page.object_list)
    count = page.paginator.count
    home_state = finder.home_state_code
    codes = finder.matched_codes()
    shown = presenters.columns(finder)
    programs = selectors.matched_programs(
        [school.pk for school in schools], codes, finder.credential_levels, finder.match_mode
    )
    field_match_count = (
        selectors.field_match_count(finder)
        if finder.match_mode == "exact" and any(len(code) == 7 for code in codes)
        else None
    )
    form = submitted.form
    query = canonical_query(finder.data, page=None)
    context = {
        "form": form,
        "finder": finder,
        "notices": presenters.notices(submitted, page_notice),
        "errors": submitted.error_list(),
        "chips": presenters.school_chips(finder),
        "result_count": count,
        "page_obj": page,
        "page_links": presenters.page_links(page, finder.data),
        "name_column": presenters.header(finder, "name", "School"),
        "columns": [
            presenters.header(finder, column.key, column.heading, column.featured) for column in shown
        ],
        "rows": presenters.result_rows(finder, schools, shown, programs),
        "programs_shown": presenters.programs_shown(len(schools)),
        # A hundred points would weigh 17 KB: a long page links to the list 50 at a time, mapped.
        "map": school_map(schools) if len(schools) <= presenters.LONG_PAGE else None,
        "long_page": presenters.LONG_PAGE,
        "mapped_pages_url": "?" + canonical_query(finder.data, page=None, per_page=presenters.LONG_PAGE),
        "match_summary": presenters.match_summary(finder, count, field_match_count),
        "programs_used": presenters.programs_used(finder, request.GET),
        "level_links": presenters.level_links(finder, selectors.level_counts(finder)),
        "is_default_sort": not finder.cleaned.get("sort"),
        "default_sort_text": presenters.default_sort_text(finder),
        # Level and match narrow a program or a career; alone they change nothing: say so.
        "unused_program_options": not codes
        and bool(finder.cleaned.get("level") or finder.cleaned.get("match") == "field"),
        "range_figures": figures.range_figures(),
        "income_bands": INCOME_BANDS,
        "within_choices": WITHIN_CHOICES,
        "within_default": WITHIN_DEFAULT,
        "states": US_STATES,
        "chosen_states": set(form["state"].value() or ()),
        "school_types": [(slug, school_type.label) for school_type, slug in SCHOOL_TYPE_SLUGS.items()],
        "home_state": home_state,
        "home_state_name": STATE_NAMES.get(home_state, ""),
        "degree_choices": SCHOOL_KIND_CHOICES,
        "level_choices": [(slug, level.label) for slug, level in CREDENTIAL_LEVEL_BY_SLUG.items()],
        "match_choices": presenters.MATCH_CHOICES,
        "chosen_sort": finder.cleaned.get("sort") or "",
        "sort_options": presenters.school_sort_options(finder),
        "per_page_options": presenters.per_page_options(finder.cleaned.get("per_page")),
        "chosen_per_page": str(finder.cleaned.get("per_page") or ""),
        "csv_url": f"{reverse('listings:school_csv')}?{canonical_query(finder.data, page=None, per_page=None)}",
        "api_url": f"{reverse('listings:school_api')}?{query}",
        # Where the shortlist buttons come back to: this page as applied, bad parameters left out.
        "current_url": f"{request.path}?{canonical_query(finder.data, page=page.number if page.number > 1 else None)}",
        "tray": shortlist_tray(request, finder.comparison_context()),
    }
    return TemplateResponse(request, "listings/school_finder.html", context)


def school_csv_rows(finder):
    """(the CSV's columns, its rows): SPEC section 4's columns, the net price at the family income
    and its band with `income`, the distance last with `near`."""
    columns = list(csv_columns())
    kinds = {name: School._meta.get_field(name).get_internal_type() for name in columns}
    fields = [finder.field_of(column) for column in columns]
    writers = [csv_cell_writer(kinds[column], column) for column in columns]
    band, near = finder.income_band, finder.near_place is not None
    if near:
        fields.append(presenters.DISTANCE)
        writers.append(csv_cell_writer(None, "distance_miles"))
    added = [*(["income_band"] if band else []), *(["distance_miles"] if near else [])]

    def rows():
        for values in finder.qs.values_list(*fields).iterator(chunk_size=2000):
            row = [write(value) for write, value in zip(writers, values, strict=True)]
            if band is not None:
                row.insert(len(columns), band.slug)  # after SPEC's columns, before the distance
            yield row

    return [*columns, *added], rows()


def csv_cell_writer(kind, column):
    """How a column's value is written: the school type as its slug, a yes-or-no as true/false,
    rates as stored ("89.10"), a distance to a tenth of a mile, text a spreadsheet could run
    neutralised; unknown values empty (the csv module writes None so)."""
    if column == "control":
        return lambda value: SCHOOL_TYPE_SLUGS.get(value, "")
    if column == "distance_miles":
        return miles
    if kind == "BooleanField":
        return lambda value: "" if value is None else str(value).lower()
    if kind in ("CharField", "URLField", "SlugField"):
        return neutralised
    return lambda value: value


@require_safe
@same_for_every_visitor
def school_csv(request):
    finder = SchoolFinderFilterSet(export_params(request), queryset=School.objects.all(), request=request)
    if not finder.is_valid():
        return bad_parameter_response(finder)
    columns, rows = school_csv_rows(finder)
    return csv_response("schools.csv", columns, rows)


@require_safe
@same_for_every_visitor
def school_api(request):
    finder = SchoolFinderFilterSet(request.GET, queryset=School.objects.listing(), request=request)
    if not finder.is_valid():
        return json_list(request, finder, None)
    home_state, band, near = finder.home_state_code, finder.income_band, finder.near_place is not None
    return json_list(request, finder, lambda school: school_entry(request, school, home_state, band, near))


# --- The careers explorer ------------------------------------------------------------------------


def with_alternate_titles(careers, words):
    """Careers with `matched_titles` on their occupation: the alternate titles holding every word,
    read in one query for the whole page."""
    matching = Q()
    for word in words[:10]:
        matching &= Q(title__icontains=word)
    return careers.prefetch_related(
        Prefetch(
            "occupation__alternate_titles",
            queryset=AlternateTitle.objects.filter(matching).order_by("title"),
            to_attr="matched_titles",
        )
    )


@require_safe
@cached_page(CareerExplorerFilterSet.parameters)
def career_explorer(request):
    explorer, submitted = lenient(
        CareerExplorerFilterSet, request.GET, Career.objects.explorer_listing(), request
    )
    q = explorer.cleaned.get("q") or ""
    careers = with_alternate_titles(explorer.qs, q.split()) if q else explorer.qs
    page, page_notice = paginated(careers, explorer.page_size, request.GET.get("page", ""))
    cards = list(page.object_list)
    wage_sources, outlook_sources = presenters.data_sources(cards)
    options = presenters.career_sort_options(bool(q))
    form = submitted.form
    count = page.paginator.count
    page_title = f"Careers matching “{q}”" if q else "Careers"
    if page.number > 1:
        page_title += f", page {page.number}"
    context = {
        "page_title": page_title,
        "meta_description": (
            f"Careers matching “{q}”: median pay, typical entry education, projected growth and "
            "openings from BLS and O*NET public data."
            if q
            else "Explore every career by median pay, typical entry education, projected growth, job "
            "openings and job zone, from BLS and O*NET public data."
        ),
        "form": form,
        "q": q,
        "careers": [(career, presenters.also_called(career)) for career in cards],
        "page_obj": page,
        "result_count": count,
        "errors": submitted.error_list(),
        "notices": presenters.notices(submitted, page_notice),
        "chips": presenters.career_chips(explorer),
        "education_choices": list(ENTRY_EDUCATION.items()),
        "chosen_education": set(form["education"].value() or ()),
        "job_zone_choices": JOB_ZONE_CHOICES,
        "chosen_job_zones": set(form["job_zone"].value() or ()),
        "chosen_sort": explorer.cleaned.get("sort") or "",
        "sort_options": options,
        "sort_label": dict(options)[explorer.cleaned["sort"]]
        if explorer.cleaned.get("sort")
        else f"{presenters.career_usual_order(bool(q))} (the usual order)",
        "per_page_options": presenters.per_page_options(explorer.cleaned.get("per_page")),
        "chosen_per_page": str(explorer.cleaned.get("per_page") or ""),
        "page_links": presenters.page_links(page, explorer.data),
        "csv_url": f"{reverse('listings:career_csv')}?{canonical_query(explorer.data, page=None, per_page=None)}",
        "api_url": f"{reverse('listings:career_api')}?{canonical_query(explorer.data, page=None)}",
        "wage_sources": wage_sources,
        "outlook_sources": outlook_sources,
    }
    return TemplateResponse(request, "listings/career_explorer.html", context)


CAREER_CSV_COLUMNS = (
    "slug",
    "title",
    "soc_code",
    "onet_code",
    "median_wage",
    "median_wage_top_coded",
    "growth_percent",
    "openings",
    "employment",
    "education",
    "education_label",
    "job_zone",
)


def career_csv_row(career):
    wage, education = career.median_wage, career.entry_education
    return (
        neutralised(career.slug),
        neutralised(career.title),
        career.soc_code,
        career.onet_code,
        wage,
        "" if wage is None else ("yes" if career.median_wage_top_coded else "no"),
        None if career.growth_percent is None else f"{career.growth_percent:f}",
        career.openings,
        career.employment,
        ENTRY_EDUCATION_SLUG.get(education or "", ""),
        neutralised(education),
        career.job_zone,
    )


@require_safe
@same_for_every_visitor
def career_csv(request):
    explorer = CareerExplorerFilterSet(
        export_params(request), queryset=Career.objects.explorer_listing(), request=request
    )
    if not explorer.is_valid():
        return bad_parameter_response(explorer)
    rows = (career_csv_row(career) for career in explorer.qs.iterator(chunk_size=2000))
    return csv_response("careers.csv", CAREER_CSV_COLUMNS, rows)


@require_safe
@same_for_every_visitor
def career_api(request):
    explorer = CareerExplorerFilterSet(
        request.GET, queryset=Career.objects.explorer_listing(), request=request
    )
    return json_list(request, explorer, lambda career: career_list_entry(request, career))
