"""Find the public data files in a folder by their names, and run the importers in one transaction."""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from careerguide.core.cache import bump_data_version

from .base import ImportContext, cycle_collection_paused
from .occupations import import_occupations
from .programs import import_programs
from .readers import ZipMember
from .schools import import_schools
from .versions import record_revision

# File name patterns (case-insensitive, anywhere under the folder) → kind of file.
PATTERNS = {
    "ipeds_institutions": r"ipeds(?P<year>\d{4})_institutions\.(?:csv|xlsx)",
    "ipeds_cost": r"ipeds(?P<year>\d{4})_cost\.(?:csv|xlsx)",
    "ipeds_enrollment": r"ipeds(?P<year>\d{4})_enrollment\.(?:csv|xlsx)",
    "ipeds_gradrates": r"ipeds(?P<year>\d{4})_gradrates\.(?:csv|xlsx)",
    "scorecard_institutions": r"most-recent-cohorts-institution.*\.(?:csv|xlsx)",
    "scorecard_earnings": r"earnings_(?P<year>\d{4})\.(?:csv|xlsx)",
    "scorecard_api": r"api_extract_(?P<year>\d{4})\.(?:csv|xlsx)",
    "scorecard_merged": r"merged(?P<year>\d{4})_(?P<end>\d{2})_pp.*\.(?:csv|xlsx)",
    "cip_codes": r"cipcode(?P<year>\d{4})\.(?:csv|xlsx)",
    "cip_soc": r"cip(?P<year>\d{4})_soc\d{4}_crosswalk\.(?:csv|xlsx)",
    "scorecard_fos": r"scorecard_field_of_study_(?P<year>\d{4}).*\.(?:csv|xlsx)",
    "ipeds_completions": r"ipeds_c(?P<year>\d{4})_bachelor_programs\.(?:csv|xlsx)",
    "onet_occupations": r"occupation data\.(?:txt|xlsx)",
    "onet_alternate_titles": r"alternate titles\.(?:txt|xlsx)",
    "onet_tasks": r"task statements\.(?:txt|xlsx)",
    "onet_technology": r"technology skills\.(?:txt|xlsx)",
    "onet_job_zones": r"job zones\.(?:txt|xlsx)",
    "onet_education": r"education, training, and experience\.(?:txt|xlsx)",
    "onet_education_categories": r"education, training, and experience categories\.(?:txt|xlsx)",
    "onet_related": r"related occupations\.(?:txt|xlsx)",
    "oews": r"(?:oews_)?national_m(?P<year>\d{4})_dl\.(?:csv|xlsx)",
    "oews_fields": r"(?:oews_)?national_m(?P<year>\d{4})_field_descriptions\.(?:csv|xlsx)",
    "ep": r"ep_table1\.2_.*?(?P<year>\d{4})-(?P<end>\d{2})\.(?:csv|xlsx)",
}
COMPILED = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in PATTERNS.items()}

FAMILIES = {
    "schools": (
        "ipeds_institutions",
        "ipeds_cost",
        "ipeds_enrollment",
        "ipeds_gradrates",
        "scorecard_institutions",
        "scorecard_earnings",
        "scorecard_api",
        "scorecard_merged",
    ),
    "programs": ("cip_codes", "cip_soc", "scorecard_fos", "ipeds_completions"),
    "occupations": (
        "onet_occupations",
        "onet_alternate_titles",
        "onet_tasks",
        "onet_technology",
        "onet_job_zones",
        "onet_education",
        "onet_education_categories",
        "onet_related",
        "oews",
        "oews_fields",
        "ep",
    ),
}


class ImportSetupError(Exception):
    """The folder cannot be imported at all (it does not exist, two files claim one role…)."""


@dataclass(frozen=True)
class FileRef:
    kind: str
    path: Path | ZipMember
    display: str
    year: str | None = None
    end: str | None = None


def find_files(directory, families=tuple(FAMILIES)):
    """The files of `families` found under `directory`, and the names of the others."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportSetupError(f"{directory} is not a folder")
    wanted = {kind for family in families for kind in FAMILIES[family]}
    found, unused = {}, []
    for path, display in candidates(directory):
        kind, match = next(
            (
                (kind, pattern.fullmatch(path.name))
                for kind, pattern in COMPILED.items()
                if pattern.fullmatch(path.name)
            ),
            (None, None),
        )
        if kind is None:
            unused.append(display)
            continue
        if kind not in wanted:
            continue
        if kind in found:
            raise ImportSetupError(
                f"two files look like the same data: {found[kind].display} and {display}; keep one"
            )
        groups = match.groupdict()
        found[kind] = FileRef(kind, path, display, groups.get("year"), groups.get("end"))
    return found, unused


def candidates(directory):
    """(path, name shown) of every file under `directory`, and of every file inside its .zip
    downloads (read in place, never unpacked): `onet/db_29_2_text.zip:db_29_2_text/Job Zones.txt`."""
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() != ".zip":
            yield path, str(relative)
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                members = sorted(info.filename for info in archive.infolist() if not info.is_dir())
        except zipfile.BadZipFile:
            raise ImportSetupError(f"{relative} is not a readable .zip file") from None
        for member in members:
            if any(part.startswith((".", "__MACOSX")) for part in member.split("/")):
                continue
            yield ZipMember(path, member, f"{relative}:{member}"), f"{relative}:{member}"


def run_import(directory, report, *, families=tuple(FAMILIES)):
    """Import what `directory` holds for `families` into `report` (which carries the run's options);
    all or nothing (a dry run rolls back). `report.sources` lists the files found, read or not."""
    files, unused = find_files(directory, families)
    if not files:
        expected = ", ".join(PATTERNS[kind] for family in families for kind in FAMILIES[family][:2])
        raise ImportSetupError(f"no data file recognised in {directory} (expected names like {expected})")
    report.sources = files
    report.unused_files = unused
    dry_run = report.dry_run
    ctx = ImportContext(files, report, timezone.now())
    with cycle_collection_paused(), transaction.atomic():
        if "schools" in families:
            import_schools(ctx)
        if "programs" in families:
            import_programs(ctx)
        if "occupations" in families:
            import_occupations(ctx)
        if dry_run:
            transaction.set_rollback(True)
        else:
            ctx.guard.save_marks()
            record_revision(ctx)
    if not dry_run:
        # Bulk writes send no model signals: make every cached page stale here, once.
        bump_data_version()
        if report.changes:
            refresh_planner_statistics()
    return report


def refresh_planner_statistics():
    """ANALYZE after bulk writes, so the query planner picks the finder's indexes.

    Without statistics SQLite reads `state IN (…) AND admission_rate <= …` through the wrong
    index.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
