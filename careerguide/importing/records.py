"""Writing the ImportRun record of a run: who ran it, the files with sizes and checksums, the outcome."""

import getpass
import hashlib
import os
from decimal import Decimal

from .models import ImportRun


def operator(by=None):
    """Who runs this: `--by` when given, else the operating-system user."""
    if by:
        return by[:150]
    try:
        return getpass.getuser()[:150]
    except (OSError, KeyError):  # no user name in the environment or the password database
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def file_facts(name, path):
    """{"name", "bytes", "sha256"} of one data file (or a file inside a .zip)."""
    data = path.read_bytes()
    return {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def record_run(report, *, command, directory, by, started_at, files, families="", error=""):
    """Save the record of a finished run; called outside the run's transaction, so a failed run
    (rolled back) is recorded too."""
    return ImportRun.objects.create(
        command=command,
        families=families,
        directory=str(directory)[:500],
        by=by,
        started_at=started_at,
        seconds=None if report.seconds is None else Decimal(f"{report.seconds:.1f}"),
        dry_run=report.dry_run,
        keep_going=report.keep_going,
        allow_shrink=report.allow_shrink,
        succeeded=not error,
        error=error,
        files=files,
        counts=[{"kind": kind, **actions} for kind, actions in report.counts.items()],
        report=report.render(),
    )
