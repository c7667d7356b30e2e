"""Degrade, don't fail (issue 25): with the shared cache unreachable (REDIS_URL at a closed port),
public pages are served uncached (logged, counted), an editor's save goes through, an import
finishes and is recorded, and the readiness endpoint says the cache is down."""

import logging
import socket
import uuid
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from redis.exceptions import RedisError

from careerguide.core import cache as page_cache
from careerguide.core.models import DataVersion
from careerguide.importing.models import ImportRun
from careerguide.importing.tests.import_samples import write_dataset
from schools.models import School
from tests.admin_forms import edit_school

PUBLIC_PAGES = [
    "/",
    "/careers/",
    "/careers/machine-learning-engineer/",
    "/schools/",
    "/schools/?state=MD&sort=name",
    "/schools/university-of-maryland-college-park/",
    "/schools/compare/?school=university-of-maryland-college-park&school=oregon-state-university",
    "/resources/",
    "/search/?q=maryland",
    "/sitemap.xml",
    "/sitemap-schools.xml",
]


def closed_port():
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    """The site as production runs it (Redis, every cacheable page cached), Redis at a closed port."""
    settings.CACHES = {
        "default": {
            "BACKEND": "careerguide.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/5",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PAGE_CACHE = True
    page_cache.FAILURES.__init__()
    yield page_cache.FAILURES
    page_cache.FAILURES.__init__()  # this process's count and pause, for the tests after this one


def test_public_pages_are_served_uncached_and_the_failures_logged_and_counted(
    client, seed, cache_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="careerguide.cache"):
        for path in PUBLIC_PAGES:
            response = client.get(path)
            assert response.status_code == 200, path
    assert cache_down.failures == 1  # then Redis is left alone for a few seconds: each call skipped
    assert cache_down.skipped > len(PUBLIC_PAGES)
    assert client.get("/")[page_cache.HIT_HEADER] == "unavailable"
    [record] = caplog.records
    assert record.getMessage().startswith(
        "The cache is unreachable (ConnectionError: Error 111 connecting to"
    )
    assert "pages are served uncached" in record.getMessage()


def test_an_editors_save_redirects_to_the_list_and_is_stored(editor_client, seed, cache_down):
    school = School.objects.get(slug="university-of-maryland-college-park")
    version = DataVersion.current()
    response = edit_school(editor_client, school, tuition_in_state="12345")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:schools_school_changelist")
    school.refresh_from_db()
    assert school.tuition_in_state == 12345
    assert DataVersion.current() != version  # the data version lives in the database
    assert cache_down.failures >= 1


def test_an_import_finishes_and_is_recorded(tmp_path, db, cache_down):
    version = DataVersion.current()
    call_command("import_schools", str(write_dataset(tmp_path / "data")), stdout=StringIO())
    run = ImportRun.objects.get()
    assert (run.status, run.error) == ("succeeded", "")
    assert School.objects.count() == 9
    assert DataVersion.current() != version


def test_the_readiness_endpoint_reports_the_cache_down_and_health_stays_ok(client, db, cache_down):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert response.json() == {
        "ready": True,
        "database": "ok",
        "cache": "down: pages are served uncached (1 cache failures in this process)",
    }
    assert client.get("/healthz").content == b"ok"


def test_the_readiness_endpoint_reports_both_up(client, db, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "database": "ok", "cache": "ok (this process's memory)"}


def test_the_cache_comes_back_by_itself(client, seed, cache_down, settings):
    """Once Redis answers again (here: the cache pointed at the running Redis, db 5) the readiness
    probe ends the pause at once, and pages are cached again."""
    assert client.get("/").status_code == 200
    assert cache_down.down()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "careerguide.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/5",
            "KEY_PREFIX": prefix,
        }
    }
    redis = cache._cache.get_client(write=True)
    try:
        redis.ping()
    except RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379 to come back to")
    try:
        assert client.get("/readyz").json()["cache"] == "ok"
        assert not cache_down.down()
        assert client.get("/")[page_cache.HIT_HEADER] == "miss"
        assert client.get("/")[page_cache.HIT_HEADER] == "hit"
    finally:
        for key in redis.scan_iter(match=f"{prefix}:*"):
            redis.delete(key)
