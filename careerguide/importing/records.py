"""The ImportRun record of a run: written "running" first, completed or marked failed at the end,
under the one-import-at-a-time lock; who ran it, the files with sizes and checksums, the outcome."""

import contextlib
import getpass
import hashlib
import os
import socket
import time
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.utils import timezone

from .lock import ImportLockHeldError, import_lock
from .models import ImportRun
from .readers import DataFileError


def operator(by=None):
    """Who runs this: `--by` when given, else the operating-system user."""
    if by:
        return by[:150]
    try:
        return getpass.getuser()[:150]
    except (OSError, KeyError):  # no user name in the environment or the password database
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def this_process():
    return f"{socket.gethostname()} pid {os.getpid()}"[:150]


def file_facts(name, path, read=None):
    """{"name", "bytes", "sha256"} of one data file (or a file inside a .zip), with what the run
    read of it when it did (`read`: rows and how the file ends, see readers.Table.facts)."""
    try:
        data = path.read_bytes()
    except DataFileError as error:  # a member of an archive too large to unpack
        return {"name": name, "unread": error.message}
    facts = {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    facts.update(read or {})
    return facts


def run_files(report):
    """The record's list of files: every file the run found, with its size and checksum, and for
    those it read, their rows and how they end (the next run compares its own with them)."""
    return [
        file_facts(ref.display, ref.path, report.read_facts.get(ref.display))
        for ref in report.sources.values()
    ]


class RunRefusedError(CommandError):
    """Another import or snapshot load holds the lock: this run did not start."""


class RunRecord:
    """The run in progress: its record, and the error that failed it, if any."""

    def __init__(self, run):
        self.run = run
        self.error = ""
        self.files = []

    def fail(self, message):
        self.error = message


def describe(run):
    return f"run {run.pk}, started {run.started_at:%Y-%m-%d %H:%M:%S} UTC by {run.by} ({run.process or 'process unknown'})"


def mark_interrupted():
    """Runs left "running" by a process that ended without finishing them (killed, or its machine
    stopped). Called with the import lock held, so no such run is still going."""
    stale = list(ImportRun.objects.filter(status=ImportRun.Status.RUNNING))
    for run in stale:
        run.status = ImportRun.Status.FAILED
        run.error = (
            f"Interrupted: the run's process ended before it finished (killed?); found by the next run at "
            f"{timezone.now():%Y-%m-%d %H:%M:%S} UTC. Its transaction was rolled back: nothing it read was written."
        )
        run.save(update_fields=["status", "error"])
    return stale


def new_record(report, *, command, directory, by, families, started_at, status, error=""):
    return ImportRun.objects.create(
        command=command,
        families=families,
        directory=str(directory)[:500],
        by=by,
        process=this_process(),
        started_at=started_at,
        dry_run=report.dry_run,
        keep_going=report.keep_going,
        allow_shrink=report.allow_shrink,
        allow_changes=report.allow_changes,
        status=status,
        error=error,
    )


def complete(run, report, *, files, error, seconds):
    run.status = ImportRun.Status.FAILED if error else ImportRun.Status.SUCCEEDED
    run.error = error
    run.finished_at = timezone.now()
    run.seconds = Decimal(f"{seconds:.1f}")
    run.files = files
    run.counts = [{"kind": kind, **actions} for kind, actions in report.counts.items()]
    run.report = report.render()
    run.save()


@contextlib.contextmanager
def recorded_run(report, *, command, directory, by, families="", record_refusal=True):
    """Run the block as one recorded run, one at a time.

    The lock first: a second run is refused at once with a message naming the first (and recorded
    as failed, where the database can take that write meanwhile). Then runs a killed process left
    "running" are marked failed, and this run's record
    is written "running" (each in its own transaction: the command runs outside any). The block
    calls `record.fail(message)` for the failures it expects and sets `record.files`; an unexpected
    exception fails the run too, and goes on. The record is completed whatever happened.
    `record_refusal=False`: a refused run leaves no record (a snapshot load at start-up, which an
    import under way makes needless)."""
    started_at, clock = timezone.now(), time.perf_counter()
    try:
        with import_lock():
            for run in mark_interrupted():
                report.note(f"An earlier {describe(run)} had been interrupted: it is now marked failed.")
            try:
                run = new_record(
                    report,
                    command=command,
                    directory=directory,
                    by=by,
                    families=families,
                    started_at=started_at,
                    status=ImportRun.Status.RUNNING,
                )
            except DatabaseError as failure:
                raise CommandError(
                    f"The run cannot be recorded ({failure}); run `manage.py migrate`."
                ) from None
            report.run_id = run.pk
            record = RunRecord(run)
            try:
                yield record
            except BaseException as failure:
                record.fail(
                    f"The run stopped unexpectedly ({type(failure).__name__}: {failure}); nothing was written."
                )
                complete(
                    run, report, files=record.files, error=record.error, seconds=time.perf_counter() - clock
                )
                raise
            report.seconds = time.perf_counter() - clock
            complete(run, report, files=record.files, error=record.error, seconds=report.seconds)
    except ImportLockHeldError:
        holder = ImportRun.objects.filter(status=ImportRun.Status.RUNNING).latest_first().first()
        message = (
            "Another import is running"
            + (f" ({describe(holder)})" if holder else "")
            + ": this one did not start, and nothing was written. Run it again once that one has finished."
        )
        # SQLite takes one writer at a time, and the other import holds it until it ends: the
        # refusal is only said, not recorded, there.
        if record_refusal and connection.vendor != "sqlite":
            new_record(
                report,
                command=command,
                directory=directory,
                by=by,
                families=families,
                started_at=started_at,
                status=ImportRun.Status.FAILED,
                error=message,
            )
        raise RunRefusedError(message) from None
