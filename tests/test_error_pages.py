"""Error pages (400, 403, 404, 500, CSRF failure) in the site's layout with a search box and ways
back, as production serves them: DEBUG off."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from tests import markup

pytestmark = pytest.mark.django_db


def text(response):
    return markup.squashed(BeautifulSoup(response.content, "html.parser").get_text())


def assert_site_error_page(response, status, heading):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert f"Error {status}" in text(response)
    assert f'<h1 id="error-heading">{heading}</h1>' in content
    # The site's layout: header navigation and footer.
    assert '<a class="brand" href="/">Careerguide</a>' in content
    assert '<nav aria-label="Main">' in content
    assert "O*NET 29.2 Database by the U.S. Department of Labor" in content
    # A search box and ways back.
    assert '<form class="search-form" action="/search/" method="get" role="search">' in content
    assert '<input id="error-q" type="search" name="q"' in content
    assert '<a href="/">Home page</a>' in content
    assert '<a href="/schools/">Find a school</a>' in content
    assert '<meta name="robots" content="noindex">' in content


def test_debug_is_off():
    assert settings.DEBUG is False


def test_missing_page_is_the_sites_404(client):
    response = client.get("/no/such/page/?q=<script>")
    assert_site_error_page(response, 404, "This page does not exist")
    assert "There is no page at /no/such/page/." in text(response)


def test_missing_school_and_career_are_the_sites_404(client):
    assert_site_error_page(client.get("/schools/no-such-school/"), 404, "This page does not exist")
    assert_site_error_page(client.get("/careers/no-such-career/"), 404, "This page does not exist")


def test_hostile_path_is_escaped_on_the_404(client):
    response = client.get("/%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()
    assert "There is no page at /%3Cscript%3Ealert%281%29%3C/script%3E/." in text(response)


@pytest.mark.urls("tests.error_urls")
def test_server_error_is_the_sites_500():
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/")
    assert_site_error_page(response, 500, "Something went wrong on our side")
    assert "a bug, on purpose" not in response.content.decode()


@pytest.mark.urls("tests.error_urls")
def test_bad_request_is_the_sites_400(client):
    response = client.get("/test-errors/400/")
    assert_site_error_page(response, 400, "This request could not be understood")
    assert "on purpose" not in response.content.decode()


@pytest.mark.urls("tests.error_urls")
def test_permission_denied_is_the_sites_403(client):
    response = client.get("/test-errors/403/")
    assert_site_error_page(response, 403, "You cannot open this page")


def test_csrf_failure_is_the_sites_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/schools/shortlist/", {"action": "add", "school": "anything"})
    assert_site_error_page(response, 403, "Your form could not be sent")
    assert "go back, reload the page and try again" in text(response)
