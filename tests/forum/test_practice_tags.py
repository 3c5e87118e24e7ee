"""Good practices carry Global Compact objectives and SDG targets (the
registry's FrameworkTarget, as the cooperation module's instruments and
funds do): set on submission (page, API, service), shown, filtered by and
counted on the public search and in the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from migdev.forum import selectors, services
from migdev.forum.models import Practice
from migdev.registry.models import Country, FrameworkTarget

pytestmark = pytest.mark.django_db


def _titles(client, **params) -> list[str]:
    response = client.get("/api/v1/forum/practices", params)
    assert response.status_code == 200, response.content
    return sorted(p["title"] for p in response.json()["items"])


def test_the_demo_practices_are_found_and_counted_by_tag(client, demo):
    assert _titles(client, tag="gcm-19") == [
        "Accompagnement de l'investissement des Marocains résidant à l'étranger",
        "Programa 3x1 para Migrantes",
    ]
    assert _titles(client, tag="SDG 8.8") == ["Pre-departure orientation seminars"]
    # Egypt's practice is tagged gcm-1 but not published: neither found nor counted.
    assert _titles(client, tag="gcm-1") == []
    items = client.get("/api/v1/forum/practices", {"state": "MEX"}).json()["items"]
    assert items[0]["tags"] == ["gcm-19", "gcm-20"]
    unknown = client.get("/api/v1/forum/practices", {"tag": "gcm-99"})
    assert unknown.status_code == 400 and "tag" in unknown.content.decode()

    counts = {t.code: n for t, n in selectors.practice_tag_counts(None)}
    assert counts == {"gcm-3": 1, "gcm-6": 1, "gcm-19": 2, "gcm-20": 1, "sdg-8.8": 1}

    html = client.get("/forum/practices/", {"tag": "gcm-19"}).content.decode()
    assert "Programa 3x1" in html and "Pre-departure" not in html
    table = html.split('data-testid="practice-tags"')[1].split("</table>")[0]
    assert '<tr data-tag="gcm-19">' in table and '<td class="num">2</td>' in table
    assert 'data-tag="gcm-1"' not in table
    # An unknown tag on the page finds nothing rather than failing.
    html = client.get("/forum/practices/", {"tag": "nope"}).content.decode()
    assert "No practice matches." in html


def test_a_practice_is_tagged_on_submission_and_a_target_finds_its_indicators(
    client, demo, make_user, support
):
    focal = make_user(make_user.FOCAL_POINT, country="PHL")
    with pytest.raises(ValidationError) as refused:
        services.practice_submit(
            actor=focal,
            country=Country.objects.get(iso3="PHL"),
            language="en",
            title="Remittance price comparison",
            description="A website compares the cost of sending money home.",
            themes=["remittances"],
            tags=["gcm-20", "gcm-99", "sdg-1.1"],
        )
    assert "gcm-99, sdg-1.1" in refused.value.message_dict["tags"][0]
    assert not Practice.objects.filter(title="Remittance price comparison").exists()

    client.force_login(focal)
    created = client.post(
        "/api/v1/forum/practices",
        {
            "state": "PHL",
            "language": "en",
            "title": "Remittance price comparison",
            "description": "A website compares the cost of sending money home.",
            "themes": ["remittances"],
            "tags": ["gcm-20", "SDG 10.c.1"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    practice = Practice.objects.get(pk=created.json()["id"])
    assert sorted(t.code for t in practice.tags.all()) == ["gcm-20", "sdg-10.c.1"]
    services.practice_review(actor=support, practice=practice, publish=True)
    # Asking for SDG target 10.c finds the practice tagged with indicator 10.c.1.
    assert _titles(client, tag="sdg-10.c") == ["Remittance price comparison"]

    # The submission page offers the objectives and targets (not indicators).
    page = client.get("/forum/practices/submit/").content.decode()
    gcm6 = FrameworkTarget.objects.get(code="gcm-6")
    assert f'name="tags" value="{gcm6.pk}"' in page
    indicator = FrameworkTarget.objects.get(code="sdg-10.c.1")
    assert f'name="tags" value="{indicator.pk}"' not in page
    response = client.post(
        "/forum/practices/submit/",
        {
            "country": Country.objects.get(iso3="PHL").pk,
            "language": "en",
            "title": "Ethical recruitment code",
            "description": "Recruitment agencies subscribe to a code.",
            "themes": ["protection"],
            "tags": [gcm6.pk],
        },
    )
    assert response.status_code == 302
    assert [
        t.code
        for t in Practice.objects.get(title="Ethical recruitment code").tags.all()
    ] == ["gcm-6"]
