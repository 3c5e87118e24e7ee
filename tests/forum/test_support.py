"""Good practices (¶13), the focal points' network (¶14), the support unit
and its money (¶19)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from migdev.forum import selectors, services
from migdev.forum.models import Contribution, Practice

pytestmark = pytest.mark.django_db


def test_a_focal_point_submits_in_its_language_and_the_unit_publishes(
    client, make_user, state, support
):
    services.themes_load()
    egy = make_user(make_user.FOCAL_POINT, country="EGY")
    client.force_login(egy)
    page = client.get("/ar/forum/practices/submit/")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    done = client.post(
        "/ar/forum/practices/submit/",
        {
            "country": state("EGY").pk,
            "language": "ar",
            "title": "شبكة المصريين في الخارج",
            "description": "وصف الممارسة.",
            "themes": ["data-research", "remittances"],
        },
    )
    assert done.status_code == 302
    practice = Practice.objects.get()
    assert (practice.language, practice.status) == ("ar", "submitted")
    # Not public before review.
    client.logout()
    assert client.get("/api/v1/forum/practices").json()["count"] == 0
    # Another State's focal point may not submit for Egypt.
    mex = make_user(make_user.FOCAL_POINT, country="MEX")
    with pytest.raises(PermissionDenied):
        services.practice_submit(
            actor=mex,
            country=state("EGY"),
            language="es",
            title="x",
            description="y",
            themes=["remittances"],
        )
    with pytest.raises(ValidationError):
        services.practice_submit(
            actor=egy,
            country=state("EGY"),
            language="ar",
            title="x",
            description="y",
            themes=["no-such-theme"],
        )
    assert Practice.objects.count() == 1
    # The support unit sees it waiting and publishes it.
    client.force_login(support)
    listing = client.get("/forum/practices/").content.decode()
    assert 'data-testid="to-review"' in listing and "شبكة المصريين" in listing
    client.post(f"/forum/practices/{practice.pk}/review/", {"decision": "publish"})
    client.logout()
    found = client.get(
        "/api/v1/forum/practices", {"theme": "data-research", "state": "EGY"}
    ).json()
    assert [p["title"] for p in found["items"]] == ["شبكة المصريين في الخارج"]


def test_returning_a_practice_needs_a_reason(support, make_user, state):
    services.themes_load()
    fra = make_user(make_user.FOCAL_POINT, country="FRA")
    practice = services.practice_submit(
        actor=fra,
        country=state("FRA"),
        language="fr",
        title="Titre",
        description="Description",
        themes=["coherence"],
    )
    with pytest.raises(ValidationError):
        services.practice_review(actor=support, practice=practice, publish=False)
    with pytest.raises(PermissionDenied):
        services.practice_review(actor=fra, practice=practice, publish=True)
    services.practice_review(
        actor=support, practice=practice, publish=False, note="Please add results."
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.RETURNED


def test_the_focal_points_directory_is_the_support_units(client, make_user, demo):
    from migdev.registry.models import Contact, Country

    Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=Country.objects.get(iso3="PHL"),
        name="Focal point of the Philippines",
        title="Labour migration and the diaspora",
        email="fp.phl@example.org",
    )
    fra = make_user(make_user.FOCAL_POINT, country="FRA")
    client.force_login(fra)
    assert client.get("/forum/focal-points/").status_code == 403
    client.force_login(make_user(make_user.FORUM_SUPPORT))
    html = client.get("/forum/focal-points/").content.decode()
    assert "Labour migration and the diaspora" in html and "Philippines" in html


def test_the_statement_of_a_year(client, make_user, demo):
    support = make_user(make_user.FORUM_SUPPORT)
    statement = selectors.statement(support, 2008)
    rows = {r["currency"]: r for r in statement.rows}
    assert rows["USD"]["cash"] == Decimal("750000")
    assert rows["USD"]["in_kind"] == Decimal("350000")
    assert rows["USD"]["spent"] == Decimal("670000")
    assert rows["USD"]["balance"] == Decimal("80000")
    client.force_login(support)
    html = client.get("/forum/support-unit/", {"year": "2008"}).content.decode()
    assert 'data-currency="USD">80000.00<' in html
    fp = make_user(make_user.FOCAL_POINT, country="FRA")
    client.force_login(fp)
    assert client.get("/forum/support-unit/").status_code == 403
    with pytest.raises(PermissionDenied):
        selectors.statement(fp, 2008)


def test_bad_money_is_refused(support, state):
    with pytest.raises(ValidationError) as exc:
        services.contribution_record(
            actor=support,
            government=state("CHE"),
            year=2008,
            kind="cash",
            amount="-5",
            currency="USD",
        )
    assert "more than zero" in str(exc.value)
    with pytest.raises(ValidationError):
        services.contribution_record(
            actor=support,
            government=state("CHE"),
            year=2008,
            kind="cash",
            amount="5",
            currency="dollars",
        )
    assert not Contribution.objects.exists()
