"""deploy/backup.sh and deploy/restore.sh against a scratch PostgreSQL database and media folder."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts import stack

ROOT = Path(__file__).resolve().parent.parent
# One scratch database per test run (runs in parallel must not drop each other's).
DATABASE_URL = os.environ.get(
    "BACKUP_TEST_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/careerguide_backup_test_{os.getpid()}"
)
SERVER_URL, DATABASE = DATABASE_URL.rsplit("/", 1)


def psql(sql, database="postgres"):
    return subprocess.run(
        ["psql", f"{SERVER_URL}/{database}", "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def postgres_missing():
    if not all(shutil.which(tool) for tool in ("psql", "pg_dump", "pg_restore")):
        return "PostgreSQL client tools (psql, pg_dump, pg_restore) are not installed"
    try:
        psql("SELECT 1")
    except subprocess.CalledProcessError as error:
        return f"no PostgreSQL server at {SERVER_URL}: {error.stderr.strip()}"
    return None


pytestmark = pytest.mark.skipif(postgres_missing() is not None, reason=str(postgres_missing()))


def row_counts():
    """Rows in every table of the scratch database, by table name."""
    tables = psql(
        "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'",
        DATABASE,
    ).split(",")
    counts = psql(" UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables), DATABASE)
    return dict(line.split("|") for line in counts.splitlines())


def media_files(folder):
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def site_env(media_root, database=DATABASE):
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": "backup-test-only",
        "DATABASE_URL": f"{SERVER_URL}/{database}",
        "MEDIA_ROOT": str(media_root),
    }


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory):
    """A database migrated and seeded once for the module: each test's site is a copy of it."""
    template = f"{DATABASE}_template"
    psql(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{template}"')
    env = site_env(tmp_path_factory.mktemp("template-media"), template)
    stack.manage(env, ["migrate", "--noinput"], ["loaddata", "seed"])
    yield template
    psql(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


@pytest.fixture
def site(tmp_path, migrated_template):
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{migrated_template}"')
    env = site_env(tmp_path / "media")
    (tmp_path / "media" / "logos").mkdir(parents=True)
    (tmp_path / "media" / "logos" / "umd.png").write_bytes(b"\x89PNG logo bytes")
    (tmp_path / "media" / "covers").mkdir()
    (tmp_path / "media" / "covers" / "deep-learning.png").write_bytes(b"\x89PNG cover bytes")
    yield env, tmp_path
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def run_script(name, env, *arguments):
    return subprocess.run(
        ["sh", str(ROOT / "deploy" / name), *map(str, arguments)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def test_restore_brings_back_every_row_and_media_file(site):
    env, folder = site
    media = folder / "media"
    counts = row_counts()
    assert int(counts["schools_school"]) == 6
    assert int(counts["careers_career"]) == 1
    files = media_files(media)

    backup = run_script("backup.sh", env, folder / "backups")
    dump, archive = (Path(line) for line in backup.stdout.split())
    assert dump.suffix == ".dump" and archive.name.endswith("-media.tar.gz")
    assert oct(dump.stat().st_mode & 0o777) == "0o600"  # editors' password hashes are in it

    # Damage: rows gone, a logo gone, a stray file added.
    psql("TRUNCATE schools_school, careers_career CASCADE", DATABASE)
    assert row_counts() != counts
    (media / "logos" / "umd.png").unlink()
    (media / "stray.txt").write_text("not in the backup")

    restore = run_script("restore.sh", env, dump, archive)
    assert "Restored the database" in restore.stdout

    assert row_counts() == counts
    assert media_files(media) == files
    kept = [path for path in folder.iterdir() if path.name.startswith("media.before-restore-")]
    assert len(kept) == 1 and (kept[0] / "stray.txt").read_text() == "not in the backup"


def test_restore_refuses_missing_files_and_leaves_the_database_alone(site):
    env, folder = site
    counts = row_counts()
    with pytest.raises(subprocess.CalledProcessError) as failed:
        run_script("restore.sh", env, folder / "nope.dump", folder / "nope.tar.gz")
    assert "No such dump" in failed.value.stderr
    assert row_counts() == counts


def test_backup_needs_its_settings(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as failed:
        run_script("backup.sh", {"PATH": os.environ["PATH"]}, tmp_path)
    assert "DATABASE_URL" in failed.value.stderr
