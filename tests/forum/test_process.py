"""The Forum's rules, derived from its records: the troika across chair
changes, the alternation of chairs, the Steering Group's ex officio members
and balance, the Friends' twice a year; and bad input refused whole."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from migdev.core.audit import audit_history
from migdev.forum import selectors, services
from migdev.forum.models import (
    Chairmanship,
    CivilSocietyDay,
    Delegation,
    FriendsMeeting,
)
from migdev.registry.models import CountryName
from tests.forum.conftest import day

pytestmark = pytest.mark.django_db


def _chairs(support, state, rows):
    made = []
    for iso3, start, end in rows:
        chair, check = services.chair_record(
            actor=support, country=state(iso3), start=day(start), end=day(end)
        )
        made.append((chair, check))
    return made


def test_troika_is_derived_across_chair_changes(support, state):
    _chairs(
        support,
        state,
        [
            ("BEL", "2007-01-01", "2008-01-01"),
            ("PHL", "2008-01-01", "2009-01-01"),
            ("GRC", "2009-01-01", "2010-01-01"),
            ("ARG", "2010-01-01", "2011-01-01"),
        ],
    )

    def codes(text):
        t = selectors.troika(day(text))
        return tuple(c.country.iso3 if c else None for c in (t.past, t.current, t.next))

    assert codes("2007-06-01") == (None, "BEL", "PHL")
    assert codes("2007-12-31") == (None, "BEL", "PHL")
    assert codes("2008-01-01") == ("BEL", "PHL", "GRC")
    assert codes("2008-07-01") == ("BEL", "PHL", "GRC")
    assert codes("2009-01-01") == ("PHL", "GRC", "ARG")
    assert codes("2010-06-30") == ("GRC", "ARG", None)
    # Before the first chair and after the last: no one in office.
    assert codes("2006-06-01") == (None, None, "BEL")
    assert codes("2012-01-01") == ("ARG", None, None)


def test_a_gap_between_chairs_gives_the_last_and_the_next(support, state):
    _chairs(
        support,
        state,
        [("BEL", "2007-01-01", "2007-12-01"), ("PHL", "2008-01-01", "2009-01-01")],
    )
    t = selectors.troika(day("2007-12-15"))
    assert (t.past.country.iso3, t.current, t.next.country.iso3) == ("BEL", None, "PHL")


def test_alternation_is_checked_against_the_development_groups(support, state):
    made = _chairs(
        support,
        state,
        [
            ("BEL", "2007-01-01", "2008-01-01"),
            ("PHL", "2008-01-01", "2009-01-01"),
            ("IND", "2009-01-01", "2010-01-01"),  # developing after developing
        ],
    )
    assert [check.ok for _chair, check in made] == [True, True, False]
    reason = made[2][1].reason
    assert "Chair: India; previous chair: Philippines" in reason
    assert "Less developed regions" in reason and "¶16" in reason
    # Recorded all the same, and the flag stays on the chair's history.
    assert Chairmanship.objects.filter(country__iso3="IND").exists()
    history = selectors.chair_history()
    assert [r.alternation.ok for r in history] == [True, True, False]
    assert history[2].alternation.reason == reason


def test_names_in_the_troika_are_those_of_the_day(support, state, client):
    swz = state("SWZ")
    assert CountryName.objects.filter(country=swz).exists()
    _chairs(support, state, [("BEL", "2007-01-01", "2008-01-01")])
    services.chair_record(
        actor=support, country=swz, start=day("2008-01-01"), end=day("2009-01-01")
    )
    then = client.get("/api/v1/forum/troika", {"as_of": "2008-07-01"}).json()
    assert then["current"]["name"] == "Swaziland"
    assert then["past"]["name"] == "Belgium"
    now = client.get("/api/v1/forum/troika", {"as_of": "2008-12-31", "lang": "en"})
    assert now.json()["current"]["iso3"] == "SWZ"
    history = selectors.chair_history()
    assert history[1].name.get_text("en") == "Swaziland"


def test_an_overlapping_chair_period_is_refused(support, state):
    _chairs(support, state, [("BEL", "2007-01-01", "2008-01-01")])
    with pytest.raises(ValidationError) as exc:
        services.chair_record(
            actor=support,
            country=state("PHL"),
            start=day("2007-12-01"),
            end=day("2009-01-01"),
        )
    assert "overlaps another chair's period (Belgium," in str(exc.value)
    assert Chairmanship.objects.count() == 1


def test_only_the_support_unit_records_chairs(make_user, state):
    fp = make_user(make_user.FOCAL_POINT, country="BEL")
    with pytest.raises(PermissionDenied):
        services.chair_record(
            actor=fp,
            country=state("BEL"),
            start=day("2007-01-01"),
            end=day("2008-01-01"),
        )


def test_troika_members_sit_on_the_steering_group_ex_officio(support, state):
    _chairs(
        support,
        state,
        [
            ("BEL", "2007-01-01", "2008-01-01"),
            ("PHL", "2008-01-01", "2009-01-01"),
            ("GRC", "2009-01-01", "2010-01-01"),
        ],
    )
    for iso3 in ("MEX", "MAR", "FRA", "PHL"):
        services.steering_member_add(
            actor=support, country=state(iso3), start=day("2007-01-01")
        )
    group = selectors.steering_group(day("2008-07-01"))
    seats = {s.country.iso3: s for s in group.seats}
    assert set(seats) == {"MEX", "MAR", "FRA", "PHL", "BEL", "GRC"}
    assert {k for k, s in seats.items() if s.ex_officio} == {"BEL", "PHL", "GRC"}
    assert seats["PHL"].member is not None and seats["BEL"].member is None
    # Oceania has no member: a warning names it; and 6 is far below 20.
    assert [g.code for g in group.missing_regions] == ["009"]
    assert any("Oceania" in w for w in group.warnings)
    assert any("20" in w and "30" in w for w in group.warnings)
    # A year later Belgium has left the troika, and so the group.
    later = {s.country.iso3 for s in selectors.steering_group(day("2009-07-01")).seats}
    assert "BEL" not in later and "GRC" in later


def test_a_steering_member_twice_in_one_period_is_refused(support, state):
    services.steering_member_add(
        actor=support, country=state("MEX"), start=day("2007-01-01")
    )
    with pytest.raises(ValidationError):
        services.steering_member_add(
            actor=support, country=state("MEX"), start=day("2008-01-01")
        )


def test_friends_meet_at_least_twice_a_year(support):
    for d in ("2007-03-15", "2007-09-20", "2008-03-12"):
        services.friends_meeting_record(actor=support, date=day(d), states=["BEL"])
    years = {y.year: (y.count, y.ok) for y in selectors.friends_by_year()}
    assert years == {2007: (2, True), 2008: (1, False)}
    services.friends_meeting_record(actor=support, date=day("2008-09-17"))
    assert selectors.friends_by_year(2008)[0].ok
    assert str(FriendsMeeting.objects.first().place) == "Geneva"
    # A year with none in between shows, and fails.
    services.friends_meeting_record(actor=support, date=day("2010-03-01"))
    assert [(y.year, y.ok) for y in selectors.friends_by_year()][2] == (2009, False)


def test_an_attendance_naming_an_unknown_state_is_refused_whole(support):
    with pytest.raises(ValidationError) as exc:
        services.friends_meeting_record(
            actor=support, date=day("2008-03-12"), states=["BEL", "XYZ", "PHL"]
        )
    assert "XYZ" in str(exc.value)
    assert not FriendsMeeting.objects.exists()


def _meeting(support, state):
    return services.meeting_save(
        actor=support,
        edition=2,
        host=state("PHL"),
        city="Manila",
        start=day("2008-10-29"),
        end=day("2008-10-30"),
    )


def test_attendance_record_refuses_an_unknown_state_and_saves_nothing(support, state):
    meeting = _meeting(support, state)
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            actor=support, meeting=meeting, states=["PHL", "BEL", "QQQ"]
        )
    assert "QQQ" in str(exc.value)
    assert not Delegation.objects.exists()
    assert (
        services.attendance_record(actor=support, meeting=meeting, states=["PHL"]) == 1
    )


def test_a_meeting_dated_before_its_civil_society_report_is_refused(support, state):
    from migdev.registry.selectors import organization_get

    meeting = _meeting(support, state)
    with pytest.raises(ValidationError) as exc:
        services.civil_society_day_record(
            actor=support,
            meeting=meeting,
            organizer=organization_get("ayala-foundation"),
            start=day("2008-10-27"),
            end=day("2008-10-28"),
            report_date=day("2008-11-15"),
        )
    assert "before the report of its civil-society day" in str(exc.value)
    assert not CivilSocietyDay.objects.exists()
    services.civil_society_day_record(
        actor=support,
        meeting=meeting,
        organizer=organization_get("ayala-foundation"),
        start=day("2008-10-27"),
        end=day("2008-10-28"),
        report_date=day("2008-10-28"),
    )
    # Moving the meeting before the report is refused too, and changes nothing.
    with pytest.raises(ValidationError):
        services.meeting_save(
            actor=support,
            edition=2,
            host=state("PHL"),
            city="Manila",
            start=day("2008-10-20"),
            end=day("2008-10-21"),
        )
    assert type(meeting).objects.get(pk=meeting.pk).start == day("2008-10-29")


def test_a_focal_point_registers_its_own_state_only(support, state, make_user):
    meeting = _meeting(support, state)
    fra = make_user(make_user.FOCAL_POINT, country="FRA")
    delegation = services.delegation_register(
        actor=fra,
        meeting=meeting,
        country=state("FRA"),
        delegates=[{"name": "Claire Martin", "function": "Head of delegation"}],
    )
    assert delegation.status == Delegation.Status.PENDING
    with pytest.raises(PermissionDenied):
        services.delegation_register(
            actor=fra,
            meeting=meeting,
            country=state("MEX"),
            delegates=[{"name": "Someone"}],
        )
    assert Delegation.objects.count() == 1
    with pytest.raises(ValidationError):
        services.delegation_register(
            actor=fra, meeting=meeting, country=state("FRA"), delegates=[]
        )
    with pytest.raises(PermissionDenied):
        services.delegation_decide(actor=fra, delegation=delegation, accredit=True)
    with pytest.raises(ValidationError):
        services.delegation_decide(actor=support, delegation=delegation, accredit=False)
    services.delegation_decide(actor=support, delegation=delegation, accredit=True)
    listed = selectors.attendance(meeting)["states"]
    assert [d.country.iso3 for d in listed] == ["FRA"]
    assert selectors.meeting_list().get(pk=meeting.pk).accredited_states == 1
    assert [e.action for e in audit_history(delegation)] == ["update", "create"]
