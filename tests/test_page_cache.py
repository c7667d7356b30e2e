"""The shared page cache: anonymous pages come from the cache until the data changes."""

import uuid

import pytest
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.urls import resolve
from redis.exceptions import RedisError

from careerguide.careers.models import Career
from careerguide.core.cache import (
    DATA_VERSION_KEY,
    HIT_HEADER,
    PublicPageCacheMiddleware,
    bump_data_version,
    data_version,
    page_parameters,
)
from careerguide.core.models import DataVersion
from careerguide.listings.compare import ComparisonContextForm
from careerguide.listings.filters import CareerExplorerFilterSet, SchoolFinderFilterSet
from resources.filters import ResourceFilter
from schools.models import School

CAREER_PAGE = "/careers/machine-learning-engineer/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The suite runs with the page cache off (PAGE_CACHE=0); these tests turn it on."""
    settings.PAGE_CACHE = True


def test_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client, seed, django_assert_num_queries
):
    first = client.get(CAREER_PAGE)
    assert first.status_code == 200 and first[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(CAREER_PAGE)
        assert second.status_code == 200
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_an_editors_save_makes_the_page_fresh_at_once(client, seed):
    assert b"Machine Learning Engineer" in client.get(CAREER_PAGE).content
    career = Career.objects.get(slug="machine-learning-engineer")
    career.title = "Machine Learning Specialist"
    career.save()
    response = client.get(CAREER_PAGE)
    assert response[HIT_HEADER] == "miss"
    assert b"Machine Learning Specialist" in response.content


def test_a_bulk_import_bumps_the_version_through_the_service(client, seed):
    """Imports write with bulk_update (no signals): they call bump_data_version themselves."""
    client.get("/")
    before = data_version()
    School.objects.filter(unitid=163286).update(name="Renamed by an import")
    bump_data_version()
    assert data_version() != before
    assert client.get("/")[HIT_HEADER] == "miss"


def test_the_version_is_bumped_again_when_the_transaction_commits(seed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        School.objects.filter(unitid=163286).get().save()
        during = cache.get(DATA_VERSION_KEY)
    assert cache.get(DATA_VERSION_KEY) != during


def test_visitors_with_their_own_state_are_never_served_a_shared_page(client, seed):
    client.get(CAREER_PAGE)  # now cached
    for cookie in ("sessionid", "shortlist", "messages"):
        client.cookies.clear()
        client.cookies[cookie] = "x"
        response = client.get(CAREER_PAGE)
        assert response.status_code == 200
        assert HIT_HEADER not in response, cookie


def test_logged_in_editors_see_live_pages(editor_client, seed):
    editor_client.get(CAREER_PAGE)
    assert HIT_HEADER not in editor_client.get(CAREER_PAGE)


def test_only_listed_pages_and_only_gets_are_cached(client, seed):
    assert HIT_HEADER not in client.get("/healthz")
    assert HIT_HEADER not in client.get("/api/careers/machine-learning-engineer/")
    assert HIT_HEADER not in client.post(CAREER_PAGE)
    missing = client.get("/careers/no-such-career/")
    assert missing.status_code == 404 and HIT_HEADER not in missing
    assert HIT_HEADER not in client.get("/careers/no-such-career/")


def test_a_response_that_sets_a_cookie_is_not_stored(rf, db):
    def page_with_a_token(request):
        response = HttpResponse("<form>token</form>")
        response.set_cookie("csrftoken", "secret")
        return response

    middleware = PublicPageCacheMiddleware(page_with_a_token)
    for _ in range(2):
        response = middleware(rf.get("/"))
        assert response.status_code == 200
        assert HIT_HEADER not in response


# --- keys from the parameters a page knows (issue 25) -----------------------------------------------


@pytest.fixture
def finder_cached(settings):
    settings.PAGE_CACHE = True


def test_unknown_parameters_and_their_order_make_no_new_entry(client, seed, finder_cached):
    first = client.get("/schools/?state=MD&sort=name")
    assert first[HIT_HEADER] == "miss"
    for path in (
        "/schools/?sort=name&state=MD",
        "/schools/?sort=name&utm_source=mail&state=MD&zzz=1",
        "/schools/?state=MD&sort=name&q=&tuition_in_max=",
    ):
        response = client.get(path)
        assert response[HIT_HEADER] == "hit", path
        assert response.content == first.content
    assert client.get("/schools/?state=VA&sort=name")[HIT_HEADER] == "miss"  # a parameter it knows
    assert client.get("/schools/?state=MD&state=VA&sort=name")[HIT_HEADER] == "miss"


def test_a_page_is_rendered_from_the_parameters_it_knows_only(client, seed, finder_cached):
    """A parameter the page does not know never reaches the page its key stands for: no link of the
    shared page carries it."""
    school = "/schools/university-of-maryland-college-park/"
    response = client.get(f"{school}?next=https://evil.example/&utm_source=mail")
    assert response[HIT_HEADER] == "miss"
    text = response.content.decode()
    assert "evil.example" not in text and "utm_source" not in text
    finder = client.get("/schools/?state=MD&injected=%3Cb%3E&page=1")
    assert "injected" not in finder.content.decode()


def test_every_parameter_of_the_cached_listings_is_declared(db):
    """A cached listing's page must declare every parameter its filter set reads (and the page
    number), or a page asked for with it would be served the page without it."""
    for path, filterset in (
        ("/schools/", SchoolFinderFilterSet),
        ("/careers/", CareerExplorerFilterSet),
        ("/resources/", ResourceFilter),
    ):
        filters = filterset(QueryDict(), queryset=filterset._meta.model.objects.all()).filters
        assert {*filters, "page"} <= set(page_parameters(resolve(path).func)), path
    assert set(page_parameters(resolve("/schools/compare/").func)) == {
        "school",
        *ComparisonContextForm.base_fields,
    }
    assert page_parameters(resolve("/search/").func) == ("q",)


def test_search_results_are_served_from_the_cache_until_the_data_changes(client, seed):
    first = client.get("/search/?q=machine+learning")
    assert first.status_code == 200 and first[HIT_HEADER] == "miss"
    again = client.get("/search/?q=machine+learning&utm_source=mail")
    assert again[HIT_HEADER] == "hit" and again.content == first.content
    career = Career.objects.get(slug="machine-learning-engineer")
    career.title = "Machine Learning Specialist"
    career.save()
    fresh = client.get("/search/?q=machine+learning")
    assert fresh[HIT_HEADER] == "miss"
    assert "Machine Learning Specialist" in fresh.content.decode()


def test_random_query_strings_make_one_entry_in_redis(client, seed, finder_cached, settings):
    """The audit's 2,000 requests with random query strings made 2,000 entries (128 MB in Redis)."""
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
        pytest.skip("no Redis at 127.0.0.1:6379")
    try:
        for number in range(300):
            assert client.get(f"/schools/?state=MD&cachebust={number}&x{number}=1").status_code == 200
        assert len(list(redis.scan_iter(match=f"{prefix}:*page:*"))) == 1
    finally:
        for key in redis.scan_iter(match=f"{prefix}:*"):
            redis.delete(key)


def test_the_data_version_lives_in_the_database_and_survives_the_cache_emptied(db, django_assert_num_queries):
    version = bump_data_version()
    assert data_version() == version == DataVersion.current()
    cache.clear()
    with django_assert_num_queries(1):
        assert data_version() == version  # read back from the database, then copied
    with django_assert_num_queries(0):
        assert data_version() == version
