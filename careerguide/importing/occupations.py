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

import re
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

from .base import SourceSpec, batch_size, bulk_create, sync_rows
from .readers import Column, file_text, parse_decimal, parse_int, parse_soc, text_of

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
    "outlook_source_id",
)
KIND = "occupations"
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

    write_occupations(ctx, occupations, known, state)
    ids = dict(Occupation.objects.values_list("code", "id"))
    import_alternate_titles(ctx, ids)
    import_tasks(ctx, ids)
    import_technology_skills(ctx, ids)
    import_education_levels(ctx, ids)
    import_related(ctx, ids)
    create_careers(ctx)


def write_occupations(ctx, occupations, known, state):
    """Create or update the occupations `known` with `state` (code → field → value): shared by the
    file import and the snapshot load."""
    report = ctx.report
    creates, updates, changed_fields = [], [], set()
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
        changed_fields.update(changed, {"updated_at"})
        updates.append(occupation)
    bulk_create(Occupation, creates)
    if updates:
        fields = sorted(name.removesuffix("_id") for name in changed_fields)
        Occupation.objects.bulk_update(
            updates, fields, batch_size=batch_size(Occupation, [*fields, "pk", "pk"])
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
    listed, lines = {}, {}

    def handle(row):
        code = row.require("code", parse_onet_code)
        if code in listed:
            raise row.error("code", f"{code} appears twice (first on line {lines[code]})")
        title = " ".join(row.require("title").split())
        if len(title) > 200:
            raise row.error("title", "longer than 200 characters")
        listed[code] = (title, row.get("description") or "")
        lines[code] = row.line

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
    )
    source_id = ctx.source(ep_source(ref)).pk
    by_soc = {}

    def handle(row):
        if (row.get("type") or "").lower() != "line item":
            ctx.report.skip(
                KIND, "Employment Projections summary row", f"{ref.display}:{row.line}", counted=False
            )
            return
        soc = row.require("code", parse_soc)
        education = row.get("education") or ""
        if len(education) > 120:
            raise row.error("education", "longer than 120 characters")
        by_soc[soc] = {
            "employment_base": row.get("base", parse_decimal, places=1, minimum=0),
            "employment_projected": row.get("projected", parse_decimal, places=1, minimum=0),
            "employment_change_percent": row.get("change", parse_decimal, places=1),
            "annual_openings": row.get("openings", parse_decimal, places=1, minimum=0),
            "typical_entry_education": education,
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


def child_rows(ctx, file_kind, kind, columns, ids, handle, optional=None):
    """Read an O*NET child file; `handle(row, occupation_id)` fills the desired rows."""
    ref = ctx.files[file_kind]
    table = ctx.table(file_kind, columns={"code": CODE_COLUMN, **columns}, optional=optional or {}, **TAB)

    def each(row):
        code = row.require("code", parse_onet_code)
        occupation_id = ids.get(code)
        if occupation_id is None:
            unknown_occupation(ctx, kind, ref.display, row, code)
            return
        handle(row, occupation_id)

    ctx.each_row(table, kind, each)
    return not ctx.report.had_bad_rows(ref.display)


def import_alternate_titles(ctx, ids):
    if not ctx.has("onet_alternate_titles"):
        return
    kind = "alternate titles"
    display = ctx.files["onet_alternate_titles"].display
    desired = {}

    def handle(row, occupation_id):
        title = " ".join(row.require("title").split())
        if len(title) > 255:
            raise row.error("title", "longer than 255 characters")
        key = (occupation_id, title)
        if key in desired:
            ctx.report.skip(
                kind, "the same title twice for one occupation", f"{display}:{row.line} {title!r}"
            )
            return
        desired[key] = (row.get("short", text_of(120)) or "",)

    complete = child_rows(
        ctx,
        "onet_alternate_titles",
        kind,
        {"title": "Alternate Title"},
        ids,
        handle,
        {"short": "Short Title"},
    )
    sync_rows(
        ctx,
        kind=kind,
        model=AlternateTitle,
        keys=("occupation_id", "title"),
        values=("short_title",),
        desired=desired,
        existing=AlternateTitle.objects.all(),
        delete_stale=complete,
        file=ctx.files["onet_alternate_titles"].display,
    )


TASK_KINDS = {"core": Task.Kind.CORE, "supplemental": Task.Kind.SUPPLEMENTAL}


def import_tasks(ctx, ids):
    if not ctx.has("onet_tasks"):
        return
    kind = "tasks"
    desired = {}

    def handle(row, occupation_id):
        task_id = row.require("task_id", parse_int, minimum=1)
        task_type = (row.get("type") or "").lower()
        if task_type and task_type not in TASK_KINDS:
            raise row.error("type", f"unknown task type {task_type!r} (expected Core, Supplemental or n/a)")
        key = (occupation_id, task_id)
        if key in desired:
            raise row.error("task_id", f"task {task_id} appears twice for this occupation")
        desired[key] = (row.require("statement"), str(TASK_KINDS.get(task_type, Task.Kind.UNRATED)))

    complete = child_rows(
        ctx,
        "onet_tasks",
        kind,
        {"task_id": "Task ID", "statement": "Task"},
        ids,
        handle,
        {"type": "Task Type"},
    )
    sync_rows(
        ctx,
        kind=kind,
        model=Task,
        keys=("occupation_id", "onet_task_id"),
        values=("statement", "kind"),
        desired=desired,
        existing=Task.objects.all(),
        delete_stale=complete,
        file=ctx.files["onet_tasks"].display,
    )


def import_technology_skills(ctx, ids):
    if not ctx.has("onet_technology"):
        return
    kind = "technology skills"
    display = ctx.files["onet_technology"].display
    desired = {}

    def handle(row, occupation_id):
        name = " ".join(row.require("name").split())
        category = " ".join(row.require("category").split())
        for key, value in (("name", name), ("category", category)):
            if len(value) > 200:
                raise row.error(key, "longer than 200 characters")
        key = (occupation_id, name)
        if key in desired:
            ctx.report.skip(
                kind, "the same technology twice for one occupation", f"{display}:{row.line} {name!r}"
            )
            return
        desired[key] = (
            row.get("commodity", parse_int, minimum=0),
            category,
            row.get("hot", parse_flag) or False,
            row.get("in_demand", parse_flag) or False,
        )

    complete = child_rows(
        ctx,
        "onet_technology",
        kind,
        {"name": "Example", "category": "Commodity Title"},
        ids,
        handle,
        {"commodity": "Commodity Code", "hot": "Hot Technology", "in_demand": "In Demand"},
    )
    sync_rows(
        ctx,
        kind=kind,
        model=TechnologySkill,
        keys=("occupation_id", "name"),
        values=("commodity_code", "category", "is_hot", "is_in_demand"),
        desired=desired,
        existing=TechnologySkill.objects.all(),
        delete_stale=complete,
        file=ctx.files["onet_technology"].display,
    )


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
            labels[row.require("category", parse_int, minimum=1, maximum=12)] = " ".join(
                row.require("label").split()
            )

    ctx.each_row(table, "education levels", handle)
    return labels


def import_education_levels(ctx, ids):
    if not ctx.has("onet_education"):
        return
    kind = "education levels"
    labels = education_labels(ctx)
    if not labels:
        ctx.report.note(
            "Education levels use their category numbers as labels: the run has no "
            "'Education, Training, and Experience Categories.txt'"
        )
    desired = {}

    def handle(row, occupation_id):
        if row.get("element") != EDUCATION_ELEMENT or row.get("scale") != EDUCATION_SCALE:
            return  # other elements of the file: experience, training
        category = row.require("category", parse_int, minimum=1, maximum=12)
        key = (occupation_id, category)
        if key in desired:
            raise row.error("category", f"category {category} appears twice for this occupation")
        label = labels.get(category, f"Category {category}")
        if len(label) > 300:
            raise row.error("category", "its label is longer than 300 characters")
        desired[key] = (label, row.require("value", parse_decimal, places=2, minimum=0, maximum=100))

    complete = child_rows(
        ctx,
        "onet_education",
        kind,
        {"element": "Element ID", "scale": "Scale ID", "category": "Category", "value": "Data Value"},
        ids,
        handle,
    )
    sync_rows(
        ctx,
        kind=kind,
        model=EducationLevelShare,
        keys=("occupation_id", "category"),
        values=("label", "percent"),
        desired=desired,
        existing=EducationLevelShare.objects.all(),
        delete_stale=complete,
        file=ctx.files["onet_education"].display,
    )


def import_related(ctx, ids):
    if not ctx.has("onet_related"):
        return
    kind = "related occupations"
    display = ctx.files["onet_related"].display
    desired = {}

    def handle(row, occupation_id):
        related_code = row.require("related", parse_onet_code)
        related_id = ids.get(related_code)
        if related_id is None:
            unknown_occupation(ctx, kind, display, row, related_code)
            return
        key = (occupation_id, related_id)
        if key in desired:
            raise row.error("related", f"{related_code} is listed twice for this occupation")
        tier = row.get("tier") or ""
        if len(tier) > 40:
            raise row.error("tier", "longer than 40 characters")
        desired[key] = (tier, row.get("index", parse_int, minimum=0, maximum=32767) or 0)

    complete = child_rows(
        ctx,
        "onet_related",
        kind,
        {"related": "Related O*NET-SOC Code"},
        ids,
        handle,
        {"tier": "Relatedness Tier", "index": "Index"},
    )
    sync_rows(
        ctx,
        kind=kind,
        model=RelatedOccupation,
        keys=("occupation_id", "related_occupation_id"),
        values=("tier", "rank"),
        desired=desired,
        existing=RelatedOccupation.objects.all(),
        delete_stale=complete,
        file=ctx.files["onet_related"].display,
    )


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
