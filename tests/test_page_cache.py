"""The shared page cache: anonymous pages come from the cache until the data changes."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from careerguide.careers.models import Career
from careerguide.core.cache import (
    DATA_VERSION_KEY,
    HIT_HEADER,
    PublicPageCacheMiddleware,
    bump_data_version,
    data_version,
)
from schools.models import School

CAREER_PAGE = "/careers/machine-learning-engineer/"
CACHED_PAGES = ["pages:home", "pages:career"]


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The suite runs with the page cache off (PAGE_CACHE=0); these tests turn it on."""
    settings.PAGE_CACHE_URL_NAMES = CACHED_PAGES


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


def test_a_response_that_sets_a_cookie_is_not_stored(rf):
    def page_with_a_token(request):
        response = HttpResponse("<form>token</form>")
        response.set_cookie("csrftoken", "secret")
        return response

    middleware = PublicPageCacheMiddleware(page_with_a_token)
    for _ in range(2):
        response = middleware(rf.get("/"))
        assert response.status_code == 200
        assert HIT_HEADER not in response
