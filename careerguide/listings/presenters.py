"""How a listing's state reads on its page: chips of the filters applied, the sentence of what was
matched, the sort choices, the table's columns and rows, the page links. Plain values and text for
the templates to place; no markup, no query."""

from typing import NamedTuple

from django.utils.text import capfirst

from careerguide.careers.vocabulary import ENTRY_EDUCATION
from careerguide.core.formats import miles_text
from schools import figures
from schools.selectors import band_note
from schools.vocabulary import (
    CREDENTIAL_LEVEL_BY_SLUG,
    CREDENTIAL_LEVEL_SHORT,
    CREDENTIAL_LEVEL_SLUGS,
    SCHOOL_KIND_CHOICES,
    SCHOOL_KINDS,
    SCHOOL_TYPE_BY_SLUG,
    STATE_NAMES,
    SchoolType,
)

from .filters import CAREER_RANGES, CAREER_SORTS, PROGRAM_SORTS, school_sort_keys
from .forms import PER_PAGE_DEFAULT, canonical_query, show

# --- Both listings -------------------------------------------------------------------------------

PER_PAGE_CHOICES = (10, 25, 50, 100)
# The "Sort by" select's first option, the product's order: chosen by default and never sent.
USUAL_ORDER = "Usual order"


def page_links(page, data):
    """{first, previous, next, last}: the addresses of the pages around `page` ("" when none)."""

    def url(number):
        return "?" + canonical_query(data, page=number if number > 1 else None)

    last = page.paginator.num_pages
    return {
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
        "first": url(1) if page.number > 2 else "",
        "last": url(last) if page.number < last - 1 else "",
    }


def notices(submitted, page_notice):
    """What the page must say it could not use: each bad parameter, and a page out of range."""
    found = [f"{label}: {message}" for _, label, message in submitted.error_list()]
    return [*found, page_notice] if page_notice else found


def range_chips(data, without, ranges):
    chips = []
    for low, high, what, kind in ranges:
        if low and data.get(low) is not None:
            chips.append((f"{capfirst(what)} ≥ {show(data[low], kind)}", without(low)))
        if data.get(high) is not None:
            chips.append((f"{capfirst(what)} ≤ {show(data[high], kind)}", without(high)))
    return chips


# --- The school finder ---------------------------------------------------------------------------

PROGRAM_SORT_LABELS = {
    "program_earnings": "Earnings after the program",
    "program_graduates": "Graduates of the program",
}
DEFAULT_SORT_TEXT = "largest first (total enrollment; schools that do not report it last)"
DEFAULT_PROGRAM_SORT_TEXT = (
    "most graduates first (the College Scorecard's count for the programs' fields at the levels "
    "chosen; schools with no count last)"
)
NEAREST_TEXT = "nearest first (miles from the ZIP code's centre, as the crow flies)"
BEST_MATCH_TEXT = (
    "with the best match for your words first (as the site search ranks names), then largest first"
)
# The usual match, exact, has an empty value: a form sends it only when the visitor changed it.
MATCH_CHOICES = [
    ("", "Exactly the program chosen"),
    ("field", "Any program in its field (the 4-digit CIP series)"),
]
SCHOOL_KIND_LABELS = dict(SCHOOL_KIND_CHOICES)


def default_sort_text(finder):
    if finder.ranks_by_words:
        return BEST_MATCH_TEXT
    if finder.near_place:
        return NEAREST_TEXT
    return DEFAULT_PROGRAM_SORT_TEXT if finder.matched_codes() else DEFAULT_SORT_TEXT


def school_chips(finder):
    """The finder's active filters as (label, query string without it), one per value of a
    repeatable one: places and kinds, figures' bounds, programs and the career."""
    data, without = finder.cleaned, finder.without
    chips = [(f"Name or city: “{data['q']}”", without("q"))] if data.get("q") else []
    chips.extend((f"State: {STATE_NAMES[code]}", without("state", code)) for code in data.get("state") or [])
    chips.extend(
        (f"Type: {SCHOOL_TYPE_BY_SLUG[slug].label}", without("control", slug))
        for slug in data.get("control") or []
    )
    if data.get("home_state"):
        also = ["your_tuition_max"] + (["sort"] if finder.sort_key.lstrip("-") == "your_tuition" else [])
        chips.append((f"Home state: {STATE_NAMES[data['home_state']]}", without("home_state", also=also)))
    chips.extend(
        (f"Kind: {SCHOOL_KIND_LABELS[slug]}", without("degree", slug)) for slug in data.get("degree") or []
    )
    if finder.income_band is not None:
        chips.append((f"Family income: {finder.income_band.label}", without("income")))
    if finder.near_place is not None:
        place = finder.near_place
        also = ["within"] + (["sort"] if finder.sort_key.lstrip("-") == "distance" else [])
        chips.append(
            (
                f"Within {finder.within_miles:,} miles of {place.code} ({place.city}, {place.state})",
                without("near", also=also),
            )
        )
    bounds = [
        (f"{f.sort_key}_min" if f.range_filter == "range" else "", f"{f.sort_key}_max", f.range_name, f.kind)
        for f in figures.range_figures()
    ]
    chips.extend(range_chips(data, without, sorted(bounds, key=lambda bound: bound[0] == "")))
    for asked in data.get("program") or []:
        if asked.worded:
            label = f"Program: “{asked.text}” ({len(asked.fields)} program{'s' if len(asked.fields) != 1 else ''})"
        else:
            label = f"Program: {asked.fields[0].code} {asked.fields[0].title}"
        chips.append((label, without("program", asked.text)))
    chips.extend(
        (f"Level: {CREDENTIAL_LEVEL_BY_SLUG[slug].label}", without("level", slug))
        for slug in data.get("level") or []
    )
    if data.get("match") == "field":
        chips.append(("Match: any program in the field", without("match")))
    if data.get("career") is not None:
        chips.append((f"Career: {data['career'].title}", without("career")))
    return chips


def asked_subject(asked):
    """ "Computer Science (11.0701)", or for words "the 8 programs named “computer science”"."""
    if not asked.worded:
        return f"{asked.fields[0].title} ({asked.fields[0].code})"
    if len(asked.fields) == 1:
        return f"{asked.fields[0].title} ({asked.fields[0].code}, named “{asked.text}”)"
    return f"the {len(asked.fields)} programs named “{asked.text}”"


def match_subject(finder):
    """What the programs are, in words: "Computer Science (11.0701)", "the programs that lead to
    Nurses (12 programs)"; "" without programs or a career."""
    subject = " or ".join(asked_subject(asked) for asked in finder.cleaned.get("program") or ())
    career = finder.cleaned.get("career")
    if career is None:
        return subject
    count = len(finder.career_codes)
    programs = f"{count} program{'s' if count != 1 else ''}" if count else "no programs"
    career_subject = f"the programs that lead to {career.title} ({programs})"
    return f"{subject} and {career_subject}" if subject else career_subject


def match_how(finder):
    codes = finder.matched_codes()
    if finder.match_mode == "field":
        return "any program in the same field (4-digit CIP series)"
    if all(len(code) == 7 for code in codes):
        return "exact program" if len(codes) == 1 else "exact programs"
    if all(len(code) == 5 for code in codes):
        return "every program in the series"
    if all(len(code) == 2 for code in codes):
        return "every program in the family"
    return "exact programs, whole series and families as chosen"


def match_summary(finder, count, field_match_count):
    """What was matched, in words, with how many schools a field match would add (`field_match_count`,
    None where it adds nothing by definition); None without programs or a career."""
    subject = match_subject(finder)
    if not subject:
        return None
    levels = finder.credential_levels
    level_text = (
        " or ".join(CREDENTIAL_LEVEL_SHORT[level] for level in sorted(levels)) if levels else "Any level"
    )
    summary = {
        "what": f"{level_text} in {subject}",
        "how": match_how(finder),
        "count": count,
        "wider_count": None,
        "wider_url": "",
        "narrower_url": "",
    }
    if finder.match_mode == "field":
        summary["narrower_url"] = "?" + canonical_query(finder.data, match=None, page=None)
    elif field_match_count is not None:
        summary["wider_count"] = field_match_count - count
        summary["wider_url"] = "?" + canonical_query(finder.data, match="field", page=None)
    return summary


class LevelCount(NamedTuple):
    label: str
    count: int
    url: str  # the same search at this level alone
    current: bool


def level_links(finder, counts):
    """How many schools the programs or career match at each credential level (`counts`,
    selectors.level_counts), each a link to the search at that level; levels with none left out."""
    chosen = set(finder.credential_levels)
    return [
        LevelCount(
            CREDENTIAL_LEVEL_SHORT[level],
            count,
            "?" + canonical_query(finder.data, level=CREDENTIAL_LEVEL_SLUGS[level], page=None),
            chosen == {level},
        )
        for level, count in counts.items()
        if count
    ]


def programs_used(finder, request_data):
    """For each worded `program`: the words and the 6-digit programs they stand for, each with the
    finder's address with the words replaced by that program's code (narrowing to it)."""

    def narrowed_to(text, code):
        query = request_data.copy()
        query.setlist(
            "program", [code if value.strip() == text else value for value in query.getlist("program")]
        )
        return "?" + canonical_query(query, page=None)

    return [
        {
            "text": asked.text,
            "programs": [(field, narrowed_to(asked.text, field.code)) for field in asked.fields],
        }
        for asked in finder.cleaned.get("program") or ()
        if asked.worded
    ]


def per_page_options(chosen):
    """(value, label) of the page sizes offered, with the one asked for (`chosen`, or None); the
    usual size's value is empty, so that a form sends only what the visitor chose."""
    sizes = sorted({*PER_PAGE_CHOICES, *([chosen] if chosen else [])})
    return [("" if size == PER_PAGE_DEFAULT else str(size), str(size)) for size in sizes]


def school_sort_options(finder):
    """(value, label) of every order the finder offers now: first the usual order (not sent),
    then your tuition with a home state, the programs' figures with a program or a career."""
    if finder.ranks_by_words:
        usual = "best match"
    elif finder.near_place:
        usual = "nearest first"
    elif finder.matched_codes():
        usual = "most graduates first"
    else:
        usual = "largest first"
    options = [("", f"{USUAL_ORDER}: {usual}")]
    by_key = figures.by_sort_key()
    for key in school_sort_keys():
        if key == "your_tuition" and not finder.home_state_code:
            continue
        if key in PROGRAM_SORTS and not finder.matched_codes():
            continue
        if key == "distance":
            if finder.near_place:
                options += [
                    ("distance", "Distance (nearest first)"),
                    ("-distance", "Distance (farthest first)"),
                ]
            continue
        label = "Name" if key == "name" else by_key[key].label if key in by_key else PROGRAM_SORT_LABELS[key]
        low, high = ("A–Z", "Z–A") if key == "name" else ("low to high", "high to low")
        options += [(key, f"{label} ({low})"), (f"-{key}", f"{label} ({high})")]
    return options


def featured_fields(finder):
    """The figures a phone's result card shows: what the student pays, and every figure the
    results are filtered or sorted by (and the distance, with a ZIP code)."""
    data = finder.cleaned
    fields = {"your_tuition"} if finder.home_state_code else {"tuition_in_state", "tuition_out_of_state"}
    for key, figure in figures.by_sort_key().items():
        if data.get(f"{key}_min") is not None or data.get(f"{key}_max") is not None:
            fields.add(figure.field)
    sorted_by = figures.by_sort_key().get(finder.sort_key.lstrip("-"))
    if sorted_by:
        fields.add(sorted_by.field)
    if finder.income_band is not None:
        fields |= {figure.field for figure in figures.FIGURES if figure.by_income}
    if finder.near_place is not None:
        fields.add(DISTANCE)
    return fields


DISTANCE = "distance_miles"


class Column(NamedTuple):
    """A figure column of the results: where each row's value is read, and how it reads."""

    key: str  # its `sort` value
    heading: str
    field: str  # the School field or annotation read
    text: object  # value → text, or None when unknown
    figure: object  # its Figure, or None (the distance)
    featured: bool


def columns(finder):
    """The results' figure columns, as the finder's state shows them: a figure read by family
    income is the chosen band's; with a ZIP code, the distance comes last."""
    featured = featured_fields(finder)
    band = finder.income_band
    found = []
    for figure in figures.finder_figures(finder.home_state_code):
        field = finder.field_of(figure.field)
        heading = figure.label_at(band)
        found.append(Column(figure.sort_key, heading, field, figure.text, figure, figure.field in featured))
    if finder.near_place is not None:
        found.append(Column("distance", "Distance", DISTANCE, miles_text, None, True))
    return found


def header(finder, key, heading, featured=False):
    """A sortable column's header: its link sorts by it (or reverses the order it sorts by now)."""
    sort_key = finder.sort_key
    current = sort_key.lstrip("-") == key
    descending = sort_key.startswith("-")
    figure = figures.by_sort_key().get(key)
    descending_first = figure is not None and figure.high_first
    target = (key if descending else f"-{key}") if current else f"-{key}" if descending_first else key
    return {
        "heading": heading,
        "featured": featured,
        "aria_sort": ("descending" if descending else "ascending") if current else "",
        "url": "?" + canonical_query(finder.data, sort=target, page=None),
        "next_direction": "descending" if target.startswith("-") else "ascending",
    }


class Cell(NamedTuple):
    text: str | None  # None when unknown
    note: str
    label: str
    featured: bool


class ResultRow(NamedTuple):
    school: object
    control: str | None
    kind: str  # "Mostly bachelor's degrees", or "" when unknown
    cells: list
    programs: list  # what the school offers of the programs asked for (selectors.MatchedProgram)


# A row's matched programs: the first few, the rest a link away on the school's page. A page of
# more than LONG_PAGE rows lists none, only how many and at which levels, with the same link: a
# hundred rows of programs would weigh more than SPEC's 150 KB of HTML (section 6).
PROGRAMS_SHOWN = 4
LONG_PAGE = 50


def programs_shown(row_count):
    """How many of its matched programs a row lists, on a page of `row_count` rows."""
    return PROGRAMS_SHOWN if row_count <= LONG_PAGE else 0


def cell_note(finder, school, column, value):
    """What a reader must know beside a cell's value, or ""."""
    figure = column.figure
    if value is None or figure is None:
        return ""
    if figure.open_admission_text and school.open_admission:
        return "open admission"
    home_state = finder.home_state_code
    if figure.needs_home_state:
        return "in-state" if school.state == home_state else "out-of-state"
    if figure.by_income and finder.income_band is not None:
        return band_note(school, finder.income_band, home_state)
    if figure.small_group(school):
        return "small group"
    return "as reported: ask the school" if figure.value_note(value) else ""


def result_rows(finder, schools, shown_columns, programs):
    """Each school of the page as its row reads: name, place, kind, figures and the programs matched
    (`programs`: school id → matched programs)."""
    rows = []
    for school in schools:
        cells = []
        for column in shown_columns:
            value = getattr(school, column.field)
            cells.append(
                Cell(
                    column.text(value),
                    cell_note(finder, school, column, value),
                    column.heading,
                    column.featured,
                )
            )
        control = SchoolType(school.control).label if school.control else None
        kind = SCHOOL_KINDS.get(school.predominant_degree, "")
        rows.append(ResultRow(school, control, kind, cells, programs.get(school.pk, [])))
    return rows


# --- The careers explorer ------------------------------------------------------------------------

CAREER_SORT_LABELS = {
    "title": "Title",
    "wage": "Median pay",
    "growth": "Projected growth",
    "openings": "Openings a year",
    "employment": "Jobs in 2024",
}
ALSO_CALLED_MAX = 3


def career_usual_order(with_words):
    return "best match" if with_words else "title A–Z"


def career_sort_options(with_words):
    options = [("", f"{USUAL_ORDER}: {career_usual_order(with_words)}")]
    for key in CAREER_SORTS:
        label = CAREER_SORT_LABELS[key]
        if key == "title":
            options += [("title", "Title (A–Z)"), ("-title", "Title (Z–A)")]
        else:
            options += [(f"-{key}", f"{label} (high to low)"), (key, f"{label} (low to high)")]
    return options


def career_chips(explorer):
    """The explorer's active filters as (label, query string without it)."""
    data, without = explorer.cleaned, explorer.without
    chips = [(f"Job title: “{data['q']}”", without("q"))] if data.get("q") else []
    chips.extend(
        (f"Education: {ENTRY_EDUCATION[slug]}", without("education", slug))
        for slug in data.get("education") or []
    )
    chips.extend(range_chips(data, without, CAREER_RANGES))
    chips.extend((f"Job zone {zone}", without("job_zone", zone)) for zone in data.get("job_zone") or [])
    return chips


def also_called(career):
    """Up to ALSO_CALLED_MAX of the career's alternate titles that hold the words searched for."""
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
