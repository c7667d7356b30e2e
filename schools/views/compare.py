"""The comparison /schools/compare/?school=…: 1–10 schools side by side, with charts and a share link."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from careerguide.core.fragments import fragment
from careerguide.core.urls import slug_url_maker

from .. import shortlist
from ..charts import bar_chart
from ..figures import BY_FIELD
from ..filters import CIP_RE, STATE_NAMES
from ..models import FieldOfStudy
from ..selectors import chart_rows, compare_rows, compare_schools, program_earnings_row
from .common import state_options_html, tray_context

COMPARE_MAX = shortlist.LIMIT
# Slugs read from a compare link at most: enough to say "more than 10", bounded work.
COMPARE_READ_MAX = 50
# (chart id, figure, the scale's top: None for the largest value)
CHARTS = [
    ("chart-tuition-in", "tuition_in_state", None),
    ("chart-tuition-out", "tuition_out_of_state", None),
    ("chart-admission", "admission_rate", 100),
    ("chart-graduation", "graduation_rate", 100),
    ("chart-enrollment", "enrollment", None),
]


def compare_charts(schools):
    return [
        bar_chart(chart_id, BY_FIELD[field].label, chart_rows(schools, BY_FIELD[field]), scale_max=top)
        for chart_id, field, top in CHARTS
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
    program = FieldOfStudy.objects.filter(code=code).first() if CIP_RE.match(code) else None
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
def compare(request):
    if not request.GET.getlist("school") and shortlist.get(request):
        tray = tray_context(request)
        if tray["shortlist_saved"]:
            return redirect(
                shortlist.compare_url(
                    tray["shortlist_saved"], request.GET.get("home_state", ""), request.GET.get("program", "")
                )
            )

    notices = []
    home_state = chosen_home_state(request, notices)
    program = chosen_program(request, notices)
    schools = chosen_schools(request, home_state, notices)
    shown = [school.slug for school in schools]
    code = program.code if program else ""
    school_url = slug_url_maker("schools:detail")
    for school in schools:
        school.page_url = school_url(school.slug)
        others = [slug for slug in shown if slug != school.slug]
        school.remove_url = (
            shortlist.compare_url(others, home_state, code) if others else reverse("schools:finder")
        )
    tray = tray_context(request, home_state, code)
    saved = tray["shortlist_saved"]
    rows = compare_rows(schools, home_state) if schools else []
    if program and schools:
        after = next(i for i, row in enumerate(rows) if row.label == BY_FIELD["median_earnings"].label) + 1
        rows.insert(after, program_earnings_row(schools, program))
    current_url = request.get_full_path()
    charts = compare_charts(schools) if schools else []
    table_html = fragment(
        "schools/compare_table.html",
        {
            "schools": schools,
            "rows": rows,
            "current_url": current_url,
            "shortlist_action": tray["shortlist_action"],
            "shortlist_slugs": tray["shortlist_slugs"],
        },
    )
    context = {
        "schools": schools,
        "rows": rows,
        "program": program,
        "table_html": table_html,
        "charts_html": fragment("schools/bar_charts.html", {"charts": charts}),
        "notices": notices,
        "home_state": home_state,
        "home_state_name": STATE_NAMES.get(home_state, ""),
        "state_options": state_options_html(frozenset({home_state})),
        "is_shared": bool(shown) and set(shown) != set(saved),
        "saved_count": len(saved),
        "shown_slugs": shown,
        "share_url": request.build_absolute_uri(shortlist.compare_url(shown, home_state, code))
        if shown
        else "",
        "current_url": current_url,
        **tray,
    }
    return TemplateResponse(request, "schools/compare.html", context)
