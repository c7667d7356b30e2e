"""Import runs you can trust (issue 25): a run's record is written "running" before it reads
anything and completed or marked failed at the end; a run killed on the way is found and marked
by the next; one import at a time, the second refused with a message that names the first."""

import contextlib
import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import time
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from careerguide.importing import runner
from careerguide.importing.lock import ADVISORY_KEY, lock_file_path
from careerguide.importing.models import ImportRun
from schools.models import School

from .import_samples import write_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tmp_path):
    return write_dataset(tmp_path / "data")


@contextlib.contextmanager
def lock_held_by_another_process():
    """What another import holds while it runs: PostgreSQL's advisory lock, taken on a connection
    of its own (another session), or the SQLite lock file, locked through a handle of its own."""
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)
        other = psycopg.connect(**params, autocommit=True)
        try:
            other.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
            yield
            # Let go before closing: a closed session's locks go when its server process ends, a
            # moment later.
            other.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        finally:
            other.close()
        return
    with lock_file_path().open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def test_the_record_says_running_while_the_run_reads_and_writes(data, monkeypatch):
    seen = []
    import_schools = runner.import_schools

    def watched(ctx):
        seen.append(list(ImportRun.objects.values_list("status", "finished_at")))
        import_schools(ctx)

    monkeypatch.setattr(runner, "import_schools", watched)
    call_command("import_schools", str(data), stdout=StringIO())
    assert seen == [[("running", None)]]
    run = ImportRun.objects.get()
    assert run.status == "succeeded" and run.finished_at is not None


def test_a_second_import_is_refused_with_a_clear_message_and_recorded(data):
    first = ImportRun.objects.create(
        directory="/srv/data", by="jane", process="web1 pid 4242", started_at="2026-01-05T10:00:00Z"
    )
    with lock_held_by_another_process(), pytest.raises(CommandError) as refused:
        call_command("import_schools", str(data), "--by", "joe", stdout=StringIO())
    message = str(refused.value)
    assert message == (
        f"Another import is running (run {first.pk}, started 2026-01-05 10:00:00 UTC by jane (web1 pid 4242)): "
        "this one did not start, and nothing was written. Run it again once that one has finished."
    )
    assert School.objects.count() == 0
    if connection.vendor == "postgresql":
        second = ImportRun.objects.exclude(pk=first.pk).get()
        assert (second.by, second.status, second.error) == ("joe", "failed", message)
    else:  # the other import holds SQLite's one writer until it ends: said, not recorded
        assert ImportRun.objects.count() == 1
    first.refresh_from_db()
    assert first.status == "running"  # still going, as far as anyone can tell: left alone


def test_the_import_runs_once_the_other_has_finished(data):
    with lock_held_by_another_process(), pytest.raises(CommandError):
        call_command("import_schools", str(data), stdout=StringIO())
    call_command("import_schools", str(data), stdout=StringIO())
    assert School.objects.count() == 9
    assert ImportRun.objects.latest_first().first().status == "succeeded"


def test_a_run_left_running_by_a_killed_process_is_marked_failed_at_the_next_start(data):
    killed = ImportRun.objects.create(directory="/srv/data", by="jane", started_at="2026-01-05T10:00:00Z")
    out = StringIO()
    call_command("import_schools", str(data), stdout=out)
    killed.refresh_from_db()
    assert killed.status == "failed"
    assert killed.error.startswith("Interrupted: the run's process ended before it finished (killed?)")
    assert f"An earlier run {killed.pk}, started 2026-01-05 10:00:00 UTC by jane" in out.getvalue()
    assert ImportRun.objects.exclude(pk=killed.pk).get().status == "succeeded"


def test_an_unexpected_failure_is_recorded_and_raised(data, monkeypatch):
    def broken(ctx):
        School.objects.create(unitid=1, name="Half-written", slug="half-written", state="MD")
        raise RuntimeError("disk full")

    monkeypatch.setattr(runner, "import_schools", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        call_command("import_schools", str(data), stdout=StringIO())
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert run.error == "The run stopped unexpectedly (RuntimeError: disk full); nothing was written."
    assert School.objects.count() == 0


def test_a_snapshot_load_at_start_up_steps_aside_for_a_running_import(tmp_path):
    snapshot = tmp_path / "snapshot.jsonl.xz"
    snapshot.write_bytes(b"")
    out = StringIO()
    with lock_held_by_another_process():
        call_command("load_snapshot", "--file", str(snapshot), stdout=out)
    assert out.getvalue().startswith("Snapshot not loaded. Another import is running")
    assert ImportRun.objects.count() == 0


KILLABLE_IMPORT = """
import io, sys, time
import django
django.setup()
from django.core.management import call_command
from careerguide.importing import runner
import_schools = runner.import_schools
def slow(ctx):
    import_schools(ctx)
    print("written, not committed", flush=True)
    time.sleep(60)
runner.import_schools = slow
call_command("import_schools", sys.argv[1], "--by", "killed", stdout=io.StringIO())
"""


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="runs its own SQLite database file in other processes (the lock on PostgreSQL: the tests above)",
)
def test_a_killed_import_leaves_its_record_for_the_next_run_and_no_lock(tmp_path, data):
    """In real processes: an import is killed (SIGKILL) after writing, before committing; the next
    import starts (the lock died with the process), marks the record, and imports."""
    database = tmp_path / "site.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
    }
    root = settings.BASE_DIR

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert manage("migrate", "--noinput").returncode == 0
    killable = subprocess.Popen(
        [sys.executable, "-c", KILLABLE_IMPORT, str(data)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert killable.stdout.readline() == "written, not committed\n"
        refused = manage("import_schools", str(data), "--by", "second")
        assert refused.returncode == 1
        assert "Another import is running" in refused.stderr and "by killed" in refused.stderr
    finally:
        killable.send_signal(signal.SIGKILL)
        killable.wait()
        killable.stdout.close()
    started = time.monotonic()
    after = manage("import_schools", str(data), "--by", "third")
    assert after.returncode == 0, after.stderr
    assert time.monotonic() - started < 30
    with contextlib.closing(sqlite3.connect(database)) as db:
        runs = db.execute(
            "SELECT by, status, substr(error, 1, 40) FROM importing_importrun ORDER BY id"
        ).fetchall()
        schools = db.execute("SELECT count(*) FROM schools_school").fetchone()[0]
    assert runs == [
        ("killed", "failed", "Interrupted: the run's process ended bef"),
        ("third", "succeeded", ""),
    ]
    assert schools == 9
