"""The Forum's pages, on the demo: the Forum page in six languages, a
meeting's page, registration by a focal point and accreditation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from migdev.forum.models import Delegation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "troika", "direction"),
    [
        ("", ["Belgium", "Philippines", "Greece"], "ltr"),
        ("/zh-hans", ["比利时", "菲律宾", "希腊"], "ltr"),
        ("/ar", ["بلجيكا", "الفلبين", "اليونان"], "rtl"),
        ("/fr", ["Belgique", "Philippines", "Grèce"], "ltr"),
    ],
)
def test_the_forum_page_shows_the_troika_in_the_language(
    client, demo, prefix, troika, direction
):
    html = client.get(f"{prefix}/forum/", {"as_of": "2008-07-01"}).content.decode()
    assert f'dir="{direction}"' in html
    section = html.split('data-testid="troika"')[1].split("</ul>")[0]
    positions = [section.index(name) for name in troika]
    assert positions == sorted(positions)
    # Chairs, Steering Group, Friends per year, meetings.
    assert html.count('class="flag"') == 0
    assert f'href="{prefix}/forum/meetings/2/"' in html


def test_the_forum_page_flags_a_chair_that_breaks_the_alternation(client, demo):
    from migdev.forum import services
    from migdev.forum.models import Chairmanship
    from migdev.registry.models import Country
    from tests.forum.conftest import day

    support = Chairmanship.objects.first()  # any record; the actor below is support
    assert support is not None
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.get(username="forum.support")
    services.chair_record(
        actor=actor,
        country=Country.objects.get(iso3="BRA"),
        start=day("2011-01-01"),
        end=day("2012-01-01"),
    )
    html = client.get("/forum/").content.decode()
    assert html.count('class="flag"') == 1
    assert "Chair: Brazil; previous chair: Argentina" in html


def test_a_meeting_page_shows_attendance(client, demo):
    html = client.get("/forum/meetings/2/").content.decode()
    assert "10 State delegations accredited" in html
    assert "Ayala Foundation" in html
    html = client.get("/forum/meetings/1/").content.decode()
    assert "156 States attended" in html
    assert client.get("/forum/meetings/9/").status_code == 404


def _note_verbale():
    return SimpleUploadedFile(
        "NV 2008-123.pdf", b"%PDF-1.4\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def test_registration_accreditation_and_refusal(client, demo, make_user):
    fra = make_user(make_user.FOCAL_POINT, country="FRA")
    mex = make_user(make_user.FOCAL_POINT, country="MEX")
    from migdev.registry.models import Country

    france = Country.objects.get(iso3="FRA")
    client.force_login(mex)
    refused = client.post(
        "/forum/meetings/2/register/",
        {
            "party": f"state:{france.pk}",
            "delegates": "Intruder; Delegate",
            "letter": _note_verbale(),
        },
    )
    assert refused.status_code == 403
    assert not Delegation.objects.filter(country=france).exists()

    client.force_login(fra)
    page = client.get("/forum/meetings/2/register/")
    assert page.status_code == 200 and "France" in page.content.decode()
    bad = client.post(
        "/forum/meetings/2/register/",
        {"party": f"state:{france.pk}", "delegates": " ", "letter": _note_verbale()},
    )
    assert bad.status_code == 400
    missing = client.post(
        "/forum/meetings/2/register/",
        {"party": f"state:{france.pk}", "delegates": "Claire Martin"},
    )
    assert missing.status_code == 400
    assert "note verbale of the Permanent Mission" in missing.content.decode()
    done = client.post(
        "/forum/meetings/2/register/",
        {
            "party": f"state:{france.pk}",
            "delegates": "Claire Martin; Head of delegation; claire@example.org\nPaul Roux; Adviser",
            "letter": _note_verbale(),
        },
    )
    assert done.status_code == 302
    delegation = Delegation.objects.get(country=france)
    assert delegation.status == "pending" and delegation.delegates.count() == 2
    assert delegation.letter_name == "NV 2008-123.pdf"
    # The focal point of Mexico does not see France's pending registration.
    client.force_login(mex)
    assert "Claire Martin" not in client.get("/forum/meetings/2/").content.decode()
    assert (
        client.post(
            f"/forum/delegations/{delegation.pk}/decide/", {"decision": "accredit"}
        ).status_code
        == 404
    )

    support = make_user(make_user.FORUM_SUPPORT)
    client.force_login(support)
    assert "Claire Martin" in client.get("/forum/meetings/2/").content.decode()
    client.post(f"/forum/delegations/{delegation.pk}/decide/", {"decision": "accredit"})
    delegation.refresh_from_db()
    assert delegation.status == "accredited"
    html = client.get("/forum/meetings/2/").content.decode()
    assert "11 State delegations accredited" in html


def test_practices_page_searches(client, demo):
    html = client.get("/forum/practices/", {"theme": "remittances"}).content.decode()
    assert "Programa 3x1" in html and "Pre-departure" not in html
    html = client.get("/forum/practices/", {"region": "002"}).content.decode()
    assert "Marocains" in html and "Programa 3x1" not in html


def test_lists_are_punctuated_as_the_language_writes_them(client, demo):
    """Chinese separates the items of a list with "、" and puts "：" after a
    label; no ", " is left between Chinese names ({% list_sep %},
    {% label_colon %})."""
    import re

    html = client.get("/zh-hans/forum/", {"as_of": "2008-07-01"}).content.decode()
    assert re.search(r"[\u4e00-\u9fff]、[\u4e00-\u9fff]", html)
    assert not re.search(r"[\u4e00-\u9fff）], [\u4e00-\u9fff]", html)
    # A seat held ex officio: full-width brackets, no space before them.
    assert "菲律宾（当然成员）" in html and " (当然成员)" not in html
    meeting = client.get("/zh-hans/forum/meetings/2/").content.decode()
    organizations = meeting.split('data-testid="attendance-organizations">')[1]
    assert not re.search(r"^[^<]*: ", organizations)
    assert "：" in organizations.split("</p>")[0]
