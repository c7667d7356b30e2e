"""Admin login throttling (django-axes): an account and an address counted together, a cap per
address, messages that say how many tries remain and whom to ask (SPEC section 5)."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from careerguide.core.admin_tools import login_client_address
from schools.tests.factories import SchoolFactory

LOGIN = "/admin/login/?next=/admin/"
ATTACKER, ELSEWHERE = "203.0.113.7", "198.51.100.20"
LOCKED_OUT = "Too many failed logins"


@pytest.fixture
def other(db):
    return User.objects.create_user("other", password="another-long-passphrase", is_staff=True)


def log_in(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client, username="editor", address=ATTACKER):
    for attempt in range(1, 5):
        response = log_in(client, username, "wrong password", address)
        assert response.status_code == 200  # the form again, with Django's message
        page = " ".join(response.content.decode().split())
        assert "Please enter the correct username and password" in page
        left = 5 - attempt
        assert (
            f"{left} {'try remains' if left == 1 else 'tries remain'} for this account from this address"
            in page
        )
        assert "ask a Careerguide administrator to reset it" in page
    response = log_in(client, username, "wrong password", address)
    assert response.status_code == 429  # the fifth failure locks
    assert LOCKED_OUT in response.content.decode()


def test_five_wrong_passwords_then_the_right_one_is_refused_with_a_message(client, editor):
    fail_five_times(client)
    response = log_in(client, "editor", "correct-horse-battery", ATTACKER)
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert LOCKED_OUT in page
    assert "Logging in as “editor” from this address is paused for 15 minutes" in page
    assert "ask a Careerguide administrator" in page
    assert "changepassword" not in page
    assert 'id="site-name"' in page  # the admin's own layout
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_guesses_from_elsewhere_never_lock_the_editor_out_of_their_own_address(client, editor):
    fail_five_times(client)
    response = log_in(client, "editor", "correct-horse-battery", ELSEWHERE)
    assert response.status_code == 302


def test_another_editor_logs_in_from_the_same_address_after_five_wrong_guesses_at_one_account(
    client, editor, other
):
    fail_five_times(client)
    response = log_in(client, "other", "another-long-passphrase", ATTACKER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_a_refused_login_is_not_counted_as_another_failure(client, editor):
    fail_five_times(client)
    for _ in range(3):
        assert log_in(client, "editor", "correct-horse-battery", ATTACKER).status_code == 429
    assert AccessFailureLog.objects.filter(ip_address=ATTACKER).count() == 5


def test_an_address_that_fails_30_times_in_an_hour_is_throttled_whatever_the_account(client, editor, other):
    for number in range(29):
        assert log_in(client, f"guess{number}", "wrong password", ATTACKER).status_code == 200
    response = log_in(client, "guess", "wrong password", ATTACKER)
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "Logins from this address are paused: it has had 30 failed logins in the last 60 minutes" in page
    response = log_in(client, "other", "another-long-passphrase", ATTACKER)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Elsewhere, the same accounts log in.
    assert log_in(client, "other", "another-long-passphrase", ELSEWHERE).status_code == 302


def test_the_address_cap_is_said_when_it_is_nearer_than_the_accounts(client, editor):
    for number in range(27):
        log_in(client, f"guess{number}", "wrong password", ATTACKER)
    page = " ".join(log_in(client, "editor", "wrong password", ATTACKER).content.decode().split())
    assert "2 more failed logins from this address, for any account, and logins from it are paused" in page


def test_failures_older_than_an_hour_no_longer_count_against_the_address(client, editor, other):
    for number in range(30):
        log_in(client, f"guess{number}", "wrong password", ATTACKER)
    AccessFailureLog.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=61))
    assert log_in(client, "other", "another-long-passphrase", ATTACKER).status_code == 302


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


def test_an_editor_refused_a_page_is_told_which_permission_it_needs(editor_client):
    school = SchoolFactory()
    response = editor_client.get(reverse("admin:schools_school_delete", args=[school.pk]))
    assert response.status_code == 403
    page = " ".join(response.content.decode().split())
    assert "Your account, “editor”, may not delete schools." in page
    assert "“Can delete school” (schools.delete_school), which your group (Editors) does not give" in page
    assert "ask a Careerguide administrator" in page
    assert 'id="site-name"' in page


def test_an_editor_refused_an_import_record_change_is_told_so(editor_client):
    response = editor_client.post(reverse("admin:axes_accessattempt_changelist"), {})
    assert response.status_code == 403
    assert "may not change access attempts" in " ".join(response.content.decode().split())
