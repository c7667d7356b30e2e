"""Occupations from O*NET 29.2, wages from BLS OEWS, outlook from BLS Employment Projections, and
a career page for every occupation that lacks one.

O*NET data is replaced as the release gives it (titles, descriptions, alternate titles, tasks,
technology skills, job zones, education levels, related occupations). OEWS and EP rows use the
6-digit SOC code: each applies to every O*NET occupation with that prefix (15-2051 → 15-2051.00
and 15-2051.01). An occupation the BLS files do not cover keeps the figures it has, which still
name the edition they came from.

OEWS prints ``#`` for a wage at or above the top of its survey range ($239,200 a year, $115.00
an hour in May 2024, read from the field descriptions file when present). Such a wage is stored
as that cap — a lower bound — and ``annual_wage_top_coded`` is set when the annual median is one,
so pages can say "$239,200 or more"; a percentile equal to the cap means the same.

Careers are editorial: every occupation gets a page of its own (title from O*NET, unique slug)
unless a career linked to it already carries its title or that slug — an editorial page linked
to it under another name (Machine Learning Engineer → Data Scientists) stays as it is, beside it.
An unlinked page whose slug is the occupation title's is linked instead, and nothing an editor
wrote changes. Pages show the occupation's data (description, tasks, technologies, wages) where
the editors have not written their own.
"""

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from careerguide.careers.models import (
    DEFAULT_ANNUAL_CAP,
    DEFAULT_HOURLY_CAP,
    AlternateTitle,
    Career,
    EducationLevelShare,
    Occupation,
    RelatedOccupation,
    Task,
    TechnologySkill,
)

from .base import Seen, SourceSpec, batch_size, bulk_create, sync_rows
from .guard import Rule, figures_of
from .readers import Column, file_text, parse_decimal, parse_int, parse_soc, text_of
from .versions import changed

ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
CODE_COLUMN = "O*NET-SOC Code"
EDUCATION_ELEMENT = "2.D.1"  # Required Level of Education
EDUCATION_SCALE = "RL"
TAB = {"delimiter": "\t"}


OEWS_URL = "https://www.bls.gov/oes/tables.htm"
EP_URL = "https://www.bls.gov/emp/tables/occupational-projections-and-characteristics.htm"

WAGE_FIELDS = (
    "annual_median_wage",
    "hourly_median_wage",
    "annual_wage_top_coded",
    "annual_wage_p10",
    "annual_wage_p25",
    "annual_wage_p75",
    "annual_wage_p90",
    "employment",
    "wage_source_id",
)
OUTLOOK_FIELDS = (
    "employment_base",
    "employment_projected",
    "employment_change_percent",
    "annual_openings",
    "typical_entry_education",
    "work_experience",
    "on_the_job_training",
    "outlook_source_id",
)
KIND = "occupations"
# Every value of an occupation an import writes (the guard watches each), and the file that gives it.
FIGURE_FILES = {
    "soc_code": "onet_occupations",
    "title": "onet_occupations",
    "description": "onet_occupations",
    "job_zone": "onet_job_zones",
    **{name: "oews" for name in WAGE_FIELDS if name != "wage_source_id"},
    **{name: "ep" for name in OUTLOOK_FIELDS if name != "outlook_source_id"},
}
OCCUPATION_FIGURES = figures_of(Occupation, FIGURE_FILES)
# The optional columns of the files, by the figure each gives.
OPTIONAL_FIGURES = {
    "description": "description",
    "experience": "work_experience",
    "training": "on_the_job_training",
}


def in_order(*values):
    """True when the known values never decrease, None when fewer than two are known."""
    known = [value for value in values if value is not None]
    return None if len(known) < 2 else all(low <= high for low, high in itertools.pairwise(known))


def change_agrees(base, projected, percent):
    """True when the change percent is the change from base to projected (to a point), None when
    a value is unknown or the base is zero."""
    if base is None or projected is None or percent is None or not base:
        return None
    return abs((projected - base) / base * 100 - percent) <= 1


# What swapped columns would break; the guard compares the share of occupations that break each
# with today's.
OCCUPATION_RULES = (
    Rule(
        "wage percentiles out of order (10th, 25th, median, 75th, 90th)",
        ("annual_wage_p10", "annual_wage_p25", "annual_median_wage", "annual_wage_p75", "annual_wage_p90"),
        in_order,
    ),
    Rule(
        "an employment change percent that is not the change from base to projected employment",
        ("employment_base", "employment_projected", "employment_change_percent"),
        change_agrees,
    ),
)
FILE_KINDS = (
    "onet_occupations",
    "onet_alternate_titles",
    "onet_tasks",
    "onet_technology",
    "onet_job_zones",
    "onet_education",
    "onet_related",
    "oews",
    "ep",
)


def oews_source(ref):
    return SourceSpec(
        f"oews-{ref.year}", "BLS Occupational Employment and Wage Statistics", f"May {ref.year}", OEWS_URL
    )


def ep_source(ref):
    start = int(ref.year)
    end = start // 100 * 100 + int(ref.end)
    return SourceSpec(f"ep-{start}", "BLS Employment Projections", f"{start}–{end % 100:02d}", EP_URL)


def parse_onet_code(raw):
    code = raw.strip()
    if not ONET_CODE.match(code):
        raise ValueError("not an O*NET-SOC code such as 15-2051.00")
    return code


def parse_flag(raw):
    value = raw.strip().upper()
    if value not in ("Y", "N"):
        raise ValueError("expected Y or N")
    return value == "Y"


def import_occupations(ctx):
    if not any(ctx.has(kind) for kind in FILE_KINDS):
        return
    report = ctx.report
    report.progress("Occupations")
    report.kind(KIND)
    occupations = {occupation.code: occupation for occupation in Occupation.objects.all()}
    listed = {}  # code → (title, description) from Occupation Data
    if ctx.has("onet_occupations"):
        listed = read_occupation_data(ctx)
    known = set(occupations) | set(listed)
    state = {code: {} for code in known}  # code → field → new value

    for code, (title, description) in listed.items():
        state[code].update(title=title, description=description, soc_code=code[:7])
    if ctx.has("onet_job_zones"):
        read_job_zones(ctx, known, listed, state)
    if ctx.has("oews"):
        read_oews(ctx, known, state)
    if ctx.has("ep"):
        read_projections(ctx, known, state)

    def decided_by(field):
        return ctx.files[FIGURE_FILES[field]].display if ctx.has(FIGURE_FILES[field]) else "the run's files"

    missing = {
        OPTIONAL_FIGURES[key]: column
        for kind in ("onet_occupations", "ep")
        for key, column in ctx.missing.get(kind, {}).items()
    }
    write_occupations(ctx, occupations, known, state, decided_by, missing)
    ids = dict(Occupation.objects.values_list("code", "id"))
    import_onet_lists(ctx, ids)
    create_careers(ctx)


def write_occupations(ctx, occupations, known, state, decided_by, missing=None):
    """Create or update the occupations `known` with `state` (code → field → value): shared by the
    file import and the snapshot load. Before anything is written, the guard compares every value
    before and after (`decided_by(field)` names the file; `missing`: figure → the column lacking)."""
    report = ctx.report

    def guarded(items):
        return {code: tuple(getattr(occupation, name) for name in FIGURE_FILES) for code, occupation in items}

    before = guarded(occupations.items())
    creates, updates, changed_fields = [], [], Counter()
    for code in sorted(known):
        values = state[code]
        occupation = occupations.get(code)
        if occupation is None:
            occupation = Occupation(code=code, **values)
            creates.append(occupation)
            continue
        changed = [field for field, value in values.items() if getattr(occupation, field) != value]
        if not changed:
            report.add(KIND, "unchanged")
            continue
        for field in changed:
            setattr(occupation, field, values[field])
        occupation.updated_at = ctx.now
        changed_fields.update(changed)
        updates.append(occupation)
    ctx.guard.check_table(
        KIND,
        columns=tuple(FIGURE_FILES),
        figures=OCCUPATION_FIGURES,
        before=before,
        after=guarded([*occupations.items(), *((o.code, o) for o in creates)]),
        files=decided_by,
        missing=missing,
        rules=OCCUPATION_RULES,
    )
    bulk_create(Occupation, creates)
    if updates:
        fields = sorted(name.removesuffix("_id") for name in [*changed_fields, "updated_at"])
        Occupation.objects.bulk_update(
            updates, fields, batch_size=batch_size(Occupation, [*fields, "pk", "pk"])
        )
        # Which facts changed, so that (say) an import on top of the snapshot reads as the prose only.
        report.note(
            f"Occupations updated ({len(updates):,}), by field: "
            + ", ".join(f"{name.removesuffix('_id')} {n:,}" for name, n in sorted(changed_fields.items()))
        )
    report.add(KIND, "created", len(creates))
    report.add(KIND, "updated", len(updates))


def unknown_occupation(ctx, kind, display, row, code):
    ctx.report.skip(kind, "O*NET-SOC code not in Occupation Data", f"{display}:{row.line} {code}")


def read_occupation_data(ctx):
    table = ctx.table(
        "onet_occupations",
        columns={"code": CODE_COLUMN, "title": "Title"},
        optional={"description": "Description"},
        **TAB,
    )
    listed = {}
    title = model_text(Occupation, "title")
    seen = Seen(ctx, KIND)

    def handle(row):
        code = row.require("code", parse_onet_code)
        if seen.first(code, row, "code", code):
            listed[code] = (row.require("title", title), row.get("description") or "")

    ctx.each_row(table, KIND, handle)
    return listed


def read_job_zones(ctx, known, listed, state):
    ref = ctx.files["onet_job_zones"]
    table = ctx.table("onet_job_zones", columns={"code": CODE_COLUMN, "zone": "Job Zone"}, **TAB)
    zones = {}

    def handle(row):
        code = row.require("code", parse_onet_code)
        zone = row.require("zone", parse_int, minimum=1, maximum=5)
        if code not in known:
            unknown_occupation(ctx, KIND, ref.display, row, code)
            return
        zones[code] = zone

    ctx.each_row(table, KIND, handle)
    complete = not ctx.report.had_bad_rows(ref.display)
    for code in known:
        if code in zones:
            state[code]["job_zone"] = zones[code]
        elif complete and code in listed:
            state[code]["job_zone"] = None  # the release gives this occupation no job zone


def wage_caps(ctx):
    """The OEWS top-of-range wages, from the field descriptions file when the run has it."""
    if ctx.has("oews_fields"):
        text = file_text(ctx.files["oews_fields"].path)
        match = re.search(r"\$([\d.]+) per hour or \$([\d,]+) per year", text)
        if match:
            return Decimal(match.group(1)), int(match.group(2).replace(",", ""))
    return DEFAULT_HOURLY_CAP, DEFAULT_ANNUAL_CAP


def read_oews(ctx, known, state):
    ref = ctx.files["oews"]
    hourly_cap, annual_cap = wage_caps(ctx)
    table = ctx.table(
        "oews",
        columns={
            "code": "OCC_CODE",
            "group": Column("O_GROUP", r"O_GROUP|OCC_GROUP"),
            "employment": "TOT_EMP",
            "a_median": "A_MEDIAN",
            "h_median": "H_MEDIAN",
            "a_pct10": "A_PCT10",
            "a_pct25": "A_PCT25",
            "a_pct75": "A_PCT75",
            "a_pct90": "A_PCT90",
        },
    )
    source_id = ctx.source(oews_source(ref)).pk
    by_soc = {}

    def annual(row, key):
        if row.raw(key) == "#":
            return annual_cap, True
        return row.get(key, parse_int, minimum=0), False

    def handle(row):
        if (row.get("group") or "").lower() != "detailed":
            ctx.report.skip(
                KIND,
                "OEWS summary row (major, minor, broad or total group)",
                f"{ref.display}:{row.line}",
                counted=False,
            )
            return
        soc = row.require("code", parse_soc)
        median, top_coded = annual(row, "a_median")
        hourly = (
            hourly_cap
            if row.raw("h_median") == "#"
            else row.get("h_median", parse_decimal, places=2, minimum=0)
        )
        by_soc[soc] = {
            "annual_median_wage": median,
            "hourly_median_wage": hourly,
            "annual_wage_top_coded": top_coded,
            "annual_wage_p10": annual(row, "a_pct10")[0],
            "annual_wage_p25": annual(row, "a_pct25")[0],
            "annual_wage_p75": annual(row, "a_pct75")[0],
            "annual_wage_p90": annual(row, "a_pct90")[0],
            "employment": row.get("employment", parse_int, minimum=0),
            "wage_source_id": source_id,
        }

    ctx.each_row(table, KIND, handle)
    attach(ctx, by_soc, known, state, "OEWS wages")


def read_projections(ctx, known, state):
    ref = ctx.files["ep"]
    start = int(ref.year)
    end = start // 100 * 100 + int(ref.end)
    table = ctx.table(
        "ep",
        columns={
            "title": Column("National Employment Matrix title", r".*matrix title"),
            "code": Column("National Employment Matrix code", r".*matrix code"),
            "type": "Occupation type",
            "base": f"Employment, {start}",
            "projected": f"Employment, {end}",
            "change": Column("Employment change, percent", r"employment change, percent.*"),
            "openings": Column("Occupational openings", r"occupational openings.*"),
            "education": Column(
                "Typical education needed for entry", r"typical education needed for entry.*"
            ),
        },
        optional={
            "experience": Column(
                "Work experience in a related occupation", r"work experience in a related occupation.*"
            ),
            "training": Column("Typical on-the-job training", r"typical on-the-job training.*"),
        },
    )
    source_id = ctx.source(ep_source(ref)).pk
    entry_education = model_text(Occupation, "typical_entry_education")
    by_soc = {}

    def handle(row):
        if (row.get("type") or "").lower() != "line item":
            ctx.report.skip(
                KIND, "Employment Projections summary row", f"{ref.display}:{row.line}", counted=False
            )
            return
        soc = row.require("code", parse_soc)
        education = row.get("education", entry_education) or ""
        by_soc[soc] = {
            "employment_base": row.get("base", parse_decimal, places=1, minimum=0),
            "employment_projected": row.get("projected", parse_decimal, places=1, minimum=0),
            "employment_change_percent": row.get("change", parse_decimal, places=1),
            "annual_openings": row.get("openings", parse_decimal, places=1, minimum=0),
            "typical_entry_education": education,
            "work_experience": row.get("experience", text_of(60)) or "",
            "on_the_job_training": row.get("training", text_of(60)) or "",
            "outlook_source_id": source_id,
        }

    ctx.each_row(table, KIND, handle)
    attach(ctx, by_soc, known, state, "Employment Projections")


def attach(ctx, by_soc, known, state, label):
    """Give each O*NET occupation the BLS row of its 6-digit SOC code.

    BLS publishes a few SOC groups only combined, under the group's code ending in 0
    (13-1020 Buyers and Purchasing Agents): those figures go to the group's O*NET occupations
    (13-1021.00, 13-1022.00, 13-1023.00) that have no row of their own, and the run says so."""
    matched = set()
    for code in known:
        values = by_soc.get(code[:7])
        if values is not None:
            state[code].update(values)
            matched.add(code[:7])
    grouped, unmatched = [], []
    for soc in sorted(set(by_soc) - matched):
        members = []
        if soc.endswith("0"):
            members = sorted(code for code in known if code.startswith(soc[:6]) and code[:7] not in by_soc)
        for code in members:
            state[code].update(by_soc[soc])
        if members:
            grouped.append(f"{soc} → {', '.join(members)}")
        else:
            unmatched.append(soc)
    if grouped:
        ctx.report.note(
            f"{label}: published only for a combined SOC group, applied to its O*NET occupations: "
            + "; ".join(grouped)
        )
    if unmatched:
        ctx.report.note(
            f"{label}: {len(unmatched):,} occupations have no O*NET occupation to attach to: "
            + ", ".join(unmatched)
        )


# --- the O*NET lists of an occupation, declared ------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A model field filled from one column of an O*NET file. `parser` turns the text into the
    value (default: one-line text, its length checked against the model field's max_length); an
    absent or unknown value is an error when `required`, else `default`."""

    column: str
    parser: object = None
    required: bool = False
    default: object = None


@dataclass(frozen=True)
class OnetList:
    """One O*NET file of per-occupation rows and the model it fills.

    `key` names the fields that, with the occupation, identify a row (the model's unique
    constraint); a second row with the same key is an error, or a listed skip when the release
    repeats rows harmlessly (`repeat_reason`). `keep(row)` picks the rows of a file that holds
    several lists (the education file). Fields derived from the parsed ones (an education level's
    label) are filled by the run's finisher (see `import_onet_lists`) and checked like the others."""

    file_kind: str
    kind: str
    model: type
    key: tuple
    fields: dict
    repeat_reason: str = ""
    keep: object = None

    def values(self):
        return tuple(name for name in self.fields if name not in self.key) + self.derived()

    def derived(self):
        return tuple(name for name in DERIVED.get(self.kind, ()) if name not in self.fields)


def parse_task_kind(raw):
    kind = TASK_KINDS.get(raw.strip().lower())
    if kind is None:
        raise ValueError(f"unknown task type {raw.strip().lower()!r} (expected Core, Supplemental or n/a)")
    return str(kind)


def parse_category(raw):
    return parse_int(raw, minimum=1, maximum=12)


TASK_KINDS = {"core": Task.Kind.CORE, "supplemental": Task.Kind.SUPPLEMENTAL}
# What an O*NET list stores for "not known", beside empty: a task's unrated type (O*NET's "n/a").
UNKNOWN_VALUES = {"kind": frozenset({None, "", str(Task.Kind.UNRATED)})}
# Fields a list computes rather than reads (see `finish`).
DERIVED = {"education levels": ("label",)}

ONET_LISTS = (
    OnetList(
        "onet_alternate_titles",
        "alternate titles",
        AlternateTitle,
        key=("title",),
        fields={
            "title": Field("Alternate Title", required=True),
            "short_title": Field("Short Title", default=""),
        },
        repeat_reason="the same title twice for one occupation",
    ),
    OnetList(
        "onet_tasks",
        "tasks",
        Task,
        key=("onet_task_id",),
        fields={
            "onet_task_id": Field("Task ID", functools.partial(parse_int, minimum=1), required=True),
            "statement": Field("Task", str.strip, required=True),
            "kind": Field("Task Type", parse_task_kind, default=str(Task.Kind.UNRATED)),
        },
    ),
    OnetList(
        "onet_technology",
        "technology skills",
        TechnologySkill,
        key=("name",),
        fields={
            "name": Field("Example", required=True),
            "commodity_code": Field("Commodity Code", functools.partial(parse_int, minimum=0)),
            "category": Field("Commodity Title", required=True),
            "is_hot": Field("Hot Technology", parse_flag, default=False),
            "is_in_demand": Field("In Demand", parse_flag, default=False),
        },
        repeat_reason="the same technology twice for one occupation",
    ),
    OnetList(
        "onet_education",
        "education levels",
        EducationLevelShare,
        key=("category",),
        fields={
            "element": Field("Element ID", str.strip, required=True),
            "scale": Field("Scale ID", str.strip, required=True),
            "category": Field("Category", parse_category, required=True),
            "percent": Field(
                "Data Value",
                functools.partial(parse_decimal, places=2, minimum=0, maximum=100),
                required=True,
            ),
        },
        # The file's other elements (experience, training) are not education levels.
        keep=lambda row: (row.get("element"), row.get("scale")) == (EDUCATION_ELEMENT, EDUCATION_SCALE),
    ),
    OnetList(
        "onet_related",
        "related occupations",
        RelatedOccupation,
        key=("related_occupation_id",),
        fields={
            "related_occupation_id": Field("Related O*NET-SOC Code", parse_onet_code, required=True),
            "tier": Field("Relatedness Tier", default=""),
            "rank": Field("Index", functools.partial(parse_int, minimum=0, maximum=32767), default=0),
        },
    ),
)
# Columns read only to pick or derive rows, not stored.
NOT_STORED = {"element", "scale"}


def model_text(model, name):
    """One-line text no longer than the model field allows (no limit for a TextField)."""
    max_length = model._meta.get_field(name).max_length
    return text_of(max_length) if max_length else lambda raw: " ".join(raw.split())


def import_onet_list(ctx, spec, ids, finish):
    """Read one O*NET list file and make the model's rows match it (`sync_rows`)."""
    if not ctx.has(spec.file_kind):
        return
    ref = ctx.files[spec.file_kind]
    parsers = {
        name: field.parser or model_text(spec.model, name.removesuffix("_id"))
        for name, field in spec.fields.items()
    }
    table = ctx.table(
        spec.file_kind,
        columns={"code": CODE_COLUMN, **{n: f.column for n, f in spec.fields.items() if f.required}},
        optional={n: f.column for n, f in spec.fields.items() if not f.required},
        **TAB,
    )
    stored = tuple(name for name in spec.values() if name not in NOT_STORED)
    desired = {}
    seen = Seen(ctx, spec.kind, spec.repeat_reason)

    def handle(row):
        code = row.require("code", parse_onet_code)
        occupation_id = ids.get(code)
        if occupation_id is None:
            unknown_occupation(ctx, spec.kind, ref.display, row, code)
            return
        if spec.keep is not None and not spec.keep(row):
            return
        values = {}
        for name, field in spec.fields.items():
            value = (row.require if field.required else row.get)(name, parsers[name])
            values[name] = field.default if value is None else value
        if finish is not None:
            skip = finish(values, row)
            if skip:
                return
        check_lengths(spec, values, row)
        key = (occupation_id, *(values[name] for name in spec.key))
        if seen.first(key, row, spec.key[0], f"{code} {values[spec.key[0]]}"):
            desired[key] = tuple(values[name] for name in stored)

    ctx.each_row(table, spec.kind, handle)
    sync_rows(
        ctx,
        kind=spec.kind,
        model=spec.model,
        keys=("occupation_id", *spec.key),
        values=stored,
        desired=desired,
        existing=spec.model.objects.all(),
        delete_stale=not ctx.report.had_bad_rows(ref.display),
        file=ref.display,
        missing={name: column for name, column in table.missing.items() if name in stored},
        unknown=UNKNOWN_VALUES,
    )


def check_lengths(spec, values, row):
    """Derived text (an education level's label) must fit its model field too."""
    for name in spec.derived():
        max_length = spec.model._meta.get_field(name).max_length
        if max_length and len(values[name]) > max_length:
            raise row.error(spec.key[0], f"its {name} is longer than {max_length} characters")


def import_onet_lists(ctx, ids):
    """Every O*NET list file of the run, each under its declaration in ONET_LISTS."""
    labels = education_labels(ctx) if ctx.has("onet_education") else {}
    if ctx.has("onet_education") and not labels:
        ctx.report.note(
            "Education levels use their category numbers as labels: the run has no "
            "'Education, Training, and Experience Categories.txt'"
        )
    display = ctx.files["onet_related"].display if ctx.has("onet_related") else ""

    def education_label(values, row):
        values["label"] = labels.get(values["category"], f"Category {values['category']}")

    def related_id(values, row):
        code = values["related_occupation_id"]
        values["related_occupation_id"] = ids.get(code)
        if values["related_occupation_id"] is None:
            unknown_occupation(ctx, "related occupations", display, row, code)
            return "unknown"
        return None

    finishers = {"education levels": education_label, "related occupations": related_id}
    for spec in ONET_LISTS:
        import_onet_list(ctx, spec, ids, finishers.get(spec.kind))


def education_labels(ctx):
    """Category → label of "Required Level of Education" (scale RL), from the categories file."""
    labels = {}
    if not ctx.has("onet_education_categories"):
        return labels
    table = ctx.table(
        "onet_education_categories",
        columns={
            "element": "Element ID",
            "scale": "Scale ID",
            "category": "Category",
            "label": "Category Description",
        },
        **TAB,
    )

    def handle(row):
        if row.get("element") == EDUCATION_ELEMENT and row.get("scale") == EDUCATION_SCALE:
            labels[row.require("category", parse_category)] = " ".join(row.require("label").split())

    ctx.each_row(table, "education levels", handle)
    return labels


def has_own_page(title, base, code_slug, pages):
    """Whether one of `pages` ((slug, title) of the careers linked to an occupation) is the
    occupation's own: it has the occupation's title, or a slug the import gives such a page (the
    title's, or that with the O*NET code when another page had taken it)."""
    with_code = f"{base}-{code_slug}"
    return any(
        page_title.casefold() == title.casefold()
        or slug in (base, with_code)
        or slug.startswith(f"{with_code}-")
        for slug, page_title in pages
    )


def create_careers(ctx):
    """A page for every occupation, under the occupation's O*NET title; editors' pages never change.

    An occupation has its own page when a career linked to it carries the occupation's title or
    the slug the import gives it. An editorial page linked to it under another name (Machine
    Learning Engineer, linked to 15-2051.00 Data Scientists) does not stand for it: the occupation
    gets its page beside it, so a search finds both.
    """
    kind = "careers"
    report = ctx.report
    report.kind(kind)
    careers = list(Career.objects.values_list("id", "slug", "title", "occupation_id"))
    linked = {}  # occupation id → [(slug, title)] of its careers
    for _, slug, title, occupation_id in careers:
        if occupation_id:
            linked.setdefault(occupation_id, []).append((slug, title))
    by_slug = {slug: (pk, occupation_id) for pk, slug, _, occupation_id in careers}
    creates, links = [], []
    for occupation_id, code, title in Occupation.objects.order_by("code").values_list("id", "code", "title"):
        base = slugify(title)[:200].strip("-") or "career"
        code_slug = slugify(code.replace(".", "-"))
        if has_own_page(title, base, code_slug, linked.get(occupation_id, ())):
            report.add(kind, "unchanged")
            continue
        found = by_slug.get(base)
        if found is not None and found[1] is None:
            # An editor's page with this occupation's name and no occupation yet: link it.
            links.append(Career(pk=found[0], occupation_id=occupation_id, updated_at=ctx.now))
            by_slug[base] = (found[0], occupation_id)
            continue
        slug = base if found is None else f"{base}-{code_slug}"
        counter = 2
        while slug in by_slug:
            slug = f"{base}-{code_slug}-{counter}"
            counter += 1
        by_slug[slug] = (None, occupation_id)
        creates.append(Career(title=title, slug=slug, occupation_id=occupation_id))
    bulk_create(Career, creates)
    if links:
        Career.objects.bulk_update(
            links, ["occupation", "updated_at"], batch_size=batch_size(Career, [1, 2, 3, 4])
        )
    report.add(kind, "created", len(creates))
    report.add(kind, "updated", len(links))
    changed(ctx, Career, [career.slug for career in creates])
    changed(
        ctx,
        Career,
        Career.objects.filter(pk__in=[career.pk for career in links]).values_list("slug", flat=True),
    )
