"""Anonymous visitors leave no session behind: no sessionid cookie, no row in django_session."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command

ANONYMOUS_PAGES = [
    "/",
    "/schools/",
    "/schools/?state=MD&sort=-graduation_rate",
    "/schools/university-of-maryland-college-park/",
    "/schools/compare/?school=university-of-maryland-college-park&school=oregon-state-university",
    "/careers/",
    "/careers/machine-learning-engineer/",
    "/resources/",
    "/search/?q=machine",
    "/api/schools/",
    "/schools/export.csv?state=MD",
    "/healthz",
]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_an_anonymous_get_creates_no_session(client, seed, path):
    response = client.get(path)
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == 0


def test_a_signed_in_editor_does_get_a_session(client, editor):
    """The check above can fail: logging in stores a session row and sets the cookie."""
    response = client.post("/admin/login/", {"username": "editor", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert Session.objects.count() == 1


def test_clearsessions_removes_expired_sessions(client, editor, settings):
    settings.SESSION_COOKIE_AGE = -1  # every new session is already expired
    client.force_login(editor)
    assert Session.objects.exists()
    call_command("clearsessions")
    assert Session.objects.count() == 0
