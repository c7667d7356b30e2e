"""Fields of study (CIP 2020), the CIP → SOC crosswalk, and which school offers which program.

- `CIPCode2020.csv`: every 2-, 4- and 6-digit code with its title and definition.
- `CIP2020_SOC2018_Crosswalk.csv`: field of study → occupation links (`99-9999` means none).
- College Scorecard field of study: 4-digit series at every credential level, graduates and
  median earnings 5 years after completion (`0` there means not available).
- IPEDS completions, bachelor's only: 6-digit programs at credential level 3.

A 4-digit series or 6-digit program the CIP file does not list (the Scorecard still reports
51.16 Nursing, a CIP 2010 series) is created from the title the offering file gives, so that no
offering is lost; the run notes each one.
"""

from careerguide.careers.models import CrosswalkLink
from schools.models import FieldOfStudy, ProgramOffering, School
from schools.vocabulary import CipLevel, CredentialLevel, cip_level

from .base import Seen, SourceSpec, bulk_create, sync_rows
from .guard import Rule
from .readers import Column, parse_cip, parse_cip_series, parse_int, parse_soc, strip_title, text_of

SCORECARD_URL = "https://collegescorecard.ed.gov/data/"
IPEDS_URL = "https://nces.ed.gov/ipeds/datacenter/"
BACHELOR_AWLEVEL = 5
NO_MATCH_SOC = "99-9999"
NO_MATCH_CIP = "99.9999"


def fos_source(ref):
    return SourceSpec(
        f"scorecard-fos-{ref.year}", "College Scorecard field of study", ref.year, SCORECARD_URL
    )


def completions_source(ref):
    year = int(ref.year)  # C2024 = the 2023-24 academic year
    return SourceSpec(f"ipeds-c{year}", "IPEDS completions", f"{year - 1}-{year % 100:02d}", IPEDS_URL)


def import_programs(ctx):
    kinds = ("cip_codes", "cip_soc", "scorecard_fos", "ipeds_completions")
    if not any(ctx.has(kind) for kind in kinds):
        return
    ctx.report.progress("Programs")
    fields = {
        code: (title, definition)
        for code, title, definition in FieldOfStudy.objects.values_list("code", "title", "definition")
    }
    if ctx.has("cip_codes"):
        import_cip_codes(ctx, fields)
    if ctx.has("cip_soc"):
        import_crosswalk(ctx, fields)
    if ctx.has("scorecard_fos") or ctx.has("ipeds_completions"):
        import_offerings(ctx, fields)


def import_cip_codes(ctx, fields):
    kind = "fields of study"
    table = ctx.table(
        "cip_codes",
        columns={"code": "CIPCode", "title": "CIPTitle"},
        optional={"definition": "CIPDefinition"},
    )
    desired = {}
    seen = Seen(ctx, kind)
    title_length = FieldOfStudy._meta.get_field("title").max_length

    def handle(row):
        code = row.require("code", parse_cip)
        seen.first(code, row, "code", f"CIP code {code}")
        title = strip_title(row.require("title"))
        if len(title) > title_length:
            raise row.error("title", f"longer than {title_length} characters")
        desired[code] = (title, row.get("definition") or "")

    ctx.each_row(table, kind, handle)
    sync_rows(
        ctx,
        kind=kind,
        model=FieldOfStudy,
        keys=("code",),
        values=("title", "definition", "level"),
        desired={(code,): (*values, cip_level(code)) for code, values in desired.items()},
        existing=FieldOfStudy.objects.all(),
        keep_stale=True,  # offerings and career pages point at codes: never deleted by an import
        file=ctx.files["cip_codes"].display,
        missing=table.missing,
    )
    fields.update(desired)


def import_crosswalk(ctx, fields):
    kind = "crosswalk links"
    table = ctx.table(
        "cip_soc",
        columns={"cip": "CIP2020Code", "soc": "SOC2018Code"},
        optional={"soc_title": "SOC2018Title", "cip_title": "CIP2020Title"},
    )
    display = ctx.files["cip_soc"].display
    desired = {}

    def handle(row):
        soc_raw = row.require("soc")
        if soc_raw == NO_MATCH_SOC or (row.get("soc_title") or "").upper() == "NO MATCH":
            ctx.report.skip(
                kind, "field of study with no occupation (SOC 99-9999, NO MATCH)", f"{display}:{row.line}"
            )
            return
        code = row.require("cip", parse_cip)
        if code == NO_MATCH_CIP or (row.get("cip_title") or "").upper() == "NO MATCH":
            ctx.report.skip(
                kind, "occupation with no field of study (CIP 99.9999, NO MATCH)", f"{display}:{row.line}"
            )
            return
        soc = row.require("soc", parse_soc)
        if code not in fields:
            ctx.report.skip(kind, "CIP code not among the fields of study", f"{display}:{row.line} {code}")
            return
        desired[(code, soc)] = (row.get("soc_title", text_of(200)) or "",)

    ctx.each_row(table, kind, handle)
    sync_rows(
        ctx,
        kind=kind,
        model=CrosswalkLink,
        keys=("field_id", "soc_code"),
        values=("soc_title",),
        desired=desired,
        existing=CrosswalkLink.objects.all(),
        delete_stale=not ctx.report.had_bad_rows(display),
        file=display,
        missing=table.missing,
    )


OFFERINGS = "program offerings"
OFFERING_KEYS = ("school_id", "field_id", "credential_level")
OFFERING_VALUES = ("series", "graduates", "median_earnings_5yr", "source_id")
# The Scorecard file's optional columns, by the value each gives.
OFFERING_OPTIONAL = {"graduates": "graduates", "earnings": "median_earnings_5yr"}


def earnings_above_graduates(graduates, earnings):
    return None if graduates is None or earnings is None else earnings >= graduates


# Swapped, the two figures of a program would read as a handful of dollars earned by thousands of
# graduates; the guard compares the share of programs that break this with today's.
OFFERING_RULES = (
    Rule(
        "median earnings (dollars) below the number of graduates",
        ("graduates", "median_earnings_5yr"),
        earnings_above_graduates,
    ),
)


def import_offerings(ctx, fields):
    """Which school offers which program: the Scorecard's 4-digit series at every level, IPEDS's
    6-digit bachelor's programs. Each file owns its own offerings; pinned schools keep theirs."""
    offerings = OfferingImport(ctx, fields)
    series = offerings.read_scorecard() if ctx.has("scorecard_fos") else None
    programs = offerings.read_completions() if ctx.has("ipeds_completions") else None
    offerings.create_missing_fields()
    if offerings.pinned_skipped:
        ctx.report.note(
            f"Programs of {len(offerings.pinned_skipped):,} pinned schools were left as they are."
        )
    if series is not None:
        # The Scorecard file owns every offering of a 4-digit series.
        offerings.sync(
            "scorecard_fos",
            series,
            ProgramOffering.objects.filter(field__level=CipLevel.SERIES),
            "program offerings (Scorecard)",
        )
    if programs is not None:
        # IPEDS bachelor's completions own the 6-digit programs at bachelor's level.
        offerings.sync(
            "ipeds_completions",
            programs,
            ProgramOffering.objects.filter(
                field__level=CipLevel.PROGRAM, credential_level=CredentialLevel.BACHELOR
            ),
            "program offerings (IPEDS)",
        )


class OfferingImport:
    """One run's reading of the offerings files: the schools they name, and the CIP codes they use
    that the CIP file lacks (created so that their offerings can be stored)."""

    def __init__(self, ctx, fields):
        self.ctx = ctx
        self.report = ctx.report
        self.fields = fields
        self.schools = dict(School.objects.values_list("unitid", "id"))
        self.pinned = set(School.objects.filter(pinned=True).values_list("id", flat=True))
        self.missing_fields = {}  # code → (title, where) for codes the CIP file does not list
        self.pinned_skipped = set()

    def school_id(self, row, display):
        """The id of the row's school; None (and the row listed as skipped) when it is not one of
        ours or is pinned by an editor."""
        unitid = row.require("unitid", parse_int, minimum=1)
        sid = self.schools.get(unitid)
        if sid is None:
            self.report.skip(OFFERINGS, "UNITID is not an imported school", f"{display}:{row.line} {unitid}")
        elif sid in self.pinned:
            self.pinned_skipped.add(sid)
            self.report.skip(OFFERINGS, "school pinned by an editor: its programs are kept as they are", None)
            return None
        return sid

    def need_field(self, code, row, display):
        if code not in self.fields and code not in self.missing_fields:
            title = strip_title(row.get("title") or "")
            self.missing_fields[code] = (title or f"CIP {code}", f"{display}:{row.line}")

    def read_scorecard(self):
        """{(school, series, level): values} from the Scorecard field of study file."""
        ref = self.ctx.files["scorecard_fos"]
        table = self.ctx.table(
            "scorecard_fos",
            columns={"unitid": "UNITID", "cip": "CIPCODE", "level": "CREDLEV"},
            optional={"title": "CIPDESC", "graduates": "IPEDSCOUNT2", "earnings": "EARN_MDN_5YR"},
        )
        source_id = self.ctx.source(fos_source(ref)).pk
        levels = set(CredentialLevel.values)
        desired, seen = {}, Seen(self.ctx, OFFERINGS)

        def handle(row):
            code = row.require("cip", parse_cip_series)
            level = row.require("level", parse_int)
            if level not in levels:
                raise row.error("level", f"credential level {level} is not one of 1–8")
            graduates = row.get("graduates", parse_int, minimum=0)
            earnings = row.get("earnings", parse_int, minimum=0) or None  # 0 means not available
            sid = self.school_id(row, ref.display)
            if sid is None:
                return
            self.need_field(code, row, ref.display)
            key = (sid, code, level)
            seen.first(key, row, "cip", f"UNITID {row.raw('unitid')}, {code} at level {level},")
            desired[key] = (code, graduates, earnings, source_id)

        self.ctx.each_row(table, OFFERINGS, handle)
        return desired

    def read_completions(self):
        """{(school, program, bachelor's): values} from the IPEDS bachelor's completions file."""
        ref = self.ctx.files["ipeds_completions"]
        table = self.ctx.table(
            "ipeds_completions",
            columns={"unitid": "UNITID", "cip": "CIPCODE", "awlevel": "AWLEVEL"},
            optional={"title": Column("CIPTITLE", r"CIPTITLE.*")},
        )
        source_id = self.ctx.source(completions_source(ref)).pk
        desired, seen = {}, Seen(self.ctx, OFFERINGS)

        def handle(row):
            code = row.require("cip", parse_cip)
            if len(code) != 7:
                raise row.error("cip", f"{code} is not a 6-digit CIP program")
            if row.require("awlevel", parse_int) != BACHELOR_AWLEVEL:
                self.report.skip(
                    OFFERINGS,
                    "award level is not a bachelor's degree (AWLEVEL 5)",
                    f"{ref.display}:{row.line}",
                )
                return
            sid = self.school_id(row, ref.display)
            if sid is None:
                return
            self.need_field(code, row, ref.display)
            key = (sid, code, CredentialLevel.BACHELOR.value)
            seen.first(key, row, "cip", f"UNITID {row.raw('unitid')}, {code},")
            desired[key] = (code[:5], None, None, source_id)

        self.ctx.each_row(table, OFFERINGS, handle)
        return desired

    def create_missing_fields(self):
        if not self.missing_fields:
            return
        missing = sorted(self.missing_fields.items())
        created = [
            FieldOfStudy(code=code, title=title[:255], definition="", level=cip_level(code))
            for code, (title, _) in missing
        ]
        bulk_create(FieldOfStudy, created)
        self.report.add("fields of study", "created", len(created))
        for code, (title, where) in missing:
            self.report.note(
                f"CIP {code} {title!r} is not in the CIP file; created from {where} so its offerings import"
            )
            self.fields[code] = (title, "")

    def sync(self, file_kind, desired, existing, label):
        display = self.ctx.files[file_kind].display
        missing = self.ctx.missing.get(file_kind, {})
        sync_rows(
            self.ctx,
            kind=OFFERINGS,
            model=ProgramOffering,
            keys=OFFERING_KEYS,
            values=OFFERING_VALUES,
            desired=desired,
            existing=existing,
            delete_stale=not self.report.had_bad_rows(display),
            file=display,
            protected=lambda key: key[0] in self.pinned,
            label=label,
            missing={
                OFFERING_OPTIONAL[key]: column for key, column in missing.items() if key in OFFERING_OPTIONAL
            },
            rules=OFFERING_RULES,
        )
