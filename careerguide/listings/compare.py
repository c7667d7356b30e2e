"""The comparison /schools/compare/?school=…: 1–10 schools side by side, with charts and a share
link. It keeps the finder's context (schools.shortlist.COMPARE_CONTEXT): the home state (your
tuition), the family income (its net price), a ZIP code (the distance), and a program or a career
(what each school offers of it, as the finder matches it)."""

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from careerguide.careers.models import Career
from careerguide.core.cache import cached_page
from schools import shortlist
from schools.charts import bar_chart
from schools.figures import chart_figures, figure_of
from schools.forms import ZipCodeField
from schools.selectors import chart_rows, compare_rows, compare_schools, shortlist_tray
from schools.vocabulary import INCOME_BANDS, INCOME_MAX, STATE_NAMES, US_STATES, income_band

from .filters import CareerField, ProgramsField, career_codes
from .presenters import asked_subject
from .selectors import compare_program_rows


class ComparisonContextForm(forms.Form):
    """What a comparison keeps of where it was opened from. Each value is read on its own: a bad
    one is left out with its message, the others still apply."""

    home_state = forms.ChoiceField(
        choices=[("", "Not chosen"), *US_STATES],
        required=False,
        error_messages={
            "invalid_choice": "“%(value)s” is not a US state or territory code; choose your home state below."
        },
    )
    program = forms.CharField(required=False, max_length=200)
    career = CareerField(
        queryset=Career.objects.select_related("occupation"),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "No career guide has that address; its programs are not shown."},
    )
    income = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=INCOME_MAX,
        error_messages={
            "invalid": "Write the family income as a whole number of dollars.",
            "min_value": "A family income is $0 or more.",
            "max_value": f"A family income is at most ${INCOME_MAX:,}.",
        },
    )
    near = ZipCodeField(required=False)

    def clean_program(self):
        """The ProgramAsked the value names (a CIP code or words, as in the finder), or None."""
        text = self.cleaned_data["program"].strip()
        if not text:
            return None
        return ProgramsField(required=False).clean([text])[0]

    def chosen(self):
        """{name: value} of the values that are good: bad ones are left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def notices(self):
        self.is_valid()
        return [message for errors in self.errors.values() for message in errors]


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
    """The schools the link names that exist, in its order, at most shortlist.LIMIT (one query)."""
    requested = request.GET.getlist("school")[: shortlist.READ_MAX]
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
    if len(schools) > shortlist.LIMIT or len(request.GET.getlist("school")) > shortlist.READ_MAX:
        notices.append(
            f"A comparison shows at most {shortlist.LIMIT} schools; these are the first {shortlist.LIMIT}."
        )
    return schools[: shortlist.LIMIT]


def program_groups(chosen):
    """(subject in words, CIP codes) of the program and the career the comparison keeps."""
    groups = []
    if "program" in chosen:
        groups.append((asked_subject(chosen["program"]), chosen["program"].codes))
    if "career" in chosen:
        career = chosen["career"]
        groups.append((f"the programs that lead to {career.title}", career_codes(career)))
    return groups


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
    near = chosen.get("near")
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
    if schools:
        after = next(i for i, row in enumerate(rows) if row.label == figure_of("median_earnings").label) + 1
        for subject, codes in reversed(program_groups(chosen)):
            rows[after:after] = compare_program_rows(schools, subject, codes)
    context = {
        "schools": schools,
        "rows": rows,
        "charts": compare_charts(schools) if schools else [],
        "kept": {name: value for name, value in kept.items() if name in ("program", "career")},
        "notices": notices,
        "context_form": context_form,
        "home_state": home_state,
        "home_state_name": STATE_NAMES.get(home_state, ""),
        "states": US_STATES,
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
