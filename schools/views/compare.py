"""The comparison /schools/compare/?school=…: 1–10 schools side by side, with charts and a share link."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from careerguide.core.cache import cached_page

from .. import shortlist
from ..charts import bar_chart
from ..figures import chart_figures, figure_of
from ..forms import ComparisonContextForm
from ..selectors import chart_rows, compare_rows, compare_schools, program_earnings_row, shortlist_tray
from ..vocabulary import INCOME_BANDS, STATE_NAMES, US_STATES, income_band

COMPARE_MAX = shortlist.LIMIT
# Slugs read from a compare link at most: enough to say "more than 10", bounded work.
COMPARE_READ_MAX = 50


def compare_charts(schools):
    """A bar chart of each figure the registry charts, scaled to its `chart_max` (or the largest value)."""
    return [
        bar_chart(
            f"chart-{charted.sort_key.replace('_', '-')}",
            charted.label,
            chart_rows(schools, charted),
            scale_max=None if charted.chart_max == "largest" else charted.chart_max,
        )
        for charted in chart_figures()
    ]


def chosen_schools(request, home_state, near, notices):
    """The schools the link names that exist, in its order, at most COMPARE_MAX (one query)."""
    requested = request.GET.getlist("school")[:COMPARE_READ_MAX]
    slugs = shortlist.clean_slugs(requested)
    malformed = [value for value in requested if value.strip() and value.strip() not in slugs]
    found = compare_schools(slugs, home_state, near)
    unknown = [slug for slug in slugs if slug not in found] + malformed
    if unknown:
        notices.append(
            "No school has the address "
            + ", ".join(f"“{slug[:60]}”" for slug in unknown[:5])
            + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            + "; the other schools are shown."
        )
    schools = [found[slug] for slug in slugs if slug in found]
    if len(schools) > COMPARE_MAX or len(request.GET.getlist("school")) > COMPARE_READ_MAX:
        notices.append(
            f"A comparison shows at most {COMPARE_MAX} schools; these are the first {COMPARE_MAX}."
        )
    return schools[:COMPARE_MAX]


@require_safe
@cached_page(("school", *shortlist.COMPARE_CONTEXT))
def compare(request):
    context_form = ComparisonContextForm(request.GET)
    chosen = context_form.chosen()
    # What the links of this page keep: each good value as the URL gave it.
    kept = {name: request.GET[name].strip() for name in chosen}
    if not request.GET.getlist("school") and shortlist.get(request):
        saved = shortlist_tray(request)["saved"]
        if saved:
            return redirect(shortlist.compare_url(saved, kept))

    notices = context_form.notices()
    home_state = chosen.get("home_state", "")
    program, near = chosen.get("program"), chosen.get("near")
    band = income_band(chosen["income"]) if "income" in chosen else None
    schools = chosen_schools(request, home_state, near, notices)
    shown = [school.slug for school in schools]
    removal_urls = {
        school.slug: shortlist.compare_url([slug for slug in shown if slug != school.slug], kept)
        if len(shown) > 1
        else reverse("listings:school_finder")
        for school in schools
    }
    tray = shortlist_tray(request, kept)
    rows = compare_rows(schools, home_state, band, near) if schools else []
    if program and schools:
        earnings_label = figure_of("median_earnings").label
        after = next(i for i, row in enumerate(rows) if row.label == earnings_label) + 1
        rows.insert(after, program_earnings_row(schools, program))
    context = {
        "schools": schools,
        "rows": rows,
        "charts": compare_charts(schools) if schools else [],
        "program": program,
        "notices": notices,
        "home_state": home_state,
        "home_state_name": STATE_NAMES.get(home_state, ""),
        "states": US_STATES,
        "context_form": context_form,
        "income_band": band,
        "income_choices": INCOME_BANDS,
        "near": near,
        "is_shared": bool(shown) and set(shown) != set(tray["saved"]),
        "saved_count": len(tray["saved"]),
        "shown_slugs": shown,
        "removal_urls": removal_urls,
        "share_url": request.build_absolute_uri(shortlist.compare_url(shown, kept)) if shown else "",
        "current_url": request.get_full_path(),
        "tray": tray,
    }
    return TemplateResponse(request, "schools/compare.html", context)
