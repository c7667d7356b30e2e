"""Reads on a replica (careerguide.core.db_router): public GETs read there; writes, the admin, reads
after a write and the data version stay on the primary."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from careerguide.careers.models import Career
from careerguide.core.db_router import PRIMARY, REPLICA, PrimaryReplicaRouter, ReadsOnReplicaMiddleware
from careerguide.core.models import DataVersion
from resources.models import Resource
from schools.models import School
from scripts import stack

router = PrimaryReplicaRouter()


@pytest.fixture
def with_replica(settings):
    """The router sees a replica configured (its connection is never opened here)."""
    settings.DATABASE_REPLICA_URL = "postgres://replica.example.org/careerguide"


def served(request, view):
    """Where `view` (called inside the middleware, as a request is) reads, as it records them."""
    return ReadsOnReplicaMiddleware(view)(request)


def test_without_a_replica_everything_reads_the_primary():
    assert (
        served(RequestFactory().get("/"), lambda request: HttpResponse(router.db_for_read(School))).content
        == b"default"
    )


def test_a_public_get_reads_the_replica_until_it_writes(with_replica, db):
    seen = []

    def view(request):
        seen.append(router.db_for_read(School))
        seen.append(router.db_for_read(DataVersion))
        Resource.objects.create(kind="book", title="A new book", url="https://example.org/")
        seen.append(router.db_for_read(School))
        return HttpResponse()

    served(RequestFactory().get("/resources/"), view)
    assert seen == [REPLICA, PRIMARY, PRIMARY]
    # The next request starts on the replica again.
    served(
        RequestFactory().head("/"), lambda request: seen.append(router.db_for_read(Career)) or HttpResponse()
    )
    assert seen[-1] == REPLICA


@pytest.mark.parametrize(
    ("method", "path"), [("get", "/admin/careers/career/"), ("post", "/schools/shortlist/"), ("put", "/")]
)
def test_the_admin_and_forms_read_the_primary(with_replica, method, path):
    request = getattr(RequestFactory(), method)(path)
    assert served(request, lambda request: HttpResponse(router.db_for_read(School))).content == b"default"


def test_outside_a_request_commands_read_the_primary(with_replica):
    assert router.db_for_read(School) == PRIMARY
    assert router.db_for_write(School) == PRIMARY


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate(PRIMARY, "schools") is True
    assert router.allow_migrate(REPLICA, "schools") is False


# --- Two real databases on the local PostgreSQL ----------------------------------------------------

REPLICA_CHECKS = """
import json, django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
client = Client()
public = client.get("/careers/machine-learning-engineer/").content.decode()
api = client.get("/api/careers/machine-learning-engineer/").json()
editor = User.objects.create_superuser("replica-editor", "editor@example.org", "x")  # on the primary only
client.force_login(editor)
admin = client.get("/admin/careers/career/")
print(json.dumps({
    "public": "Replica Copy" in public,
    "api": api["title"],
    "admin_status": admin.status_code,
    "admin_title": "Machine Learning Engineer" in admin.content.decode(),
}))
"""


def psql(url, sql):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qtAc", sql], check=True, capture_output=True)


@pytest.mark.django_db
def test_pages_read_a_real_replica_and_the_admin_the_primary(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs a PostgreSQL server for two databases: run with DATABASE_URL=postgres://… (CI does)"
        )
    server = connection.settings_dict
    base = f"postgres://{server['USER']}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
    name = f"cg_replica_{secrets.token_hex(4)}"
    primary, replica = f"{base}/{name}_primary", f"{base}/{name}_replica"
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "1",
        "PAGE_CACHE": "0",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": primary,
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
        "PGPASSWORD": server.get("PASSWORD") or "",
    }
    psql(f"{base}/postgres", f'CREATE DATABASE "{name}_primary"')
    try:
        stack.manage(env, ["migrate", "--noinput"], ["ensure_seed"])
        # The replica: a copy of the primary, then a difference only it holds.
        psql(f"{base}/postgres", f'CREATE DATABASE "{name}_replica" TEMPLATE "{name}_primary"')
        psql(replica, "UPDATE careers_career SET title = 'Replica Copy'")
        completed = subprocess.run(
            [sys.executable, "-c", REPLICA_CHECKS],
            cwd=stack.ROOT,
            env={**env, "DATABASE_REPLICA_URL": replica},
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        for database in ("replica", "primary"):
            psql(f"{base}/postgres", f'DROP DATABASE IF EXISTS "{name}_{database}" WITH (FORCE)')
    checks = json.loads(completed.stdout.strip().splitlines()[-1])
    assert checks == {"public": True, "api": "Replica Copy", "admin_status": 200, "admin_title": True}
