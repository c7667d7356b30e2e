"""Security headers on every page, as production sends them (the test settings run with DEBUG off)."""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from careerguide.core.security import SecurityHeadersMiddleware

ROOT = Path(__file__).resolve().parent.parent

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PUBLIC_PAGES = [
    "/",
    "/careers/",
    "/careers/machine-learning-engineer/",
    "/schools/",
    "/schools/?state=MD&sort=-graduation_rate",
    "/schools/?tuition_in_max=abc",
    "/schools/university-of-maryland-college-park/",
    "/schools/compare/?school=university-of-maryland-college-park&school=oregon-state-university",
    "/resources/",
    "/search/?q=machine",
]
OTHER_RESPONSES = [
    ("/api/schools/", 200),
    ("/api/schools/?sort=drop", 400),
    ("/schools/export.csv?state=MD", 200),
    ("/healthz", 200),
    ("/robots.txt", 200),
    ("/admin/login/", 200),
    ("/admin/", 302),
    ("/no-such-page/", 404),
]


def assert_security_headers(response):
    assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions.split(", ")
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_tests_run_with_debug_off():
    assert settings.DEBUG is False


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers(client, seed, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize(("path", "status"), OTHER_RESPONSES)
def test_api_csv_admin_and_error_responses_send_them_too(client, seed, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert_security_headers(response)


def test_static_files_send_the_policies_too(client):
    # whitenoise answers before the clickjacking middleware: CSP's frame-ancestors covers framing.
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, <style> elements, style and on* attributes."""

    def __init__(self):
        super().__init__()
        self.blocked = []
        self.json_ld = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            if attributes.get("type") == "application/ld+json":
                self._in_json_ld = True
            elif "src" not in attributes:
                self.blocked.append(f"inline <script {attrs}>")
        if tag == "style":
            self.blocked.append("<style> element")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_inline_script_or_style(client, seed, path):
    response = client.get(path)
    assert response.status_code == 200
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    assert finder.blocked == []


def test_the_finder_catches_inline_code():
    finder = InlineCodeFinder()
    finder.feed('<p style="color:red" onclick="x()"><script>alert(1)</script><a href="javascript:x()">')
    assert len(finder.blocked) == 4


def test_json_ld_is_a_data_block_the_policy_does_not_need_to_allow(client, seed):
    response = client.get("/careers/machine-learning-engineer/")
    assert response.status_code == 200
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    documents = [json.loads(text) for text in finder.json_ld]
    assert documents, "the career page carries JSON-LD"
    assert all(document["@context"] == "https://schema.org" for document in documents)


def test_strict_transport_security_is_one_year_without_subdomains_or_preload_by_default(client, db):
    response = client.get("/healthz", secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def production_settings(**environment):
    """Settings as a production process with this environment reads them (a fresh interpreter)."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-key-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "careerguide.example.org",
        **environment,
    }
    names = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}} | "
        "{'SECURE_PROXY_SSL_HEADER': getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_hsts_subdomains_and_preload_are_opt_in_from_the_environment():
    assert production_settings() == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    assert production_settings(
        SECURE_HSTS_SECONDS="63072000", SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1"
    ) == {
        "SECURE_HSTS_SECONDS": 63072000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_the_proxy_scheme_header_is_trusted_only_when_named():
    assert production_settings(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]


def test_a_request_through_the_proxy_counts_as_https(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def run_deploy_check(**environment):
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": "Zq8v-3NfT1o_kR7w9XcB2mLp6sYdE4hGjU0aVtQiWnOyHlKbCxMzFr5gPeJ8uDs1",
        "ALLOWED_HOSTS": "careerguide.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # not connected to: the check reads the setting
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_deploy_check_is_clean_in_production_mode():
    result = run_deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_is_clean_with_every_hsts_option_on():
    result = run_deploy_check(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_still_fails_on_a_real_problem():
    result = run_deploy_check(SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def middleware_response(status, debug, settings):
    settings.DEBUG = debug
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse(status=status))
    return middleware(RequestFactory().get("/"))


def test_debug_error_pages_go_without_a_policy_and_everything_else_with_it(settings):
    # Django's technical 404/500 pages (DEBUG only) are styled and scripted inline.
    assert "Content-Security-Policy" not in middleware_response(404, True, settings).headers
    assert "Content-Security-Policy" in middleware_response(200, True, settings).headers
    assert "Content-Security-Policy" in middleware_response(404, False, settings).headers
    assert "camera=()" in middleware_response(500, True, settings).headers["Permissions-Policy"]


def test_a_view_that_sets_its_own_policy_keeps_it(settings):
    def view(request):
        response = HttpResponse()
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        return response

    assert SecurityHeadersMiddleware(view)(RequestFactory().get("/")).headers["Content-Security-Policy"] == (
        "default-src 'none'"
    )


def test_the_deploy_check_asks_for_a_shared_cache():
    without_redis = run_deploy_check(REDIS_URL="")
    assert without_redis.returncode == 1
    assert "careerguide.W001" in without_redis.stderr + without_redis.stdout
    assert "Set REDIS_URL" in without_redis.stderr + without_redis.stdout
    assert run_deploy_check(REDIS_URL="", PAGE_CACHE="0").returncode == 0
