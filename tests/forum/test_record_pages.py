"""The support unit's pages that record chairs and Friends meetings: bad
input refused with the reason, nothing half-saved."""

from __future__ import annotations

import pytest

from migdev.forum.models import Chairmanship, FriendsMeeting

pytestmark = pytest.mark.django_db


def test_recording_chairs(client, demo, make_user):
    client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    assert client.get("/forum/chairs/new/").status_code == 403
    client.force_login(make_user(make_user.FORUM_SUPPORT))
    overlapping = client.post(
        "/forum/chairs/new/",
        {"state": "MEX", "start": "2010-06-01", "end": "2011-06-01"},
    )
    assert overlapping.status_code == 400
    assert "(Argentina, 2010-01-01 to 2011-01-01)" in overlapping.content.decode()
    unknown = client.post(
        "/forum/chairs/new/",
        {"state": "XYZ", "start": "2011-01-01", "end": "2012-01-01"},
    )
    assert unknown.status_code == 400 and "XYZ" in unknown.content.decode()
    assert Chairmanship.objects.count() == 4
    # Brazil after Argentina: recorded, and flagged.
    done = client.post(
        "/forum/chairs/new/",
        {"state": "BRA", "start": "2011-01-01", "end": "2012-01-01"},
        follow=True,
    )
    html = done.content.decode()
    assert "The chair is recorded." in html
    assert "Chair: Brazil; previous chair: Argentina" in html
    assert Chairmanship.objects.count() == 5


def test_recording_a_friends_meeting(client, make_user):
    client.force_login(make_user(make_user.FORUM_SUPPORT))
    refused = client.post(
        "/forum/friends-meetings/new/",
        {"date": "2009-03-10", "states": "BEL, PHL XYZ", "organizations": "iom"},
    )
    assert refused.status_code == 400
    assert "No State has the code XYZ" in refused.content.decode()
    assert not FriendsMeeting.objects.exists()
    client.post(
        "/fr/forum/friends-meetings/new/",
        {"date": "2009-03-10", "states": "BEL PHL GRC", "organizations": "iom"},
    )
    meeting = FriendsMeeting.objects.get()
    assert sorted(meeting.states.values_list("iso3", flat=True)) == [
        "BEL",
        "GRC",
        "PHL",
    ]
    assert meeting.place.get_text("fr") == "Genève"


def test_recording_the_reports_transmission(client, demo, make_user):
    from migdev.forum.models import Meeting

    client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    assert (
        client.post(
            "/forum/meetings/2/report/",
            {"transmitted_on": "2008-12-01", "symbol": "A/63/XXX"},
        ).status_code
        == 403
    )
    client.force_login(make_user(make_user.FORUM_SUPPORT))
    early = client.post(
        "/forum/meetings/2/report/",
        {"transmitted_on": "2008-10-01", "symbol": "A/63/XXX"},
        follow=True,
    )
    assert "The report is transmitted after the meeting." in early.content.decode()
    assert Meeting.objects.get(edition=2).report_symbol == ""
    done = client.post(
        "/forum/meetings/2/report/",
        {"transmitted_on": "2008-12-01", "symbol": "A/63/XXX"},
        follow=True,
    )
    assert "The transmission is recorded." in done.content.decode()
    meeting = Meeting.objects.get(edition=2)
    assert (meeting.report_symbol, str(meeting.report_transmitted_on)) == (
        "A/63/XXX",
        "2008-12-01",
    )
    api = client.get("/api/v1/forum/meetings").json()["items"][1]
    assert api["report_symbol"] == "A/63/XXX"


def test_the_admin_shows_the_forum_and_edits_descriptive_records_only(
    client, demo, make_user
):
    admin = make_user(make_user.SECRETARIAT)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    for model in (
        "meeting",
        "chairmanship",
        "delegation",
        "dialogue",
        "migrationprofile",
        "contribution",
    ):
        assert client.get(f"/admin/forum/{model}/").status_code == 200, model
    assert client.get("/admin/forum/chairmanship/add/").status_code == 403
    assert client.get("/admin/forum/contribution/add/").status_code == 200
