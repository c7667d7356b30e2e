"""The school finder /schools/: the FilterSet's listing, one page of it, as a table (cards on phones)."""

from typing import NamedTuple

from django.urls import reverse
from django.views.generic import ListView

from careerguide.core.filters import canonical_query, lenient_filterset
from careerguide.core.fragments import fragment
from careerguide.core.pagination import CountedPaginator, clamp_page
from careerguide.core.templatetags.formats import count_text, money_text
from careerguide.core.urls import slug_url_maker

from ..figures import BY_SORT_KEY, FINDER_FIGURES, KIND_TEXT, shown
from ..filters import (
    DEGREE_CHOICES,
    LEVEL_CHOICES,
    MATCH_CHOICES,
    PROGRAM_SORTS,
    SORT_LABELS,
    STATE_NAMES,
    SchoolFilterSet,
)
from ..models import School
from .common import state_options_html, tray_context

PER_PAGE_CHOICES = (10, 25, 50, 100)
CONTROL_LABEL_OF = dict(School.Control.choices)


def featured_fields(filterset, home_state):
    """The figures a phone's result card shows: what the student pays, and every figure the
    results are filtered or sorted by."""
    data = filterset.cleaned
    fields = {"your_tuition"} if home_state else {"tuition_in_state", "tuition_out_of_state"}
    for key, figure in BY_SORT_KEY.items():
        if data.get(f"{key}_min") is not None or data.get(f"{key}_max") is not None:
            fields.add(figure.field)
    sorted_by = BY_SORT_KEY.get(filterset.sort_key.lstrip("-"))
    if sorted_by:
        fields.add(sorted_by.field)
    return fields


class FinderRow(NamedTuple):
    url: str
    slug: str
    name: str
    location: str
    control: str | None
    kind: str  # "Mostly bachelor's degrees", or "" when unknown
    cells: list  # (text or None, note, label, featured) for each figure column
    programs: list  # the school's programs the finder matched (see `matched_program_rows`)


class MatchedProgram(NamedTuple):
    level: str
    title: str
    code: str
    graduates: str | None  # "1,234 graduates"
    earnings: str | None  # "$61,234"
    series_note: str


def matched_program_rows(programs):
    """A school's matched programs as text for the results fragment."""
    return [
        MatchedProgram(
            program["level"],
            program["title"],
            program["code"],
            None
            if program["graduates"] is None
            else f"{count_text(program['graduates'])} graduate{'' if program['graduates'] == 1 else 's'}",
            money_text(program["earnings"]),
            program["series_note"],
        )
        for program in programs
    ]


def finder_rows(schools, figures, featured, home_state, programs):
    """Each school of the page as text for the results template: name, place, kind, figures and
    the programs matched (`programs`: school id → matched programs)."""
    school_url = slug_url_maker("schools:detail")
    rows = []
    for school in schools:
        cells = []
        for figure in figures:
            value = getattr(school, figure.field)
            text = figure.text(value)
            if text is None:
                note = ""
            elif figure.field == "your_tuition":
                note = "in-state" if school.state == home_state else "out-of-state"
            elif figure.small_group(school):
                note = "small group"
            else:
                note = "as reported: ask the school" if figure.value_note(value) else ""
            cells.append((text, note, figure.label, figure.field in featured))
        rows.append(
            FinderRow(
                school_url(school.slug),
                school.slug,
                school.name,
                school.location,
                CONTROL_LABEL_OF.get(school.control),
                KIND_TEXT.get(school.predominant_degree, ""),
                cells,
                matched_program_rows(programs.get(school.pk, [])),
            )
        )
    return rows


class SchoolFinderView(ListView):
    """`filterset_class` is the FilterSet the finder applies; the project's URLconf passes the
    career-aware one (the careers app's `CareerSchoolFilterSet`, in its finder module), so this app
    knows no career."""

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
        paginator = CountedPaginator(queryset, page_size, count=self.filterset.known_count())
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

        figures = shown(FINDER_FIGURES, home_state)
        featured = featured_fields(filterset, home_state)
        columns = [self.column(figure.sort_key, figure.label, figure.field in featured) for figure in figures]
        # Where the shortlist buttons come back to: this page as applied, bad parameters left out.
        current_url = f"{self.request.path}?{canonical_query(filterset.data, page=page.number if page.number > 1 else None)}"
        tray = tray_context(self.request, home_state, self.single_program())
        notices = [f"{label}: {message}" for _, label, message in self.submitted.error_list()]
        if self.page_notice:
            notices.append(self.page_notice)
        programs = filterset.matched_programs([school.pk for school in context["schools"]])
        rows = finder_rows(context["schools"], figures, featured, home_state, programs)
        rows_html = fragment(
            "schools/finder_rows.html",
            {
                "rows": rows,
                "current_url": current_url,
                "shortlist_action": tray["shortlist_action"],
                "shortlist_slugs": tray["shortlist_slugs"],
                "column_count": len(figures) + 2,
            },
        )
        form = self.submitted.form
        chosen_states = set(form["state"].value() or ())
        context.update(
            form=form,
            state_options=self.state_options(chosen_states),
            home_state_options=self.state_options({form["home_state"].value()}),
            applied=filterset.cleaned,
            errors=self.submitted.error_list(),
            notices=notices,
            chips=filterset.chips(),
            query=query,
            columns=columns,
            name_column=self.column("name", "School", False),
            rows=rows,
            rows_html=rows_html,
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
        context.update(self.program_context(page.paginator.count))
        context["filter_fields"] = fragment("schools/filter_fields.html", context)
        return context

    # --- Programs, levels and the default order (the finder's matching, SPEC section 4) ---
    def program_context(self, count):
        """What was matched in words, the fields of study to choose from for ambiguous words, and
        the form's choices."""
        filterset, form = self.filterset, self.submitted.form
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

    @staticmethod
    def state_options(chosen):
        """The <option>s of every state, `chosen` selected (the filter form places them)."""
        return state_options_html(frozenset(chosen))

    def single_program(self):
        """The program the comparison should show earnings for: the finder's, when it has one."""
        programs = self.filterset.cleaned.get("program") or []
        return programs[0].code if len(programs) == 1 else ""

    def column(self, key, heading, featured):
        sort_key = self.filterset.sort_key
        current = sort_key.lstrip("-") == key
        descending = sort_key.startswith("-")
        figure = BY_SORT_KEY.get(key)
        descending_first = figure is not None and figure.high_first
        target = (key if descending else f"-{key}") if current else f"-{key}" if descending_first else key
        return {
            "key": key,
            "heading": heading,
            "featured": featured,
            "aria_sort": ("descending" if descending else "ascending") if current else "",
            "url": "?" + canonical_query(self.filterset.data, sort=target, page=None),
            "next_direction": "descending" if target.startswith("-") else "ascending",
        }

    def sort_options(self, home_state):
        options = [("", "Best match")] if self.filterset.ranks_by_words else []
        for key, fallback in SORT_LABELS.items():
            if key == "your_tuition" and not home_state:
                continue
            if key in PROGRAM_SORTS and not self.filterset.matched_codes():
                continue
            label = BY_SORT_KEY[key].label if key in BY_SORT_KEY else fallback
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
