"""Schools from IPEDS and the College Scorecard, combined as SPEC section 3's table says.

The set of schools is every UNITID in the IPEDS institutions file or the Scorecard institution
extract. For each field the first source with a known value wins; each metric remembers the
DataSource its value came from. A source that is not part of this run (a partial refresh) or
whose row for the school was unreadable (``--keep-going``) cannot say the value is unknown, so
the school keeps what it has for the fields where that source would have decided.
"""

import contextlib
import csv
import dataclasses
import re
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from schools.models import DataSource, School, SchoolAlias
from schools.vocabulary import INCOME_BANDS, STATE_CODES, SchoolType

from .base import Seen, SourceSpec, batch_size, bulk_create, sync_rows
from .guard import Rule, figures_of
from .kept import KeptFigures
from .readers import (
    Column,
    parse_decimal,
    parse_fraction_as_percent,
    parse_int,
    parse_percent,
    parse_website,
    parse_zip,
    text_of,
)
from .versions import changed

KIND = "schools"

SCORECARD_URL = "https://collegescorecard.ed.gov/data/"
IPEDS_URL = "https://nces.ed.gov/ipeds/datacenter/"


def ipeds_source(ref):
    year = int(ref.year)
    return SourceSpec(f"ipeds-{year}", "IPEDS", f"{year}-{(year + 1) % 100:02d}", IPEDS_URL)


def scorecard_source(ref):
    # The institution extract carries no year in its name; this one is the release of about 2022.
    return SourceSpec("scorecard-2022", "College Scorecard", "2022", SCORECARD_URL)


def earnings_source(ref):
    return SourceSpec(f"scorecard-earnings-{ref.year}", "College Scorecard earnings", ref.year, SCORECARD_URL)


def api_source(ref):
    return SourceSpec(f"scorecard-api-{ref.year}", "College Scorecard API", ref.year, SCORECARD_URL)


def merged_source(ref):
    """The yearly institution file MERGED<year>_<yy>_PP ("2023-24")."""
    edition = f"{ref.year}-{ref.end}"
    return SourceSpec(f"scorecard-{edition}", "College Scorecard", edition, SCORECARD_URL)


# Names people use that the Scorecard's ALIAS lacks ("UMich", "UConn"), written by Careerguide's
# editors, each row with the school's own page that uses the name. Imports and the snapshot load
# add them with the public data's aliases; `DataSource.is_public_data` says they are not public data.
COMMON_NAMES_FILE = Path(settings.BASE_DIR) / "fixtures" / "school_aliases.csv"
COMMON_NAMES = SourceSpec("careerguide-common-names", "Careerguide editors: names people use", "")


NAME = text_of(School._meta.get_field("name").max_length)
ALIAS_LENGTH = SchoolAlias._meta.get_field("name").max_length
CITY = text_of(School._meta.get_field("city").max_length)


def parse_state(raw):
    code = raw.strip().upper()
    if code not in STATE_CODES:
        raise ValueError("not a US state or territory code")
    return code


def parse_control(raw):
    return parse_int(raw, minimum=1, maximum=3)


def parse_money(raw):
    """Whole US dollars, not negative (`40628.0` → 40628)."""
    return int(parse_decimal(raw, places=0, minimum=0))


def parse_signed_money(raw):
    """Whole US dollars; net price may be negative when grants exceed the cost."""
    return int(parse_decimal(raw, places=0))


def parse_latitude(raw):
    return parse_decimal(raw, places=6, minimum=-90, maximum=90)


def parse_longitude(raw):
    return parse_decimal(raw, places=6, minimum=-180, maximum=180)


def parse_unitid(raw):
    return parse_int(raw, minimum=1, maximum=2_147_483_647)


def parse_sat(raw):
    return parse_int(raw, minimum=400, maximum=1600)


def parse_main_campus(raw):
    """Scorecard MAIN: 1 main campus, 0 a branch."""
    return parse_int(raw, minimum=0, maximum=1) == 1


def parse_open_admission(raw):
    """Scorecard OPENADMP: 1 open admission, 2 not; 3 (enrols no first-time students) is unknown."""
    return {1: True, 2: False}.get(parse_int(raw, minimum=1, maximum=3))


def parse_calculator(raw):
    """A school's net price calculator, as the Scorecard gives it (`www.umd.edu/npc`)."""
    return parse_website(raw, max_length=School._meta.get_field("net_price_calculator").max_length)


def parse_predominant_degree(raw):
    """Scorecard PREDDEG: 1 certificate … 4 graduate; 0 ("not classified") is unknown."""
    return parse_int(raw, minimum=0, maximum=4) or None


# Per file: its source, its UNITID column, and the model fields it can give (column, parser).
FILES = {
    "ipeds_institutions": {
        "source": ipeds_source,
        "unitid": "UnitID",
        "fields": {
            "name": ("INSTITUTION", NAME),
            "city": ("CITY", CITY),
            "state": ("STATE", parse_state),
            "zip_code": ("ZIP", parse_zip),
            "control": ("CONTROL", parse_control),
        },
    },
    "ipeds_cost": {
        "source": ipeds_source,
        "unitid": "UnitID",
        "fields": {
            "tuition_in_state": (
                Column("TUITION_FEES_INSTATE<year>", r"TUITION_FEES_INSTATE\d{4}"),
                parse_money,
            ),
            "tuition_out_of_state": (
                Column("TUITION_FEES_<year>_OUTSTATE", r"TUITION_FEES_\d{4}_OUTSTATE"),
                parse_money,
            ),
        },
    },
    "ipeds_enrollment": {
        "source": ipeds_source,
        "unitid": "UnitID",
        "fields": {"enrollment": ("ENR_TOTAL", parse_money)},
    },
    "ipeds_gradrates": {
        "source": ipeds_source,
        "unitid": "UnitID",
        "fields": {
            "graduation_rate": ("PCT_AWARD_6YRS", parse_percent),
            "graduation_cohort": (Column("TOTAL_COHORT_<year>", r"TOTAL_COHORT_\d{4}"), parse_money),
        },
        "companions": {"graduation_rate_4yr": ("PCT_AWARD_4YEARS", parse_percent)},
    },
    "scorecard_institutions": {
        "source": scorecard_source,
        "unitid": "UNITID",
        "fields": {
            "name": ("INSTNM", NAME),
            "city": ("CITY", CITY),
            "state": ("STABBR", parse_state),
            "zip_code": ("ZIP", parse_zip),
            "website": ("INSTURL", parse_website),
            "latitude": ("LATITUDE", parse_latitude),
            "longitude": ("LONGITUDE", parse_longitude),
            "admission_rate": ("ADM_RATE", parse_fraction_as_percent),
            "sat_average": ("SAT_AVG", parse_sat),
            "tuition_in_state": ("TUITIONFEE_IN", parse_money),
            "tuition_out_of_state": ("TUITIONFEE_OUT", parse_money),
        },
    },
    "scorecard_earnings": {
        "source": earnings_source,
        "unitid": "UNITID",
        "fields": {"median_earnings": ("MD_EARN_WNE_P10", parse_money)},
        # Read only to check the 10-year figure against (see SCHOOL_RULES), never stored.
        "companions": {"median_earnings_6yr": ("MD_EARN_WNE_P6", parse_money)},
    },
    "scorecard_api": {
        "source": api_source,
        "unitid": "id",
        "fields": {
            "admission_rate": ("admit_rate", parse_fraction_as_percent),
            "graduation_rate": ("4yr_completion_rate", parse_fraction_as_percent),
            "predominant_degree": ("predom_degree_awarded", parse_predominant_degree),
            "net_price_pub": ("net_price_pub", parse_signed_money),
            "net_price_priv": ("net_price_priv", parse_signed_money),
        },
    },
    "scorecard_merged": {
        "source": merged_source,
        "unitid": "UNITID",
        "fields": {
            "latitude": ("LATITUDE", parse_latitude),
            "longitude": ("LONGITUDE", parse_longitude),
            "is_main_campus": ("MAIN", parse_main_campus),
            "open_admission": ("OPENADMP", parse_open_admission),
            "net_price_calculator": ("NPCURL", parse_calculator),
            "books_supplies": ("BOOKSUPPLY", parse_money),
            "housing_food_on_campus": ("ROOMBOARD_ON", parse_money),
            "other_expenses_on_campus": ("OTHEREXPENSE_ON", parse_money),
            "housing_food_off_campus": ("ROOMBOARD_OFF", parse_money),
            "other_expenses_off_campus": ("OTHEREXPENSE_OFF", parse_money),
            "pell_share": ("PCTPELL", parse_fraction_as_percent),
            "loan_share": ("PCTFLOAN", parse_fraction_as_percent),
            "default_rate": ("CDR3", parse_fraction_as_percent),
            # Combined into figures by `combine_merged` (SPEC section 3's "else" and "by control").
            "cost_academic_year": ("COSTT4_A", parse_money),
            "cost_program_year": ("COSTT4_P", parse_money),
            "retention_four_year": ("RET_FT4", parse_fraction_as_percent),
            "retention_less_than_four_year": ("RET_FTL4", parse_fraction_as_percent),
            "file_control": ("CONTROL", parse_control),
            **{
                f"{measure}_{band.number}_{sector}": (
                    f"{'NPT' if measure == 'price' else 'NUM'}4{band.number}_{sector.upper()}",
                    parse_signed_money if measure == "price" else parse_money,
                )
                for band in INCOME_BANDS
                for measure in ("price", "students")
                for sector in ("pub", "priv")
            },
            "alias_text": ("ALIAS", text_of(2000)),
        },
    },
}

# SPEC section 3: for each field, the files in order of precedence.
PRECEDENCE = {
    "name": ("ipeds_institutions", "scorecard_institutions"),
    "city": ("ipeds_institutions", "scorecard_institutions"),
    "state": ("ipeds_institutions", "scorecard_institutions"),
    "zip_code": ("ipeds_institutions", "scorecard_institutions"),
    "control": ("ipeds_institutions",),
    "website": ("scorecard_institutions",),
    "latitude": ("scorecard_merged", "scorecard_institutions"),
    "longitude": ("scorecard_merged", "scorecard_institutions"),
    "is_main_campus": ("scorecard_merged",),
    "tuition_in_state": ("ipeds_cost", "scorecard_institutions"),
    "tuition_out_of_state": ("ipeds_cost", "scorecard_institutions"),
    "enrollment": ("ipeds_enrollment",),
    "graduation_rate": ("ipeds_gradrates", "scorecard_api"),
    "graduation_cohort": ("ipeds_gradrates",),
    "admission_rate": ("scorecard_api", "scorecard_institutions"),  # the newer release first
    "sat_average": ("scorecard_institutions",),
    "median_earnings": ("scorecard_earnings",),
    "net_price": ("scorecard_api",),
    "predominant_degree": ("scorecard_api",),
    "open_admission": ("scorecard_merged",),
    "cost_of_attendance": ("scorecard_merged",),
    "books_supplies": ("scorecard_merged",),
    "housing_food_on_campus": ("scorecard_merged",),
    "other_expenses_on_campus": ("scorecard_merged",),
    "housing_food_off_campus": ("scorecard_merged",),
    "other_expenses_off_campus": ("scorecard_merged",),
    **{band.field: ("scorecard_merged",) for band in INCOME_BANDS},
    **{band.students_field: ("scorecard_merged",) for band in INCOME_BANDS},
    "net_price_calculator": ("scorecard_merged",),
    "retention_rate": ("scorecard_merged",),
    "pell_share": ("scorecard_merged",),
    "loan_share": ("scorecard_merged",),
    "default_rate": ("scorecard_merged",),
}
# Figures that remember their DataSource (`<field>_source`).
METRICS = School.EDITABLE_FIGURES
# The DataSource link (`<name>_source`) each sourced field sets: a metric's own; the one the five
# bands of the net price by family income (and their students) share.
NET_PRICE_BANDS = (*(band.field for band in INCOME_BANDS), *(band.students_field for band in INCOME_BANDS))
SOURCE_OF = {
    **{metric: metric for metric in METRICS},
    **dict.fromkeys(NET_PRICE_BANDS, "net_price_by_income"),
}
SOURCES = (*METRICS, "net_price_by_income")


def within(low, high):
    """True when low ≤ high, None when either is unknown."""
    return None if low is None or high is None else low <= high


def in_state_within_out_of_state(control, tuition_in, tuition_out):
    return within(tuition_in, tuition_out) if control == SchoolType.PUBLIC else None


def north_and_west(latitude, longitude):
    return None if latitude is None or longitude is None else latitude > 0 > longitude


# Values the guard reads beside the stored ones: a file's companion columns (COMPANIONS), and the
# figure each accompanies (whose file is blamed).
COMPANIONS = {"median_earnings_6yr": "median_earnings", "graduation_rate_4yr": "graduation_rate"}
GUARDED = (*PRECEDENCE, *COMPANIONS)
SCHOOL_FIGURES = figures_of(School, PRECEDENCE)
# What swapped columns would break; the guard compares the share of schools that break each with
# today's (SPEC: import guard).
SCHOOL_RULES = (
    Rule(
        "in-state tuition above out-of-state tuition at a public school",
        ("control", "tuition_in_state", "tuition_out_of_state"),
        in_state_within_out_of_state,
    ),
    Rule("a location outside the north-western hemisphere", ("latitude", "longitude"), north_and_west),
    Rule(
        "median earnings 10 years after entry below the same file's 6-year figure",
        ("median_earnings_6yr", "median_earnings"),
        within,
    ),
    Rule(
        "a 6-year graduation rate below the same file's 4-year rate",
        ("graduation_rate_4yr", "graduation_rate"),
        within,
    ),
)
SET_FILES = ("ipeds_institutions", "scorecard_institutions")
OUTSIDE_SET = "UNITID is in neither the IPEDS institutions file nor the Scorecard institution extract"


class KeepExisting:
    """A source that would decide this field is not in the run: the school keeps its value."""


KEEP = KeepExisting()
TEXT_FIELDS = ("name", "city", "state", "zip_code", "website", "net_price_calculator")


def read_school_files(ctx):
    """Each present school file as {unitid: {field: value}}, plus the UNITIDs of unreadable rows."""
    data, unreadable = {}, {}
    for kind, spec in FILES.items():
        if not ctx.has(kind):
            continue
        columns = {"unitid": spec["unitid"]}
        columns.update({field: column for field, (column, _) in spec["fields"].items()})
        companions = spec.get("companions", {})
        table = ctx.table(
            kind, columns=columns, optional={name: column for name, (column, _) in companions.items()}
        )
        rows, bad, seen = {}, set(), Seen(ctx, KIND)
        lines = seen.lines  # UNITID → line, to point at rows the run leaves out
        parsers = [(field, parser) for field, (_, parser) in [*spec["fields"].items(), *companions.items()]]

        def handle(row, rows=rows, seen=seen, parsers=parsers):
            unitid = row.require("unitid", parse_unitid)
            seen.first(unitid, row, "unitid", f"UNITID {unitid}")
            rows[unitid] = {field: row.get(field, parser) for field, parser in parsers}

        def unreadable_row(row, bad=bad):
            # The school keeps its values from this file rather than losing them to a bad row.
            with contextlib.suppress(ValueError):
                bad.add(parse_unitid(row.raw("unitid")))

        ctx.each_row(table, KIND, handle, on_error=unreadable_row)
        if kind == "scorecard_api":
            for values in rows.values():
                public, private = values.pop("net_price_pub"), values.pop("net_price_priv")
                values["net_price"] = public if public is not None else private
        if kind == "scorecard_merged":
            for values in rows.values():
                combine_merged(values)
        data[kind] = (rows, lines, ctx.source(spec["source"](ctx.files[kind])))
        unreadable[kind] = bad
    return data, unreadable


def first_known(*values):
    return next((value for value in values if value is not None), None)


def combine_merged(values):
    """The Scorecard 2023-24 file's columns as figures (SPEC section 3): the cost of attendance of an
    academic year, else of a program's year; retention at four-year schools, else at the others;
    each income band's net price and students from the public columns at a public school, from the
    private ones at the others (negative prices kept)."""
    values["cost_of_attendance"] = first_known(
        values.pop("cost_academic_year"), values.pop("cost_program_year")
    )
    values["retention_rate"] = first_known(
        values.pop("retention_four_year"), values.pop("retention_less_than_four_year")
    )
    sector = "pub" if values.pop("file_control") == SchoolType.PUBLIC else "priv"
    for band in INCOME_BANDS:
        for measure, field in (("price", band.field), ("students", band.students_field)):
            chosen = values.pop(f"{measure}_{band.number}_{sector}")
            values.pop(f"{measure}_{band.number}_{'priv' if sector == 'pub' else 'pub'}")
            values[field] = chosen


def import_schools(ctx):
    report = ctx.report
    present = [kind for kind in FILES if ctx.has(kind)]
    if not present:
        return
    report.progress("Schools")
    data, unreadable = read_school_files(ctx)

    existing = {school.unitid: school for school in School.objects.all()}
    check_school_coverage(ctx, data, unreadable, existing)
    in_set = set()
    for kind in SET_FILES:
        if kind in data:
            in_set.update(data[kind][0])
    # Rows of the other files for UNITIDs that are not schools: listed, never silently dropped.
    for kind, (rows, lines, _) in data.items():
        if kind in SET_FILES:
            continue
        for unitid in rows:
            if unitid not in in_set and unitid not in existing:
                report.skip(KIND, OUTSIDE_SET, f"{ctx.files[kind].display}:{lines[unitid]}", counted=False)
    unitids = in_set | {unitid for unitid in existing if any(unitid in rows for rows, _, _ in data.values())}

    def resolve(unitid, field, school):
        for kind in PRECEDENCE[field]:
            if kind not in data or unitid in unreadable[kind]:
                if school is not None:
                    return KEEP
                continue
            rows, _, source = data[kind]
            values = rows.get(unitid)
            if values is not None and values.get(field) is not None:
                return values[field], source
        return None, None

    def decided_by(field):
        return ", ".join(ctx.files[kind].display for kind in PRECEDENCE[field] if kind in data)

    write_schools(ctx, existing, unitids, resolve, decided_by, companions=companions_in(data))
    if "scorecard_merged" in data:
        rows, _, source = data["scorecard_merged"]
        names = dict(School.objects.values_list("unitid", "name"))
        aliases = {
            unitid: [
                (alias, source.pk)
                for alias in aliases_of(values.get("alias_text") or "", names.get(unitid, ""))
            ]
            for unitid, values in rows.items()
        }
        write_aliases(ctx, aliases, ctx.files["scorecard_merged"].display)


# A piece of the ALIAS column that is only a company suffix or "not applicable": not a name.
NOT_A_NAME = re.compile(r"(inc|llc|ltd|corp|co|n/a)\.?", re.IGNORECASE)
ALIAS_SEPARATORS = re.compile(r"[|,;]|\s{2,}")


def aliases_of(text, name):
    """The names people use for a school, from the Scorecard's ALIAS text (SPEC section 3): split on
    |, commas, semicolons and runs of spaces, trimmed; company suffixes, "N/A" and repeats of the
    school's name or of each other (ignoring case) left out."""
    found, seen = [], {name.casefold()}
    for piece in ALIAS_SEPARATORS.split(text):
        alias = " ".join(piece.split())[:ALIAS_LENGTH]
        if alias and not NOT_A_NAME.fullmatch(alias) and alias.casefold() not in seen:
            seen.add(alias.casefold())
            found.append(alias)
    return found


def with_common_names(ctx, aliases):
    """`aliases` ({unitid: [(alias, DataSource id)]}) with the names of COMMON_NAMES_FILE that a
    school's aliases lack (ignoring case)."""
    source_id = ctx.source(COMMON_NAMES).pk
    merged = {unitid: list(named) for unitid, named in aliases.items()}
    with COMMON_NAMES_FILE.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            named = merged.setdefault(int(row["unitid"]), [])
            if row["alias"].casefold() not in {alias.casefold() for alias, _ in named}:
                named.append((row["alias"], source_id))
    return merged


def write_aliases(ctx, aliases, display):
    """Make the aliases of the schools that are not the editors' match `aliases` ({unitid: [(alias,
    DataSource id)]}) with the common names Careerguide ships (`with_common_names`): the editors' own
    are kept (and an alias that repeats one is not added); pinned schools keep theirs."""
    aliases = with_common_names(ctx, aliases)
    schools = dict(School.objects.values_list("unitid", "pk"))
    pinned = set(School.objects.filter(pinned=True).values_list("pk", flat=True))
    editors = {
        (school_id, name.casefold())
        for school_id, name in SchoolAlias.objects.filter(source__isnull=True).values_list(
            "school_id", "name"
        )
    }
    desired = {}
    for unitid, named in aliases.items():
        school_id = schools.get(unitid)
        if school_id is None or school_id in pinned:
            continue
        for alias, source_id in named:
            if (school_id, alias.casefold()) not in editors:
                desired[(school_id, alias)] = (source_id,)
    sync_rows(
        ctx,
        kind="school aliases",
        model=SchoolAlias,
        keys=("school_id", "name"),
        values=("source_id",),
        desired=desired,
        existing=SchoolAlias.objects.filter(source__isnull=False),
        protected=lambda key: key[0] in pinned,
        file=display,
    )


def companions_in(data):
    """`companions(unitid)`: the COMPANIONS values the run's files give for a school."""
    files = [
        next((kind for kind, spec in FILES.items() if name in spec.get("companions", {})), None)
        for name in COMPANIONS
    ]

    def companions(unitid):
        values = []
        for name, kind in zip(COMPANIONS, files, strict=True):
            row = data[kind][0].get(unitid) if kind in data else None
            values.append(None if row is None else row.get(name))
        return tuple(values)

    return companions


def file_metrics(kind):
    """The sourced figures (METRICS) a school file can give."""
    fields = {
        {
            "net_price_pub": "net_price",
            "net_price_priv": "net_price",
            "cost_academic_year": "cost_of_attendance",
        }.get(field, field)
        for field in FILES[kind]["fields"]
    }
    if kind == "scorecard_merged":
        fields.add("retention_rate")
    return [metric for metric in METRICS if metric in fields]


def check_school_coverage(ctx, data, unreadable, existing):
    """Stop when a file lists far fewer schools than hold figures from its source (SPEC's name for
    it, whatever the edition): a file cut short reads as thousands of schools without a value."""
    names = dict(DataSource.objects.values_list("pk", "name"))
    for kind, (rows, _, source) in data.items():
        metrics = file_metrics(kind) or METRICS  # the institutions file: schools with any IPEDS figure
        held = sum(
            1
            for school in existing.values()
            if any(
                getattr(school, metric) is not None
                and names.get(getattr(school, f"{metric}_source_id")) == source.name
                for metric in metrics
            )
        )
        given = len(rows) + len(unreadable[kind])
        ctx.guard.check_coverage(ctx.files[kind].display, "schools", given, held)


@dataclasses.dataclass
class SchoolPlan:
    """What a run will write: new and changed schools, and those it leaves out (and why)."""

    creates: list = dataclasses.field(default_factory=list)
    updates: list = dataclasses.field(default_factory=list)
    update_fields: set = dataclasses.field(default_factory=set)
    pinned: list = dataclasses.field(default_factory=list)
    stateless: list = dataclasses.field(default_factory=list)
    kept: KeptFigures = None


def write_schools(ctx, existing, unitids, resolve, decided_by, slugs=None, companions=None):
    """Create or update the schools `unitids`: `resolve(unitid, field, school)` gives each field's
    (value, DataSource) or KEEP. Pinned schools are skipped and listed; figures remember their source.
    Before anything is written, the guard compares every field of every school before and after
    (`decided_by(field)` names the files to blame; `companions(unitid)`, the values of COMPANIONS
    its files give beside the stored ones). Shared by the file import and the snapshot load, so both
    follow one set of rules; `slugs` (the snapshot's) are kept for new schools when free."""
    extras = companions or (lambda unitid: (None,) * len(COMPANIONS))

    def guarded(schools):
        return {
            school.unitid: (*(getattr(school, name) for name in PRECEDENCE), *extras(school.unitid))
            for school in schools
        }

    before = guarded(existing.values())
    plan = plan_schools(ctx, existing, unitids, resolve, slugs or {})
    ctx.guard.check_table(
        KIND,
        columns=GUARDED,
        figures=SCHOOL_FIGURES,
        before=before,
        after=guarded([*existing.values(), *plan.creates]),
        files=lambda name: decided_by(COMPANIONS.get(name, name)),
        rules=SCHOOL_RULES,
    )
    save_schools(ctx.report, plan)
    changed(ctx, School, [school.unitid for school in (*plan.creates, *plan.updates)])
    report_left_out(ctx.report, plan)


def plan_schools(ctx, existing, unitids, resolve, slugs):
    plan = SchoolPlan(kept=KeptFigures(ctx.now))
    taken_slugs = {school.slug for school in existing.values()}
    for unitid in sorted(unitids):
        school = existing.get(unitid)
        if school is not None and school.pinned:
            plan.pinned.append(school)
            ctx.report.skip(KIND, "pinned by an editor: not updated", f"{school.name} ({unitid})")
            continue
        values, sources = resolve_fields(unitid, school, resolve)
        if school is None:
            plan_new_school(ctx, plan, unitid, values, sources, slugs.get(unitid), taken_slugs)
            continue
        plan.kept.keep(school, values, sources)
        if values.get("state") is None and school.state:
            # No file knows the state: the one an editor chose for it stays (the report asks them to).
            values.pop("state", None)
        changed = apply_values(school, values, sources, ctx)
        if changed:
            school.updated_at = ctx.now
            plan.update_fields.update(changed, {"updated_at"})
            plan.updates.append(school)
        else:
            ctx.report.add(KIND, "unchanged")
    return plan


def resolve_fields(unitid, school, resolve):
    """({field: value}, {field: DataSource}) of the fields the run decides for this school."""
    values, sources = {}, {}
    for name in PRECEDENCE:
        resolved = resolve(unitid, name, school)
        if resolved is not KEEP:
            values[name], sources[name] = resolved
    return values, sources


def plan_new_school(ctx, plan, unitid, values, sources, wanted_slug, taken_slugs):
    if not values.get("name"):
        ctx.report.skip(KIND, "no name in any file", f"UNITID {unitid}")
        return
    school = School(unitid=unitid)
    apply_values(school, values, sources, ctx)
    if not school.state:
        plan.stateless.append(school)
    if wanted_slug and wanted_slug not in taken_slugs:
        taken_slugs.add(wanted_slug)
        school.slug = wanted_slug
    else:
        school.slug = unique_slug(school, taken_slugs)
    plan.creates.append(school)


def save_schools(report, plan):
    if plan.creates:
        bulk_create(School, plan.creates, report, KIND)
    if plan.updates:
        fields = sorted(plan.update_fields)
        School.objects.bulk_update(plan.updates, fields, batch_size=batch_size(School, [*fields, "pk", "pk"]))
    report.add(KIND, "created", len(plan.creates))
    report.add(KIND, "updated", len(plan.updates))
    plan.kept.save(report, KIND)


def report_left_out(report, plan):
    if plan.stateless:
        report.note(
            f"Schools with no state in either file: {len(plan.stateless):,}, imported with the state "
            "unknown (an editor who opens one must choose its state): "
            + ", ".join(f"{school.name} ({school.unitid})" for school in plan.stateless)
        )
    if plan.pinned:
        report.note(f"{len(plan.pinned):,} pinned schools were left as the editors set them.")


def apply_values(school, values, sources, ctx):
    """Set `values` on `school`; returns the names of the fields that changed.

    When a figure (a metric) changes, the school records when and from which sources."""
    changed = set()
    changed_sources = []
    # Each source link's source: its figure's, or for a link several figures share, the first
    # known one's (a band of the net price may be unknown where the others are known).
    linked = {}
    for field, given in values.items():
        # Text fields store "unknown" as empty.
        value = "" if given is None and field in TEXT_FIELDS else given
        if getattr(school, field) != value:
            setattr(school, field, value)
            changed.add(field)
            if field in SOURCE_OF:
                source = sources[field]
                changed_sources.append(source or first_source_in_run(field, ctx))
        if field in SOURCE_OF:
            link = f"{SOURCE_OF[field]}_source"
            if linked.get(link) is None:
                linked[link] = sources[field]
    for link, source in linked.items():
        source_id = source.pk if source is not None else None
        if getattr(school, f"{link}_id") != source_id:
            setattr(school, f"{link}_id", source_id)
            changed.add(link)
    if changed_sources:
        labels = []
        for source in changed_sources:
            label = str(source) if source is not None else ""
            if label and label not in labels:
                labels.append(label)
        school.figures_changed_at = ctx.now
        school.figures_changed_by = import_credit(labels)
        changed.update({"figures_changed_at", "figures_changed_by"})
    return changed


def import_credit(labels):
    """ "Import: " and the sources' labels within `figures_changed_by`'s length: cut between two
    sources ("… and 2 more"), never inside a name, which the school's page shows."""
    limit = School._meta.get_field("figures_changed_by").max_length
    credit = "Import: " + ", ".join(labels)
    shown = len(labels)
    while len(credit) > limit and shown > 1:
        shown -= 1
        credit = f"Import: {', '.join(labels[:shown])} and {len(labels) - shown} more"
    return credit[:limit]


def first_source_in_run(field, ctx):
    """The source that now says "unknown" for a figure that had a value."""
    for kind in PRECEDENCE[field]:
        if ctx.has(kind):
            return ctx.source(FILES[kind]["source"](ctx.files[kind]))
    return None


def unique_slug(school, taken):
    """slugify(name); on collision the city, then the state, then the UNITID are appended."""
    base = slugify(school.name)[:180].strip("-") or "school"
    candidates = [base]
    suffix = base
    for part in (slugify(text or "") for text in (school.city, school.state, str(school.unitid))):
        if part:
            suffix = f"{suffix}-{part}"[:220]
            candidates.append(suffix)
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    counter = 2
    while f"{suffix}-{counter}" in taken:
        counter += 1
    taken.add(f"{suffix}-{counter}")
    return f"{suffix}-{counter}"
