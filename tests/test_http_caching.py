"""HTTP caching (SPEC section 6): Cache-Control, ETag from the data and code versions, 304."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from careerguide.careers.models import Career
from careerguide.core.cache import data_version
from careerguide.core.http_caching import code_digest
from schools.models import School
from schools.tests.factories import ProgramOfferingFactory
from schools.vocabulary import CredentialLevel

SCHOOL = "university-of-maryland-college-park"
PUBLIC = "public, max-age=0, must-revalidate, s-maxage=30"


@pytest.fixture
def site(seed):
    """The seed, with a program at the school, for its level's page."""
    school = School.objects.get(slug=SCHOOL)
    ProgramOfferingFactory(school=school, field__code="11.07", credential_level=CredentialLevel.BACHELOR)
    return seed


# Every public page that changes only with data (they show a visitor's own things with a cookie).
PAGES = [
    "/",
    "/schools/",
    "/schools/?state=MD&sort=name",
    f"/schools/{SCHOOL}/",
    f"/schools/{SCHOOL}/programs/bachelors/",
    f"/schools/compare/?school={SCHOOL}&school=university-of-southern-california",
    "/careers/",
    "/careers/machine-learning-engineer/",
    "/resources/",
    "/search/?q=maryland",
]
# The same for everyone whatever cookies come along.
EXPORTS = [
    "/schools/export.csv?state=MD",
    "/api/schools/?state=MD",
    f"/api/schools/{SCHOOL}/",
    "/careers/export.csv",
    "/api/careers/",
    "/api/careers/machine-learning-engineer/",
    "/sitemap.xml",
    "/sitemap-schools.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("path", PAGES + EXPORTS)
def test_public_responses_carry_the_data_etag_and_a_shared_lifetime(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert response["ETag"] == f'"{data_version()}-{code_digest()}"'
    assert not response.cookies


@pytest.mark.parametrize("path", PAGES + EXPORTS)
def test_a_request_holding_the_current_etag_gets_304_without_a_body(
    client, site, path, django_assert_max_num_queries
):
    etag = client.get(path)["ETag"]
    with django_assert_max_num_queries(0):
        response = client.get(path, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == PUBLIC


@pytest.mark.parametrize("path", PAGES)
def test_pages_say_they_differ_by_cookie(client, site, path):
    assert "Cookie" in client.get(path)["Vary"]


def test_an_old_etag_gets_the_page(client, site):
    response = client.get("/", headers={"if-none-match": '"1-old"'})
    assert response.status_code == 200
    assert b"<html" in response.content


def test_an_editors_save_changes_the_etag_and_the_old_one_gets_the_new_page(client, site):
    page = "/careers/machine-learning-engineer/"
    before = client.get(page)["ETag"]
    career = Career.objects.get(slug="machine-learning-engineer")
    career.title = "Machine Learning Specialist"
    career.save()
    response = client.get(page, headers={"if-none-match": before})
    assert response.status_code == 200
    assert response["ETag"] != before
    assert b"Machine Learning Specialist" in response.content


def test_a_new_release_changes_the_etag(client, site, settings):
    before = client.get("/")["ETag"]
    settings.CODE_VERSION = "release-2"
    after = client.get("/")
    assert after["ETag"] == f'"{data_version()}-release-2"' != before
    assert client.get("/", headers={"if-none-match": before}).status_code == 200


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("cookie", ["shortlist", "sessionid", "messages"])
def test_a_visitors_own_page_is_private_and_never_answered_from_the_shared_etag(client, site, path, cookie):
    shared_etag = client.get(path)["ETag"]
    client.cookies[cookie] = SCHOOL if cookie == "shortlist" else "x"
    response = client.get(path, headers={"if-none-match": shared_etag})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert "Cookie" in response["Vary"]
    assert response.get("ETag") != shared_etag


def test_exports_stay_public_with_cookies(client, site):
    client.cookies["shortlist"] = SCHOOL
    response = client.get("/api/schools/?state=MD")
    assert response["Cache-Control"] == PUBLIC
    assert (
        client.get("/api/schools/?state=MD", headers={"if-none-match": response["ETag"]}).status_code == 304
    )


@pytest.mark.parametrize(
    "path", ["/healthz", "/careers/no-such-career/", "/admin/login/", "/schools/export.csv?state=ZZ"]
)
def test_other_responses_are_never_public(client, site, path):
    response = client.get(path)
    assert "public" not in response.get("Cache-Control", "")
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_response_setting_a_cookie_is_private(client, site):
    """The shortlist's form answers with a redirect setting the cookie; the page it lands on is the
    visitor's own."""
    response = client.post(
        "/schools/shortlist/",
        {"action": "add", "school": SCHOOL, "next": f"/schools/{SCHOOL}/"},
        headers={"origin": "http://testserver"},
    )
    assert response.cookies
    assert "public" not in response.get("Cache-Control", "")
    assert client.get(f"/schools/{SCHOOL}/")["Cache-Control"].startswith("private")


def test_shared_lifetime_above_a_minute_is_refused(settings):
    settings.HTTP_CACHE_SHARED_SECONDS = 61
    with pytest.raises(SystemCheckError, match=r"careerguide\.E001"):
        call_command("check")
