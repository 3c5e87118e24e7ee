"""Login throttling on /accounts/login/ and /admin/login/: per account and per
address, a clear message, and an unlock path for the secretariat."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def _small_limit():
    with override_settings(AXES_FAILURE_LIMIT=LIMIT):
        yield


def _attempt(client, path, username, password, address="192.0.2.10"):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_the_right_password_is_refused_after_too_many_wrong_ones(
    client, make_user, path
):
    user = make_user(make_user.SECRETARIAT, username="target")
    user.is_staff = True
    user.save()
    for _ in range(LIMIT - 1):
        assert _attempt(client, path, "target", "wrong").status_code == 200
    # The attempt that reaches the limit is answered with the pause already.
    assert _attempt(client, path, "target", "wrong").status_code == 429
    locked = _attempt(client, path, "target", user.raw_password)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Log-in paused" in text
    assert "ask the secretariat to unlock" in text
    assert "_auth_user_id" not in client.session


def test_an_account_is_locked_whatever_the_address(client, make_user):
    user = make_user(username="target")
    for i in range(LIMIT):
        _attempt(client, "/accounts/login/", "target", "wrong", f"198.51.100.{i}")
    assert (
        _attempt(client, "/accounts/login/", "target", user.raw_password, "203.0.113.9")
    ).status_code == 429


def test_an_address_is_locked_whatever_the_account(client, make_user):
    user = make_user(username="other")
    for i in range(LIMIT):
        _attempt(client, "/accounts/login/", f"guess{i}", "wrong")
    assert (
        _attempt(client, "/accounts/login/", "other", user.raw_password)
    ).status_code == 429
    # Another address still logs in.
    assert (
        _attempt(client, "/accounts/login/", "other", user.raw_password, "203.0.113.9")
    ).status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, make_user):
    user = make_user(username="typist")
    for _ in range(LIMIT - 1):
        _attempt(client, "/accounts/login/", "typist", "wrong")
    assert (
        _attempt(client, "/accounts/login/", "typist", user.raw_password).status_code
        == 302
    )
    client.logout()
    for _ in range(LIMIT - 1):
        _attempt(client, "/accounts/login/", "typist", "wrong")
    assert (
        _attempt(client, "/accounts/login/", "typist", user.raw_password).status_code
        == 302
    )


def test_the_secretariat_unlocks_an_account_from_the_command_line(client, make_user):
    user = make_user(username="target")
    for _ in range(LIMIT):
        _attempt(client, "/accounts/login/", "target", "wrong", "198.51.100.1")
    assert (
        _attempt(
            client, "/accounts/login/", "target", user.raw_password, "198.51.100.2"
        ).status_code
        == 429
    )
    call_command("axes_reset_username", "target")
    assert (
        _attempt(
            client, "/accounts/login/", "target", user.raw_password, "198.51.100.2"
        ).status_code
        == 302
    )


def test_the_secretariat_unlocks_in_the_admin(client, make_user):
    from axes.models import AccessAttempt

    user = make_user(username="target")
    for _ in range(LIMIT):
        _attempt(client, "/accounts/login/", "target", "wrong", "198.51.100.1")
    secretariat = make_user(make_user.SECRETARIAT, username="chief")
    secretariat.is_staff = secretariat.is_superuser = True
    secretariat.save()
    admin = type(client)()
    admin.force_login(secretariat)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "target" in listing.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    done = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert done.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert (
        _attempt(
            client, "/accounts/login/", "target", user.raw_password, "198.51.100.2"
        ).status_code
        == 302
    )


@override_settings(MIGDEV_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, make_user):
    user = make_user(username="other")
    for i in range(LIMIT):
        client.post(
            "/accounts/login/",
            {"username": f"guess{i}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            # What the client wrote itself comes first and is not believed.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 198.51.100.7",
        )
    other_client = client.post(
        "/accounts/login/",
        {"username": "other", "password": user.raw_password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert other_client.status_code == 302
    same_client = client.post(
        "/accounts/login/",
        {"username": "other", "password": user.raw_password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7",
    )
    assert same_client.status_code == 429
