"""One import at a time: a session-level advisory lock on PostgreSQL, a locked file beside the
database on SQLite. Both are let go by the operating system or the database server when the
process holding them ends, however it ends (a killed import leaves no lock behind)."""

import contextlib
import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from django.db import DatabaseError, connection

# The advisory lock's key: a fixed 64-bit number every Careerguide import asks PostgreSQL for.
ADVISORY_KEY = int.from_bytes(hashlib.sha256(b"careerguide.importing").digest()[:8], "big", signed=True)


class ImportLockHeldError(Exception):
    """Another import (or snapshot load) holds the lock."""


def lock_file_path():
    """The SQLite lock file: beside the database file; for an in-memory database (tests), one per
    process, since no other process can open that database."""
    if connection.is_in_memory_db():
        return Path(tempfile.gettempdir()) / f"careerguide-import-memory-{os.getpid()}.lock"
    return Path(f"{connection.settings_dict['NAME']}.import-lock")


@contextlib.contextmanager
def import_lock():
    """Hold the import lock for the block; ImportLockHeldError at once when another process holds it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            (taken,) = cursor.fetchone()
        if not taken:
            raise ImportLockHeldError
        try:
            yield
        finally:
            # A connection lost meanwhile took the lock with it: nothing is left to let go.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    path = lock_file_path()
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportLockHeldError from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
