"""Admin login throttling (django-axes): lockout per account and per address, with a message."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from careerguide.core.admin_tools import login_client_address

LOGIN = "/admin/login/?next=/admin/"
ATTACKER, ELSEWHERE = "203.0.113.7", "198.51.100.20"
LOCKED_OUT = "Too many failed logins"


@pytest.fixture
def other(db):
    return User.objects.create_user("other", password="another-long-passphrase", is_staff=True)


def log_in(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client, username="editor", address=ATTACKER):
    for _ in range(4):
        response = log_in(client, username, "wrong password", address)
        assert response.status_code == 200  # the form again, with Django's message
        assert "Please enter the correct username and password" in response.content.decode()
    response = log_in(client, username, "wrong password", address)
    assert response.status_code == 429  # the fifth failure locks
    assert LOCKED_OUT in response.content.decode()


def test_five_wrong_passwords_then_the_right_one_is_refused_with_a_message(client, editor):
    fail_five_times(client)
    response = log_in(client, "editor", "correct-horse-battery", ATTACKER)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_OUT in page
    assert "Try again in 15 minutes." in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_the_locked_account_is_refused_from_another_address_too(client, editor):
    fail_five_times(client)
    response = log_in(client, "editor", "correct-horse-battery", ELSEWHERE)
    assert response.status_code == 429


def test_the_locked_address_is_refused_for_another_account_too(client, editor, other):
    fail_five_times(client)
    response = log_in(client, "other", "another-long-passphrase", ATTACKER)
    assert response.status_code == 429


def test_another_account_from_another_address_logs_in(client, editor, other):
    fail_five_times(client)
    response = log_in(client, "other", "another-long-passphrase", ELSEWHERE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_four_failures_then_success_start_the_count_again(client, editor):
    for _ in range(4):
        log_in(client, "editor", "wrong password", ATTACKER)
    assert log_in(client, "editor", "correct-horse-battery", ATTACKER).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, "editor", "wrong password", ATTACKER)
    assert log_in(client, "editor", "correct-horse-battery", ATTACKER).status_code == 302


def test_failures_are_audited_for_administrators_not_editors(client, editor, admin_client):
    fail_five_times(client)
    assert AccessFailureLog.objects.filter(username="editor", ip_address=ATTACKER).count() == 5
    assert AccessAttempt.objects.filter(username="editor").exists()
    response = admin_client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert response.status_code == 200
    assert ATTACKER in response.content.decode()
    client.force_login(editor)
    assert client.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 403


def test_force_login_and_the_editor_client_still_work(editor_client):
    assert editor_client.get("/admin/").status_code == 200


def test_behind_a_proxy_the_client_is_the_address_the_proxy_appended(settings):
    request = RequestFactory().get(
        "/admin/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    assert login_client_address(request) == "127.0.0.1"  # no proxy trusted: the connection's address
    settings.LOGIN_THROTTLE_PROXY_COUNT = 1
    assert login_client_address(request) == "203.0.113.7"  # not the spoofable left-most one
