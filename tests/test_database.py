"""How the site talks to its database in production (PostgreSQL through DATABASE_URL)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_runs_queries_without_jit_compilation():
    # JIT compiled the career finder's and the export's queries on every request (~30 ms each).
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting: run with DATABASE_URL=postgres://… (CI does)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
