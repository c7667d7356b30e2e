"""How the site talks to its database in production (PostgreSQL through DATABASE_URL)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_postgresql_runs_queries_without_jit_compilation():
    # JIT compiled the career finder's and the export's queries on every request (~30 ms each).
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting: run with DATABASE_URL=postgres://… (CI does)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_jit_off_is_added_to_the_options_database_url_gives():
    # Settings are read once a process: read them in a new one, with a URL that carries options.
    url = "postgres://user@db.example.org:5432/careerguide?options=-c%20statement_timeout%3D5000"
    script = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"
    completed = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "careerguide.settings",
            "DEBUG": "1",
            "DATABASE_URL": url,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout.strip() == "-c statement_timeout=5000 -c jit=off"
