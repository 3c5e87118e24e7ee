"""Access follows dated roles, for superusers too: ending the secretariat role
of a Django superuser (as the demo's secretariat is) ends its access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from migdev.registry.models import RoleAssignment
from migdev.registry.permissions import roles_of
from tests.consultation.factories import make_campaign


@pytest.fixture
def superuser(make_user):
    user = make_user(make_user.SECRETARIAT, username="chief")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _end_role(user, role=RoleAssignment.Role.SECRETARIAT):
    """The role ended yesterday (``end`` is the first day without it)."""
    RoleAssignment.objects.filter(user=user, role=role).update(
        start=timezone.localdate() - dt.timedelta(days=30),
        end=timezone.localdate(),
    )
    user.__dict__.pop("_migdev_roles", None)


def _pages(campaign):
    recipient = campaign.recipients.order_by("pk").first()
    return [
        "/admin/",
        "/admin/auth/user/",
        f"/consultations/analysis/campaigns/{campaign.pk}/replies.csv",
        f"/consultations/analysis/campaigns/{campaign.pk}/replies.xlsx",
        f"/consultations/replies/{recipient.pk}/",
        f"/consultations/campaigns/{campaign.pk}/recipients/{recipient.pk}/",
    ]


@pytest.mark.django_db
def test_a_superuser_with_a_current_role_reaches_admin_replies_and_exports(
    client, superuser
):
    campaign = make_campaign()
    client.force_login(superuser)
    for path in _pages(campaign):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_ending_a_superusers_role_closes_admin_replies_and_exports(client, superuser):
    campaign = make_campaign()
    _end_role(superuser)
    assert not roles_of(superuser).secretariat
    client.force_login(superuser)
    for path in _pages(campaign):
        response = client.get(path)
        if path.startswith("/admin/"):
            # The admin sends a login without the right to its own login page.
            assert response.status_code == 302, path
            assert response["Location"].startswith("/admin/login/"), path
        else:
            assert response.status_code in (403, 404), (path, response.status_code)
    api = client.get(f"/api/v1/replies/{campaign.recipients.first().pk}")
    assert api.status_code in (403, 404)


@pytest.mark.django_db
def test_a_superuser_without_any_role_sees_what_a_visitor_sees(client, make_user):
    user = make_user(username="root")
    user.is_staff = user.is_superuser = True
    user.save()
    campaign = make_campaign()
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    assert client.get(_pages(campaign)[2]).status_code in (403, 404)


@pytest.mark.django_db
def test_roles_command_grants_and_ends_the_secretariat_role(client, make_user):
    user = make_user(username="officer")
    user.is_staff = True
    user.save()
    User = type(user)
    call_command("roles", "grant", "officer", "secretariat")
    assert roles_of(User.objects.get(pk=user.pk)).secretariat
    call_command("roles", "end", "officer", "secretariat")
    assert not roles_of(User.objects.get(pk=user.pk)).secretariat
    assert RoleAssignment.objects.get(user=user).end == timezone.localdate()


@pytest.mark.django_db
def test_ending_the_demo_secretariat_closes_the_admin(client):
    from migdev.registry.demo import load_demo

    load_demo()
    call_command("roles", "end", "secretariat", "secretariat")
    login = client.post(
        "/admin/login/?next=/admin/",
        {"username": "secretariat", "password": "migdev-demo"},
    )
    assert login.status_code == 302  # the password is right ...
    admin = client.get("/admin/")  # ... but the admin is for a current secretariat
    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/login/")
