import csv
import html
import io
from itertools import islice

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import DecimalField
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DetailView, ListView

from careerguide.careers.models import Career
from careerguide.core.http import json_error
from careerguide.core.pagination import clamp_page
from careerguide.core.templatetags.formats import NOT_REPORTED, count_text, money_text, percent_text

from . import shortlist
from .charts import bar_chart
from .filters import (
    CIP_RE,
    CONTROL_SLUG_OF,
    DEGREE_CHOICES,
    LEVEL_CHOICES,
    MATCH_CHOICES,
    PROGRAM_SORTS,
    SLUG_RE,
    SORT_LABELS,
    STATE_NAMES,
    SchoolFilterSet,
    canonical_query,
    lenient_filterset,
)
from .models import CSV_COLUMNS, CredentialLevel, FieldOfStudy, ProgramOffering, School
from .states import US_STATES

PER_PAGE_CHOICES = (10, 25, 50, 100)
CSV_CHUNK = 2000
COMPARE_MAX = shortlist.LIMIT
# Slugs read from a compare link at most: enough to say "more than 10", bounded work.
COMPARE_READ_MAX = 50

# Finder table columns: (sort key, heading, the attribute shown, format, first click sorts descending)
FINDER_COLUMNS = [
    ("your_tuition", "Your tuition", "your_tuition", "money", False),
    ("tuition_in", "In-state tuition", "tuition_in_state", "money", False),
    ("tuition_out", "Out-of-state tuition", "tuition_out_of_state", "money", False),
    ("admission_rate", "Admission rate", "admission_rate", "percent", False),
    ("graduation_rate", "Graduation rate", "graduation_rate", "percent", True),
    ("enrollment", "Enrollment", "enrollment", "count", False),
    ("earnings", "Median earnings", "median_earnings", "money", True),
    ("net_price", "Net price", "net_price", "money", False),
]
FORMATS = {
    "money": money_text,
    "percent": percent_text,
    "count": count_text,
    "plain": lambda value: None if value is None else str(value),
}


CONTROL_LABEL_OF = dict(School.Control.choices)

# --- Markup repeated on every row -------------------------------------------------------------
# The finder shows up to 100 schools a page, each with a shortlist form. Rendered by the template
# language (an {% include %} a row) they cost most of the page's time, so they are built here, once
# a row, with str.format over values escaped once each (`escape_text`: what Django's escape() does, without
# its per-call lazy-string check); the page templates keep everything else.

escape_text = html.escape
NOT_REPORTED_HTML = f'<span class="not-reported">{NOT_REPORTED}</span>'
SHORTLIST_FORM = (
    '<form method="post" action="{action}" class="shortlist-form" data-shortlist-form data-school-name="{name}">'
    "{csrf}\n"
    '  <input type="hidden" name="school" value="{slug}">\n'
    '  <input type="hidden" name="next" value="{next}">\n'
    "  {button}\n"
    "</form>\n"
)
REMOVE_BUTTON = (
    '<button type="submit" name="action" value="remove" class="button-secondary button-small" data-in-shortlist="1">'
    '<span aria-hidden="true">✓</span> Remove<span class="visually-hidden"> {name} from your shortlist</span></button>'
)
ADD_BUTTON = (
    '<button type="submit" name="action" value="add" class="button-small" data-in-shortlist="0">'
    '<span aria-hidden="true">+</span> {label}<span class="visually-hidden"> {name}: add to your shortlist</span></button>'
)
FINDER_ROW = (
    '<tr>\n  <th scope="row" class="col-name"><a href="{url}">{name}</a>{location}{button}</th>\n'
    "  {cells}\n  <td>{control}</td>\n</tr>\n"
)
NUMBER_CELL = '<td class="num">{}</td>'
NOTE_CELLS = {
    note: '<td class="num">{}<span class="cell-note">' + note + "</span></td>"
    for note in ("in-state", "out-of-state")
}


class ShortlistButtons:
    """The form that adds a school to the shortlist, or removes it, coming back to `next_url`."""

    def __init__(self, request, shortlist_slugs, next_url):
        self.request = request
        self.slugs = shortlist_slugs
        self.next_url = escape_text(next_url)
        self.action = escape_text(reverse("schools:shortlist"))

    @cached_property
    def csrf_input(self):
        # As {% csrf_token %} does: one token for every form of the page, nothing without the middleware.
        token = get_token(self.request)
        return (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape_text(token)}">' if token else ""
        )

    def html(self, slug, name, add_label="Compare"):
        """The form as an HTML string; `name` already escaped."""
        if slug in self.slugs:
            button = REMOVE_BUTTON.format(name=name)
        else:
            button = ADD_BUTTON.format(label=escape_text(add_label), name=name)
        return SHORTLIST_FORM.format(
            action=self.action,
            name=name,
            csrf=self.csrf_input,
            slug=escape_text(slug),
            next=self.next_url,
            button=button,
        )

    def __call__(self, school, add_label="Compare"):
        return mark_safe(
            self.html(school.slug, escape_text(school.name), add_label)
        )  # built from escaped parts


# Each state's <option>, not chosen and chosen: the finder's two state lists and the compare
# page's hold 59 each, more than the rest of the filter form when rendered option by option.
STATE_OPTIONS = {
    code: (
        format_html('<option value="{}">{}</option>', code, name),
        format_html('<option value="{}" selected>{}</option>', code, name),
    )
    for code, name in US_STATES
}


def state_options(chosen):
    """The <option> of every state and territory, with those in `chosen` selected."""
    return mark_safe("".join(STATE_OPTIONS[code][code in chosen] for code, _ in US_STATES))


def slug_url_maker(view_name, request=None):
    """slug → the address of `view_name` for it (absolute with `request`): one reverse() a page
    instead of one a school."""
    sample = reverse(view_name, kwargs={"slug": "-"})
    head, _, tail = (request.build_absolute_uri(sample) if request else sample).rpartition("-")

    def url(slug):
        if SLUG_RE.match(slug):
            return f"{head}{slug}{tail}"
        path = reverse(view_name, kwargs={"slug": slug})
        return request.build_absolute_uri(path) if request else path

    return url


def tray_context(request, home_state="", program=""):
    """The shortlist tray: its schools' names in one query (none when the shortlist is empty)."""
    slugs = shortlist.get(request)
    names = dict(School.objects.by_slugs(slugs).values_list("slug", "name")) if slugs else {}
    items = [(slug, names[slug]) for slug in slugs if slug in names]
    return {
        "shortlist_slugs": {slug for slug, _ in items},
        "tray_items": items,
        "tray_compare_url": (
            shortlist.compare_url([slug for slug, _ in items], home_state, program) if items else ""
        ),
        "shortlist_limit": shortlist.LIMIT,
    }


class SchoolFinderView(ListView):
    template_name = "schools/school_finder.html"
    context_object_name = "schools"
    filterset_class = SchoolFilterSet

    def get(self, request, *args, **kwargs):
        self.filterset, self.submitted = lenient_filterset(
            request.GET, School.objects.listing(), request, filterset_class=self.filterset_class
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filterset.qs

    def get_paginate_by(self, queryset):
        return self.filterset.page_size

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        number, self.page_notice = clamp_page(self.request.GET.get("page", "1") or "1", paginator)
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        home_state = filterset.home_state_code
        sort_key = filterset.sort_key
        query = canonical_query(filterset.data, page=None)
        page = context["page_obj"]

        columns = []
        for key, heading, attribute, kind, descending_first in FINDER_COLUMNS:
            if key == "your_tuition" and not home_state:
                continue
            columns.append(self.column(key, heading, attribute, kind, descending_first, sort_key))
        # Where the shortlist buttons come back to: this page as applied, bad parameters left out.
        current_url = f"{self.request.path}?{canonical_query(filterset.data, page=page.number if page.number > 1 else None)}"
        tray = tray_context(self.request, home_state, self.single_program())
        rows = self.rows(context["schools"], columns, home_state, tray["shortlist_slugs"], current_url)
        notices = [f"{label}: {message}" for _, label, message in self.submitted.error_list()]
        if self.page_notice:
            notices.append(self.page_notice)
        form = self.submitted.form
        context.update(
            form=form,
            state_options=state_options(set(form["state"].value() or ())),
            home_state_options=state_options({form["home_state"].value()}),
            applied=filterset.cleaned,
            errors=self.submitted.error_list(),
            notices=notices,
            chips=filterset.chips(),
            query=query,
            columns=columns,
            name_column=self.column("name", "School", "name", "", False, sort_key),
            rows=rows,
            home_state=home_state,
            home_state_name=STATE_NAMES.get(home_state, ""),
            sort_key=sort_key,
            sort_options=self.sort_options(home_state),
            per_page=filterset.page_size,
            per_page_choices=PER_PAGE_CHOICES,
            result_count=page.paginator.count,
            page_links=self.page_links(page, filterset),
            csv_url=f"{reverse('schools:export_csv')}?{canonical_query(filterset.data, page=None, per_page=None)}",
            api_url=f"{reverse('schools_api:list')}?{query}",
            current_url=current_url,
            **tray,
        )
        context.update(self.program_context(context["schools"], page.paginator.count, rows))
        return context

    # --- Programs, levels and the default order (the finder's matching, SPEC section 4) ---
    def program_context(self, schools, count, rows):
        """The matched programs of each school on the page (one query), what was matched in
        words, the fields of study to choose from for ambiguous words, and the form's choices."""
        filterset, form = self.filterset, self.submitted.form
        programs = filterset.matched_programs([school.pk for school in schools])
        for school in schools:
            school.matched_programs = programs.get(school.pk, [])
        candidates = [
            {
                "text": text,
                "fields": [(field, "?" + self.picked_query(text, field.code)) for field in fields],
            }
            for text, fields in form.fields["program"].candidates.items()
        ]
        return {
            "match_summary": filterset.match_summary(count),
            "program_candidates": candidates,
            "result_rows": list(zip(rows, schools, strict=True)),
            "is_default_sort": filterset.sort_key == filterset.default_sort,
            "default_sort_text": filterset.default_sort_text,
            "level_choices": LEVEL_CHOICES,
            "match_choices": MATCH_CHOICES,
            "degree_choices": DEGREE_CHOICES,
            "chosen_levels": form["level"].value() or [],
            "chosen_degrees": form["degree"].value() or [],
            "chosen_match": form["match"].value() or "exact",
            # Level and match narrow a program or career; alone they change nothing: say so.
            "unused_program_options": not filterset.matched_codes()
            and bool(filterset.cleaned.get("level") or filterset.cleaned.get("match") == "field"),
        }

    def picked_query(self, text, code):
        """This search with the program words `text` replaced by the field they were meant for."""
        query = self.request.GET.copy()
        query.setlist(
            "program", [code if value.strip() == text else value for value in query.getlist("program")]
        )
        return canonical_query(query, page=None)

    def single_program(self):
        """The program the comparison should show earnings for: the finder's, when it has one."""
        programs = self.filterset.cleaned.get("program") or []
        return programs[0].code if len(programs) == 1 else ""

    def rows(self, schools, columns, home_state, shortlist_slugs, current_url):
        """Each school's table row as HTML: its name, figures (or "Not reported") and type."""
        button = ShortlistButtons(self.request, shortlist_slugs, current_url)
        school_url = slug_url_maker("schools:detail")
        figures = [(FORMATS[column["kind"]], column["attribute"], column["key"]) for column in columns]
        rows = []
        for school in schools:
            cells = []
            for text_of, attribute, key in figures:
                value = text_of(getattr(school, attribute))
                if value is None:
                    cells.append(NUMBER_CELL.format(NOT_REPORTED_HTML))
                elif key == "your_tuition":
                    note = "in-state" if school.state == home_state else "out-of-state"
                    cells.append(NOTE_CELLS[note].format(escape_text(value)))
                else:
                    cells.append(NUMBER_CELL.format(escape_text(value)))
            name = escape_text(school.name)
            location = school.location
            control = CONTROL_LABEL_OF.get(school.control, school.control)
            row = FINDER_ROW.format(
                url=escape_text(school_url(school.slug)),
                name=name,
                location=f'<span class="cell-note">{escape_text(location)}</span>' if location else "",
                button=button.html(school.slug, name),
                cells="".join(cells),
                control=NOT_REPORTED_HTML if control is None else escape_text(str(control)),
            )
            rows.append(mark_safe(row))  # every value in it escaped above
        return rows

    def column(self, key, heading, attribute, kind, descending_first, sort_key):
        current = sort_key.lstrip("-") == key
        descending = sort_key.startswith("-")
        target = (key if descending else f"-{key}") if current else f"-{key}" if descending_first else key
        return {
            "key": key,
            "heading": heading,
            "attribute": attribute,
            "kind": kind,
            "aria_sort": ("descending" if descending else "ascending") if current else "",
            "url": "?" + canonical_query(self.filterset.data, sort=target, page=None),
            "next_direction": "descending" if target.startswith("-") else "ascending",
        }

    def sort_options(self, home_state):
        options = []
        for key, label in SORT_LABELS.items():
            if key == "your_tuition" and not home_state:
                continue
            if key in PROGRAM_SORTS and not self.filterset.matched_codes():
                continue
            low, high = ("A–Z", "Z–A") if key == "name" else ("low to high", "high to low")
            options += [(key, f"{label} ({low})"), (f"-{key}", f"{label} ({high})")]
        return options

    def page_links(self, page, filterset):
        def url(number):
            return "?" + canonical_query(filterset.data, page=number if number > 1 else None)

        return {
            "previous": url(page.previous_page_number()) if page.has_previous() else "",
            "next": url(page.next_page_number()) if page.has_next() else "",
            "first": url(1) if page.number > 2 else "",
            "last": url(page.paginator.num_pages) if page.number < page.paginator.num_pages - 1 else "",
        }


# --- The school page -------------------------------------------------------------------------

METRIC_ROWS = [
    ("tuition_in_state", "In-state tuition and fees", "money"),
    ("tuition_out_of_state", "Out-of-state tuition and fees", "money"),
    ("net_price", "Average net price", "money"),
    ("admission_rate", "Admission rate", "percent"),
    ("graduation_rate", "Graduation rate", "percent"),
    ("enrollment", "Total enrollment", "count"),
    ("median_earnings", "Median earnings 10 years after entry", "money"),
    ("sat_average", "SAT average", "plain"),
]


class SchoolDetailView(DetailView):
    template_name = "schools/school_detail.html"
    context_object_name = "school"

    def get_queryset(self):
        return School.objects.with_sources()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school = self.object
        metrics = [
            {
                "label": label,
                "value": FORMATS[kind](getattr(school, name)),
                "source": getattr(school, f"{name}_source"),
            }
            for name, label, kind in METRIC_ROWS
        ]
        programs = list(school.programs.for_school_page())
        careers = (
            Career.objects.filter(occupation__soc_code__in=school.programs.all().career_soc_codes())
            .only("title", "slug")
            .order_by("title")
            if programs
            else []
        )
        tray = tray_context(self.request)
        current_url = self.request.get_full_path()
        context.update(
            metrics=metrics,
            programs=programs,
            careers=list(careers),
            control_label=school.get_control_display() if school.control else None,
            current_url=current_url,
            compare_url=shortlist.compare_url([school.slug]),
            shortlist_button=ShortlistButtons(self.request, tray["shortlist_slugs"], current_url)(school),
            **tray,
        )
        return context


# --- Compare ---------------------------------------------------------------------------------

# (row label, attribute, format, best is "min"/"max"/None, what "best" means)
COMPARE_ROWS = [
    ("Your tuition", "your_tuition", "money", "min", "lowest cost for you"),
    ("In-state tuition", "tuition_in_state", "money", "min", "lowest in-state tuition"),
    ("Out-of-state tuition", "tuition_out_of_state", "money", "min", "lowest out-of-state tuition"),
    ("Admission rate", "admission_rate", "percent", "max", "easiest to get in"),
    ("Graduation rate", "graduation_rate", "percent", "max", "highest graduation rate"),
    ("Enrollment", "enrollment", "count", None, ""),
    ("Median earnings (10 years)", "median_earnings", "money", "max", "highest earnings"),
    ("Average net price", "net_price", "money", "min", "lowest net price"),
]


def compare_rows(schools, home_state):
    rows = []
    for label, attribute, kind, best, meaning in COMPARE_ROWS:
        if attribute == "your_tuition" and not home_state:
            continue
        values = [getattr(school, attribute) for school in schools]
        known = [value for value in values if value is not None]
        best_value = None
        if best and len(known) >= 2 and len(set(known)) > 1:
            best_value = min(known) if best == "min" else max(known)
        cells = [
            {"text": FORMATS[kind](value), "best": value is not None and value == best_value}
            for value in values
        ]
        rows.append({"label": label, "cells": cells, "meaning": meaning, "numeric": True})
    rows.append({"label": "Location", "cells": [{"text": school.location or None} for school in schools]})
    rows.append(
        {
            "label": "Type",
            "cells": [
                {"text": school.get_control_display() if school.control else None} for school in schools
            ],
        }
    )
    return rows


BEST_MARK = (
    ' <span class="best-mark"><span aria-hidden="true">★</span> Best'
    '<span class="visually-hidden">: {}</span></span>'
)


def compare_cells_html(row):
    """A comparison row's cells as HTML: the value (or "Not reported"), ★ Best, a note."""
    best_mark = BEST_MARK.format(escape_text(row.get("meaning", "")))
    numeric = "num" if row.get("numeric") else ""
    cells = []
    for cell in row["cells"]:
        value = cell["text"]
        best = cell.get("best")
        note = cell.get("note")
        cells.append(
            '<td class="{}{}">{}{}{}</td>'.format(
                numeric,
                " best" if best else "",
                NOT_REPORTED_HTML if value is None or value == "" else escape_text(str(value)),
                best_mark if best else "",
                f'<span class="cell-note">{escape_text(str(note))}</span>' if note else "",
            )
        )
    return mark_safe("".join(cells))  # every value escaped above


def compare_charts(schools):
    def rows(attribute, kind):
        return [
            (
                school.name,
                getattr(school, attribute),
                FORMATS[kind](getattr(school, attribute)) or NOT_REPORTED,
            )
            for school in schools
        ]

    return [
        bar_chart("chart-tuition-in", "In-state tuition and fees", rows("tuition_in_state", "money")),
        bar_chart(
            "chart-tuition-out", "Out-of-state tuition and fees", rows("tuition_out_of_state", "money")
        ),
        bar_chart("chart-admission", "Admission rate", rows("admission_rate", "percent"), scale_max=100),
        bar_chart("chart-graduation", "Graduation rate", rows("graduation_rate", "percent"), scale_max=100),
        bar_chart("chart-enrollment", "Total enrollment", rows("enrollment", "count")),
    ]


def program_earnings_row(schools, program):
    """Median earnings 5 years after completing `program` (SPEC's "offers" rule), one query for
    every school: the bachelor's figure where known, else the highest known at any level."""
    offerings = (
        ProgramOffering.objects.of_program(program.code)
        .filter(school__in=[school.pk for school in schools], median_earnings_5yr__isnull=False)
        .values_list("school_id", "credential_level", "median_earnings_5yr")
    )
    chosen = {}
    for school_id, level, earnings in offerings:
        rank = (level == CredentialLevel.BACHELOR, earnings)
        if school_id not in chosen or rank > chosen[school_id][0]:
            chosen[school_id] = (rank, level, earnings)
    values = [chosen[school.pk][2] if school.pk in chosen else None for school in schools]
    known = [value for value in values if value is not None]
    best = max(known) if len(known) >= 2 and len(set(known)) > 1 else None
    cells = []
    for school, value in zip(schools, values, strict=True):
        level = chosen[school.pk][1] if school.pk in chosen else None
        cells.append(
            {
                "text": money_text(value),
                "note": CredentialLevel(level).label if level else "",
                "best": value is not None and value == best,
            }
        )
    return {
        "label": f"Earnings 5 years after {program.title} ({program.code})",
        "cells": cells,
        "meaning": "highest earnings after this program",
        "numeric": True,
    }


@require_safe
def compare(request):
    requested = request.GET.getlist("school")
    saved = shortlist.get(request)
    if not requested and saved:
        return redirect(
            shortlist.compare_url(saved, request.GET.get("home_state", ""), request.GET.get("program", ""))
        )

    notices = []
    home_state = request.GET.get("home_state", "")
    if home_state and home_state not in STATE_NAMES:
        notices.append(
            f"“{home_state[:20]}” is not a US state or territory code; choose your home state below."
        )
        home_state = ""
    program_code = request.GET.get("program", "").strip()
    program = FieldOfStudy.objects.filter(code=program_code).first() if CIP_RE.match(program_code) else None
    if program_code and program is None:
        notices.append(f"No program has the CIP code “{program_code[:20]}”; its earnings are not shown.")

    slugs = shortlist.clean_slugs(requested[:COMPARE_READ_MAX])
    malformed = [
        value for value in requested[:COMPARE_READ_MAX] if value.strip() and value.strip() not in slugs
    ]
    schools_qs = School.objects.listing().by_slugs(slugs)
    if home_state:
        schools_qs = schools_qs.with_your_tuition(home_state)
    found = {school.slug: school for school in schools_qs} if slugs else {}
    unknown = [slug for slug in slugs if slug not in found] + malformed
    if unknown:
        notices.append(
            "No school has the address "
            + ", ".join(f"“{slug[:60]}”" for slug in unknown[:5])
            + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            + "; the other schools are shown."
        )
    schools = [found[slug] for slug in slugs if slug in found]
    if len(schools) > COMPARE_MAX or len(requested) > COMPARE_READ_MAX:
        notices.append(
            f"A comparison shows at most {COMPARE_MAX} schools; these are the first {COMPARE_MAX}."
        )
        schools = schools[:COMPARE_MAX]

    shown = [school.slug for school in schools]
    code = program.code if program else ""
    for school in schools:
        others = [slug for slug in shown if slug != school.slug]
        school.remove_url = (
            shortlist.compare_url(others, home_state, code) if others else reverse("schools:finder")
        )
    tray = tray_context(request, home_state, code)
    current_url = request.get_full_path()
    button = ShortlistButtons(request, tray["shortlist_slugs"], current_url)
    for school in schools:
        if school.slug not in tray["shortlist_slugs"]:
            school.shortlist_button = button(school, add_label="Add to shortlist")
    is_shared = bool(shown) and set(shown) != set(saved)
    rows = compare_rows(schools, home_state) if schools else []
    if program and schools:
        after = next(i for i, row in enumerate(rows) if row["label"].startswith("Median earnings")) + 1
        rows.insert(after, program_earnings_row(schools, program))
    for row in rows:
        row["cells_html"] = compare_cells_html(row)
    context = {
        "schools": schools,
        "rows": rows,
        "program": program,
        "charts": compare_charts(schools) if schools else [],
        "notices": notices,
        "home_state": home_state,
        "home_state_name": STATE_NAMES.get(home_state, ""),
        "state_options": state_options({home_state}),
        "is_shared": is_shared,
        "saved_count": len(saved),
        "shown_slugs": shown,
        "share_url": request.build_absolute_uri(shortlist.compare_url(shown, home_state, code))
        if shown
        else "",
        "current_url": current_url,
        **tray,
    }
    return TemplateResponse(request, "schools/compare.html", context)


# --- Shortlist -------------------------------------------------------------------------------


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def shortlist_update(request):
    action = request.POST.get("action", "")
    slugs = shortlist.clean_slugs(request.POST.getlist("school")[:COMPARE_READ_MAX])
    fallback = reverse("schools:finder")
    level, text = messages.INFO, ""
    if action in ("add", "remove"):
        school = School.objects.by_slugs(slugs[:1]).only("slug", "name").first() if slugs else None
        if school is None:
            level, text = messages.ERROR, "That school could not be found."
        elif action == "add":
            if shortlist.add(request, school.slug):
                count = len(shortlist.get(request))
                level, text = (
                    messages.SUCCESS,
                    f"Added {school.name} to your shortlist ({count} of {shortlist.LIMIT}).",
                )
            else:
                level = messages.WARNING
                text = (
                    f"Your shortlist is full: it holds {shortlist.LIMIT} schools. "
                    f"Remove one before adding {school.name}."
                )
        else:
            shortlist.remove(request, school.slug)
            text = f"Removed {school.name} from your shortlist."
    elif action == "replace":
        known = set(School.objects.by_slugs(slugs).values_list("slug", flat=True)) if slugs else set()
        kept = [slug for slug in slugs if slug in known][: shortlist.LIMIT]
        shortlist.save(request, kept)
        level = messages.SUCCESS
        text = f"Your shortlist now holds the {len(kept)} school{'s' if len(kept) != 1 else ''} of this comparison."
        fallback = shortlist.compare_url(kept) if kept else fallback
    elif action == "clear":
        shortlist.save(request, [])
        text = "Your shortlist is empty."
    else:
        return HttpResponse("Unknown shortlist action.", status=400, content_type="text/plain; charset=utf-8")

    saved = shortlist.get(request)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "ok": level in (messages.SUCCESS, messages.INFO),
                "message": text,
                "count": len(saved),
                "schools": saved,
                "compare_url": shortlist.compare_url(saved) if saved else "",
            },
            status=404 if level == messages.ERROR else 200,
        )
    messages.add_message(request, level, text)
    return HttpResponseRedirect(fallback if action == "replace" else safe_next(request, fallback))


# --- CSV export and JSON API -----------------------------------------------------------------


def error_text(filterset):
    return "\n".join(f"{name}: {message}" for name, _, message in filterset.error_list())


CSV_CONTROL_AT = CSV_COLUMNS.index("control")
# Decimal columns (the rates) written as plain decimals, never in exponent form.
CSV_DECIMALS_AT = tuple(
    index for index, name in enumerate(CSV_COLUMNS) if isinstance(School._meta.get_field(name), DecimalField)
)
CSV_BATCH = 500


def csv_row(row):
    """A csv_rows() tuple as written: control as its slug, decimals in plain form. The csv module
    writes None as an empty field, and numbers and text as they are."""
    row = list(row)
    row[CSV_CONTROL_AT] = CONTROL_SLUG_OF.get(row[CSV_CONTROL_AT], "")
    for index in CSV_DECIMALS_AT:
        if row[index] is not None:
            row[index] = f"{row[index]:f}"
    return row


def csv_lines(rows):
    """The CSV text in pieces of CSV_BATCH rows, each written by one writerows() call."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = iter(rows)
    while True:
        writer.writerows(map(csv_row, islice(rows, CSV_BATCH)))
        piece = buffer.getvalue()
        if not piece:
            return
        yield piece
        buffer.seek(0)
        buffer.truncate()


@require_safe
def export_csv(request, filterset_class=SchoolFilterSet):
    params = request.GET.copy()
    for name in ("page", "per_page"):  # the export is every matching school, not one page
        params.pop(name, None)
    filterset = filterset_class(params, queryset=School.objects.all(), request=request)
    if not filterset.is_valid():
        return HttpResponse(
            "Bad parameter\n" + error_text(filterset) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = filterset.qs.csv_rows().iterator(chunk_size=CSV_CHUNK)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="schools.csv"'
    return response


def rate(value):
    return None if value is None else float(value)


def school_urls(request):
    """(slug → school page, slug → its API entry), absolute addresses."""
    return slug_url_maker("schools:detail", request), slug_url_maker("schools_api:detail", request)


def school_json(request, school, home_state="", urls=None):
    page_url, api_url = urls or school_urls(request)
    data = {
        "unitid": school.unitid,
        "slug": school.slug,
        "name": school.name,
        "city": school.city,
        "state": school.state,
        "control": CONTROL_SLUG_OF.get(school.control),
        "tuition_in_state": school.tuition_in_state,
        "tuition_out_of_state": school.tuition_out_of_state,
        "admission_rate": rate(school.admission_rate),
        "graduation_rate": rate(school.graduation_rate),
        "enrollment": school.enrollment,
        "median_earnings": school.median_earnings,
        "net_price": school.net_price,
        "website": school.website,
        "url": page_url(school.slug),
        "api_url": api_url(school.slug),
    }
    if home_state:
        data["your_tuition"] = school.your_tuition
    return data


@require_safe
def api_school_list(request, filterset_class=SchoolFilterSet):
    filterset = filterset_class(request.GET, queryset=School.objects.listing(), request=request)
    if not filterset.is_valid():
        return json_error("; ".join(f"{name}: {message}" for name, _, message in filterset.error_list()))
    paginator = Paginator(filterset.qs, filterset.page_size)
    raw_page = request.GET.get("page", "") or "1"
    number, notice = clamp_page(raw_page, paginator)
    if notice:
        return json_error(f"page: {notice.split(';')[0]}.")
    page = paginator.page(number)
    home_state = filterset.home_state_code
    urls = school_urls(request)

    def page_url(n):
        return request.build_absolute_uri(f"{request.path}?{canonical_query(filterset.data, page=n)}")

    return JsonResponse(
        {
            "count": paginator.count,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [school_json(request, school, home_state, urls) for school in page.object_list],
        }
    )


@require_safe
def api_school_detail(request, slug):
    school = School.objects.with_sources().filter(slug=slug).first()
    if school is None:
        return json_error("No school has this address.", 404)
    data = school_json(request, school)
    data.update(
        zip_code=school.zip_code,
        sat_average=school.sat_average,
        latitude=rate(school.latitude),
        longitude=rate(school.longitude),
        logo=request.build_absolute_uri(school.logo.url) if school.logo else None,
        figures_changed_at=school.figures_changed_at.isoformat() if school.figures_changed_at else None,
        figures_changed_by=school.figures_changed_by or None,
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
    return JsonResponse(data)
