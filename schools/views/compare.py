"""The comparison /schools/compare/?school=…: 1–10 schools side by side, with charts and a share link."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from careerguide.core.cache import cached_page

from .. import shortlist
from ..charts import bar_chart
from ..figures import chart_figures, figure_of
from ..models import FieldOfStudy
from ..selectors import chart_rows, compare_rows, compare_schools, program_earnings_row, shortlist_tray
from ..vocabulary import CIP_CODE_RE, STATE_NAMES, US_STATES

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


def chosen_home_state(request, notices):
    home_state = request.GET.get("home_state", "")
    if home_state and home_state not in STATE_NAMES:
        notices.append(
            f"“{home_state[:20]}” is not a US state or territory code; choose your home state below."
        )
        return ""
    return home_state


def chosen_program(request, notices):
    code = request.GET.get("program", "").strip()
    program = FieldOfStudy.objects.filter(code=code).first() if CIP_CODE_RE.match(code) else None
    if code and program is None:
        notices.append(f"No program has the CIP code “{code[:20]}”; its earnings are not shown.")
    return program


def chosen_schools(request, home_state, notices):
    """The schools the link names that exist, in its order, at most COMPARE_MAX (one query)."""
    requested = request.GET.getlist("school")[:COMPARE_READ_MAX]
    slugs = shortlist.clean_slugs(requested)
    malformed = [value for value in requested if value.strip() and value.strip() not in slugs]
    found = compare_schools(slugs, home_state)
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
@cached_page(("school", "home_state", "program"))
def compare(request):
    if not request.GET.getlist("school") and shortlist.get(request):
        saved = shortlist_tray(request)["saved"]
        if saved:
            return redirect(
                shortlist.compare_url(
                    saved, request.GET.get("home_state", ""), request.GET.get("program", "")
                )
            )

    notices = []
    home_state = chosen_home_state(request, notices)
    program = chosen_program(request, notices)
    schools = chosen_schools(request, home_state, notices)
    shown = [school.slug for school in schools]
    code = program.code if program else ""
    removal_urls = {
        school.slug: shortlist.compare_url([slug for slug in shown if slug != school.slug], home_state, code)
        if len(shown) > 1
        else reverse("listings:school_finder")
        for school in schools
    }
    tray = shortlist_tray(request, home_state, code)
    rows = compare_rows(schools, home_state) if schools else []
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
        "is_shared": bool(shown) and set(shown) != set(tray["saved"]),
        "saved_count": len(tray["saved"]),
        "shown_slugs": shown,
        "removal_urls": removal_urls,
        "share_url": request.build_absolute_uri(shortlist.compare_url(shown, home_state, code))
        if shown
        else "",
        "current_url": request.get_full_path(),
        "tray": tray,
    }
    return TemplateResponse(request, "schools/compare.html", context)
