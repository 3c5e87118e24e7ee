"""A focal point of one State never reads nor changes another State's contacts."""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from migdev.registry.models import Contact, Country

pytestmark = pytest.mark.django_db


def _country_url_patterns():
    """Every site URL pattern that takes a State code."""
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and "states/<str:code>" in prefix + str(
                p.pattern
            ):
                found.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def setup(make_user):
    mexico = Country.objects.get(iso3="MEX")
    contact = Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=mexico,
        name="Punto focal de México",
        email="pf@example.org",
    )
    return {
        "focal_fra": make_user(make_user.FOCAL_POINT, country="FRA"),
        "focal_mex": make_user(make_user.FOCAL_POINT, country="MEX"),
        "mexico_contact": contact,
    }


def _fill(pattern: str, contact_pk: int) -> str:
    url = "/" + pattern.replace("<str:code>", "MEX").replace(
        "<int:pk>", str(contact_pk)
    ).replace("<int:contact_id>", str(contact_pk))
    return url.replace("^", "").replace("$", "")


def test_the_walk_finds_the_contact_urls():
    patterns = _country_url_patterns()
    assert any("contacts" in p for p in patterns), patterns


def test_focal_point_of_another_state_gets_403_on_every_contact_url(client, setup):
    client.force_login(setup["focal_fra"])
    contact = setup["mexico_contact"]
    for pattern in _country_url_patterns():
        url = _fill(pattern, contact.pk)
        response = client.get(url)
        if "contacts" in url:
            assert response.status_code == 403, url
            # Refused: 403, or 405 where the page takes no POST at all.
            assert client.post(
                url, {"name": "hijacked", "kind": "focal_point"}
            ).status_code in (403, 405), url
        else:
            # Public pages of a State show no contact records.
            assert response.status_code == 200, url
            assert b"pf@example.org" not in response.content, url
            assert "contacts/" not in response.content.decode(), url
    contact.refresh_from_db()
    assert contact.name == "Punto focal de México"


def test_focal_point_of_another_state_gets_403_on_the_api(client, setup):
    client.force_login(setup["focal_fra"])
    pk = setup["mexico_contact"].pk
    assert client.get("/api/v1/states/MEX/contacts").status_code == 403
    assert client.get(f"/api/v1/states/MEX/contacts/{pk}").status_code == 403
    body = json.dumps({"kind": "focal_point", "name": "hijacked"})
    assert (
        client.post(
            "/api/v1/states/MEX/contacts", body, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        client.put(
            f"/api/v1/states/MEX/contacts/{pk}", body, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/states/MEX/contacts/{pk}").status_code == 403
    # Reaching Mexico's contact through France's URL is refused too.
    assert client.get(f"/api/v1/states/FRA/contacts/{pk}").status_code == 404
    assert Contact.objects.get(pk=pk).name == "Punto focal de México"


def test_focal_point_reads_and_writes_own_state(client, setup):
    client.force_login(setup["focal_mex"])
    assert client.get("/states/MEX/contacts/").status_code == 200
    listing = client.get("/api/v1/states/MEX/contacts").json()["items"]
    assert [c["email"] for c in listing] == ["pf@example.org"]
    created = client.post(
        "/api/v1/states/MEX/contacts",
        json.dumps(
            {
                "kind": "permanent_mission",
                "name": "Misión Permanente de México",
                "preferred_language": "es",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    response = client.post(
        f"/states/MEX/contacts/{setup['mexico_contact'].pk}/",
        {"kind": "focal_point", "name": "Nuevo nombre", "preferred_language": "es"},
    )
    assert response.status_code == 302
    assert Contact.objects.get(pk=setup["mexico_contact"].pk).name == "Nuevo nombre"


def test_anonymous_visitors_are_sent_to_log_in_and_the_api_says_401(client, setup):
    assert client.get("/states/MEX/contacts/").status_code == 302
    assert client.get("/api/v1/states/MEX/contacts").status_code == 401


def test_other_roles_cannot_reach_state_contacts(client, make_user, setup):
    for user in (
        make_user(make_user.ORG_REPORTER, organization="iom"),
        make_user(make_user.FORUM_SUPPORT),
        make_user(),
    ):
        client.force_login(user)
        assert client.get("/states/MEX/contacts/").status_code == 403
        assert client.get("/api/v1/states/MEX/contacts").status_code == 403


def test_secretariat_reaches_every_state(client, make_user, setup):
    client.force_login(make_user(make_user.SECRETARIAT))
    assert client.get("/states/MEX/contacts/").status_code == 200
    assert client.get("/api/v1/states/FRA/contacts").status_code == 200
