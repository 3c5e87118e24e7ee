"""The Global Migration Group (¶44) — members on a day, the chair rotation,
joint products — and the Coordination Meetings (¶26): services, pages, API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from migdev.registry.models import Organization
from migdev.unsystem import selectors, services
from migdev.unsystem.models import CoordinationMeeting, GroupChair, JointProduct

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def org():
    return lambda code: Organization.objects.get(code=code)


@pytest.fixture
def sec(make_user):
    return make_user("secretariat")


def _chair(sec, org, code, start, end):
    return services.chair_add(
        sec, group=org("gmg"), chair=org(code), start=start, end=end
    )


def test_members_on_a_day_come_from_the_registry(org):
    # Mid-2008 (¶44): 13 entities and the regional commissions.
    members = {o.code for o in selectors.gmg(D(2008, 6, 30)).members}
    assert {"desa", "ilo", "iom", "ohchr", "unctad", "undp", "unesco"} <= members
    assert {"unfpa", "unhcr", "unicef", "unitar", "unodc", "world-bank"} <= members
    assert {"eca", "eclac", "escap", "escwa"} <= members
    # The regional commissions joined in 2008; UNESCO in 2007.
    before = {o.code for o in selectors.gmg(D(2006, 6, 30)).members}
    assert "eclac" not in before and "unesco" not in before and "ilo" in before


def test_chair_rotation_and_gaps(sec, org):
    _chair(sec, org, "unfpa", D(2008, 1, 1), D(2008, 7, 1))
    _chair(sec, org, "unctad", D(2008, 7, 1), D(2009, 1, 1))
    _chair(sec, org, "unitar", D(2009, 7, 1), D(2010, 1, 1))
    view = selectors.gmg(D(2008, 10, 27))
    assert view.chair.chair.code == "unctad"
    assert [t.chair.code for t in view.rotation.terms] == ["unfpa", "unctad", "unitar"]
    assert view.rotation.gaps == [(D(2009, 1, 1), D(2009, 7, 1))]
    assert selectors.gmg(D(2009, 3, 1)).chair is None


def test_a_chair_must_be_a_member_and_terms_do_not_overlap(sec, org, make_user):
    with pytest.raises(ValidationError, match="was not a member"):
        _chair(sec, org, "eclac", D(2007, 1, 1), D(2007, 7, 1))  # joined in 2008
    _chair(sec, org, "iom", D(2007, 1, 1), D(2007, 7, 1))
    with pytest.raises(ValidationError, match="overlaps"):
        _chair(sec, org, "desa", D(2007, 6, 1), D(2008, 1, 1))
    with pytest.raises(ValidationError, match="ends before"):
        _chair(sec, org, "desa", D(2007, 12, 1), D(2007, 7, 1))
    with pytest.raises(PermissionDenied):
        _chair(
            make_user("org_reporter", organization="iom"),
            org,
            "desa",
            D(2007, 7, 1),
            D(2008, 1, 1),
        )
    assert GroupChair.objects.count() == 1


def test_meeting_dates_are_checked(sec, org):
    with pytest.raises(ValidationError, match="ends before it starts"):
        services.meeting_save(
            sec,
            CoordinationMeeting(
                number=7,
                start=D(2008, 11, 21),
                end=D(2008, 11, 20),
                convener=org("desa-pd"),
            ),
        )
    assert not CoordinationMeeting.objects.exists()


def test_pages_and_api(client, sec, org):
    _chair(sec, org, "unctad", D(2008, 7, 1), D(2009, 1, 1))
    services.joint_product_save(
        sec,
        JointProduct(
            group=org("gmg"),
            kind="report",
            title={"en": "International Migration and Human Rights"},
            published=D(2008, 10, 1),
        ),
        contributors=[org("ohchr"), org("ilo")],
    )
    services.meeting_save(
        sec,
        CoordinationMeeting(
            number=7,
            start=D(2008, 11, 20),
            end=D(2008, 11, 21),
            convener=org("desa-pd"),
        ),
        participants=[org("iom"), org("eclac")],
    )
    html = client.get("/un-system/gmg/?as_of=2008-10-27").content.decode()
    assert "United Nations Conference on Trade and Development" in html
    assert "International Migration and Human Rights" in html
    body = client.get("/api/v1/gmg?as_of=2008-10-27").json()
    assert body["chair"]["chair"] == "unctad" and "eclac" in body["members"]
    assert set(body["products"][0]["contributors"]) == {"ilo", "ohchr"}
    html = client.get("/es/un-system/coordination-meetings/").content.decode()
    assert "20 de noviembre de 2008" in html
    html = client.get("/un-system/coordination-meetings/7/").content.decode()
    assert "Economic Commission for Latin America and the Caribbean" in html
    page = client.get("/api/v1/coordination-meetings").json()
    assert page["items"][0]["participants"] == ["eclac", "iom"]
    assert client.get("/un-system/coordination-meetings/99/").status_code == 404
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/gmg" in paths and "/api/v1/coordination-meetings" in paths


def test_demo(client):
    from migdev.registry.demo import load_demo as registry_demo
    from migdev.unsystem.demo import load_demo

    registry_demo()
    load_demo()
    assert GroupChair.objects.count() == 12
    # Mid-2008: UNFPA chairs; the 2008 joint report is there.
    view = selectors.gmg(D(2008, 6, 30))
    assert view.chair.chair.code == "unfpa"
    assert any(p.published.year == 2008 and p.kind == "report" for p in view.products)
    assert CoordinationMeeting.objects.get(number=7).start == D(2008, 11, 20)


def test_chair_form(client, sec, org, make_user):
    url = "/un-system/gmg/chairs/new/"
    client.force_login(sec)
    assert (
        "/un-system/gmg/chairs/new/" in client.get("/un-system/gmg/").content.decode()
    )
    page = client.get(url).content.decode()
    assert 'name="chair"' in page and f'value="{org("eclac").pk}"' in page
    post = {"chair": org("eclac").pk, "start": "2007-01-01", "end": "2007-07-01"}
    # Not a member on the first day (the commissions joined in 2008).
    bad = client.post(url, post)
    assert bad.status_code == 400 and not GroupChair.objects.exists()
    assert "was not a member of" in bad.content.decode()
    bad = client.post(url, {**post, "start": "2008-07-01", "end": "2008-01-01"})
    assert bad.status_code == 400 and "ends before" in bad.content.decode()
    ok = client.post(
        url,
        {**post, "start": "2008-07-01", "end": "2009-01-01", "source": "GMG site"},
    )
    assert ok.status_code == 302 and ok["Location"].endswith("/un-system/gmg/")
    term = GroupChair.objects.get()
    assert (term.chair.code, term.start, term.source) == (
        "eclac",
        D(2008, 7, 1),
        "GMG site",
    )
    overlap = client.post(
        url, {"chair": org("iom").pk, "start": "2008-10-01", "end": "2009-04-01"}
    )
    assert overlap.status_code == 400 and "overlaps" in overlap.content.decode()
    assert GroupChair.objects.count() == 1
    # Arabic page of the form.
    ar = client.get(f"/ar{url}")
    assert ar.status_code == 200 and 'dir="rtl"' in ar.content.decode()
    # Others are refused; the public sees no link to the form.
    client.force_login(make_user("org_reporter", organization="iom"))
    assert (
        client.get(url).status_code == 403 and client.post(url, post).status_code == 403
    )
    assert url not in client.get("/un-system/gmg/").content.decode()
