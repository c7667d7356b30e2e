"""The careers explorer: /careers/ (page), /api/careers/ (JSON) and /careers/export.csv.

All three read `CareerFilterSet` (SPEC section 4; the project's URLconf passes a subclass whose `q`
ranks as the site search does, `careerguide.search.filters.RankedCareerFilterSet`) over `Career.objects.explorer_listing()`. The page
is lenient (bad parameters are named in a message and left out, HTTP 200); JSON and CSV refuse them
with a 400. Each runs a fixed number of queries whatever the number of careers.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from careerguide.core.csv_export import (
    bad_parameter_response,
    csv_pieces,
    csv_response,
    export_params,
    neutralised,
)
from careerguide.core.filters import canonical_query, lenient_filterset
from careerguide.core.fragments import fragment
from careerguide.core.http import json_error
from careerguide.core.pagination import clamp_page
from careerguide.core.templatetags.formats import count_text
from careerguide.core.urls import slug_url_maker

from .filters import EDUCATION_CHOICES, JOB_ZONE_CHOICES, SORT_LABELS, CareerFilterSet
from .models import ENTRY_EDUCATION_SLUG, AlternateTitle, Career

PER_PAGE_CHOICES = (10, 25, 50, 100)
ALSO_CALLED_MAX = 3
CSV_COLUMNS = (
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
# The listing's values behind each CSV row, in `csv_row`'s order: the entry education gives both
# education columns (its slug and its label).
CSV_VALUES = tuple(
    {"education": "entry_education"}.get(name, name) for name in CSV_COLUMNS if name != "education_label"
)
CSV_BATCH = 500


def sort_options(with_words):
    options = [("", "Best match")] if with_words else []
    for key, label in SORT_LABELS.items():
        if key == "title":
            options += [("title", "Title (A–Z)"), ("-title", "Title (Z–A)")]
        else:
            options += [(f"-{key}", f"{label} (high to low)"), (key, f"{label} (low to high)")]
    return options


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


def also_called(career):
    occupation = career.occupation
    matched = getattr(occupation, "matched_titles", []) if occupation else []
    titles = [t.title for t in matched if t.title.lower() != career.title.lower()]
    return titles[:ALSO_CALLED_MAX]


def data_sources(careers):
    """(wage sources, outlook sources) of the careers shown, each distinct, for the source note."""
    wages, outlooks = {}, {}
    for career in careers:
        occupation = career.occupation
        if occupation is None:
            continue
        if occupation.wage_source is not None:
            wages[occupation.wage_source.pk] = str(occupation.wage_source)
        if occupation.outlook_source is not None:
            outlooks[occupation.outlook_source.pk] = str(occupation.outlook_source)
    return sorted(wages.values()), sorted(outlooks.values())


@require_safe
def career_explorer(request, filterset_class=CareerFilterSet):
    applied, submitted = lenient_filterset(
        request.GET, Career.objects.explorer_listing(), request, filterset_class
    )
    careers = applied.qs
    words = (applied.cleaned.get("q") or "").split()
    if words:
        careers = with_alternate_titles(careers, words)
    paginator = Paginator(careers, applied.page_size)
    number, page_notice = clamp_page(request.GET.get("page", "") or "1", paginator)
    page = paginator.page(number)
    cards = list(page.object_list)
    for career in cards:
        career.also_called = also_called(career)
        career.education_slug = ENTRY_EDUCATION_SLUG.get(career.entry_education or "")

    def page_url(n):
        return "?" + canonical_query(applied.data, page=n if n > 1 else None)

    notices = [f"{label}: {message}" for _, label, message in submitted.error_list()]
    if page_notice:
        notices.append(page_notice)
    count = paginator.count
    q = applied.cleaned.get("q") or ""
    page_title = f"Careers matching “{q}”" if q else "Careers"
    if page.number > 1:
        page_title += f", page {page.number}"
    form = submitted.form
    options = sort_options(bool(q))
    wage_sources, outlook_sources = data_sources(cards)
    chips = applied.chips()
    cards_html = fragment(
        "careers/explorer_cards.html",
        {
            "careers": cards,
            "q": q,
            "has_chips": bool(chips),
            "career_url": slug_url_maker("careers:detail"),
            "search_url": reverse("search"),
        },
    )
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
        "cards_html": cards_html,
        "page_obj": page,
        "result_count": count,
        "result_count_text": count_text(count),
        "errors": submitted.error_list(),
        "notices": notices,
        "chips": chips,
        "education_choices": EDUCATION_CHOICES,
        "chosen_education": set(form["education"].value() or ()),
        "job_zone_choices": JOB_ZONE_CHOICES,
        "chosen_job_zones": set(form["job_zone"].value() or ()),
        "sort_key": applied.sort_key,
        "sort_options": options,
        "sort_label": dict(options).get(applied.sort_key, ""),
        "per_page": applied.page_size,
        "per_page_choices": PER_PAGE_CHOICES,
        "page_links": {
            "previous": page_url(page.previous_page_number()) if page.has_previous() else "",
            "next": page_url(page.next_page_number()) if page.has_next() else "",
            "first": page_url(1) if page.number > 2 else "",
            "last": page_url(paginator.num_pages) if page.number < paginator.num_pages - 1 else "",
        },
        "csv_url": f"{reverse('careers:export_csv')}?{canonical_query(applied.data, page=None, per_page=None)}",
        "api_url": f"{reverse('careers_api:list')}?{canonical_query(applied.data, page=None)}",
        "wage_sources": wage_sources,
        "outlook_sources": outlook_sources,
    }
    context["filter_fields"] = fragment("careers/explorer_filter_fields.html", context)
    return TemplateResponse(request, "careers/career_list.html", context)


# --- JSON -------------------------------------------------------------------------------------


def as_float(value):
    return None if value is None else float(value)


def career_json(career, page_url, api_url):
    return {
        "slug": career.slug,
        "title": career.title,
        "soc_code": career.soc_code,
        "onet_code": career.onet_code,
        "median_wage": career.median_wage,
        "median_wage_top_coded": bool(career.median_wage_top_coded),
        "growth_percent": as_float(career.growth_percent),
        "openings": career.openings,
        "employment": career.employment,
        "education": ENTRY_EDUCATION_SLUG.get(career.entry_education or ""),
        "education_label": career.entry_education or None,
        "job_zone": career.job_zone,
        "url": page_url(career.slug),
        "api_url": api_url(career.slug),
    }


@require_safe
def api_career_list(request, filterset_class=CareerFilterSet):
    filterset = filterset_class(request.GET, queryset=Career.objects.explorer_listing(), request=request)
    if not filterset.is_valid():
        return json_error(filterset.error_text())
    paginator = Paginator(filterset.qs, filterset.page_size)
    number, notice = clamp_page(request.GET.get("page", "") or "1", paginator)
    if notice:
        return json_error(f"page: {notice.split(';')[0]}.")
    page = paginator.page(number)
    page_url = slug_url_maker("careers:detail", request)
    api_url = slug_url_maker("careers_api:detail", request)

    def link(n):
        return request.build_absolute_uri(f"{request.path}?{canonical_query(filterset.data, page=n)}")

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [career_json(career, page_url, api_url) for career in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


# --- CSV --------------------------------------------------------------------------------------


def csv_row(row):
    slug, title, soc, onet, wage, top_coded, growth, openings, employment, education, zone = row
    return (
        neutralised(slug),
        neutralised(title),
        soc,
        onet,
        wage,
        "" if wage is None else ("yes" if top_coded else "no"),
        None if growth is None else f"{growth:f}",
        openings,
        employment,
        ENTRY_EDUCATION_SLUG.get(education or "", ""),
        neutralised(education),
        zone,
    )


@require_safe
def export_csv(request, filterset_class=CareerFilterSet):
    params = export_params(request)  # every matching career, not one page
    filterset = filterset_class(params, queryset=Career.objects.explorer_listing(), request=request)
    if not filterset.is_valid():
        return bad_parameter_response(filterset)
    rows = filterset.qs.values_list(*CSV_VALUES).iterator(chunk_size=2000)
    return csv_response("careers.csv", csv_pieces(CSV_COLUMNS, rows, csv_row, CSV_BATCH))
