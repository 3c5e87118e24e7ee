"""Mechanisms, membership and RCP coverage (A/63/265, ¶45, ¶57–63)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from migdev.cooperation import selectors, services
from migdev.cooperation.models import Participation
from migdev.core.audit import AuditEntry

pytestmark = pytest.mark.django_db
D = dt.date


def test_coverage_arithmetic_on_plain_keys():
    by_state, pairs = selectors.coverage_compute(
        ["A", "B", "C", "D"],
        {"x": {"A", "B", "Z"}, "y": {"B", "C"}, "w": {"B"}, "v": set()},
    )
    assert by_state == {"A": ["x"], "B": ["w", "x", "y"], "C": ["y"]}
    # Z is not a State of the universe; D belongs to none; v shares nothing.
    assert pairs == [("w", "x", 1), ("w", "y", 1), ("x", "y", 1)]


def test_coverage_of_states_on_a_day(mechanism, members, country):
    a, b = mechanism("a-rcp"), mechanism("b-rcp")
    members(a, ["MEX", "GTM", "USA"], start=D(1996, 3, 1))
    members(b, ["MEX", "ARG"], start=D(2000, 1, 1), end=D(2008, 1, 1))
    formal = mechanism("x-formal", kind="formal")
    members(formal, ["FRA"])
    cov = selectors.coverage(D(2007, 6, 1))
    assert len(cov.states) == 194  # 192 Member States, the Holy See, Palestine
    covered = {c.iso3 for c in cov.covered}
    assert covered == {"MEX", "GTM", "USA", "ARG"}  # FRA's body is not an RCP
    assert len(cov.uncovered) == 190
    assert dict(cov.multiplicity) == {0: 190, 1: 3, 2: 1}
    assert [(x.code, y.code, n) for x, y, n in cov.overlaps] == [("a-rcp", "b-rcp", 1)]
    # Argentina and Mexico left b on 1 January 2008.
    later = selectors.coverage(D(2008, 6, 1))
    assert {c.iso3 for c in later.covered} == {"MEX", "GTM", "USA"}
    assert later.overlaps == []


def test_membership_that_ends_before_it_starts_is_refused(
    mechanism, secretariat, country
):
    m = mechanism("a-rcp")
    with pytest.raises(ValidationError) as exc:
        services.participation_add(
            secretariat,
            m,
            role="member",
            country=country("MEX"),
            start=D(2008, 5, 1),
            end=D(2007, 1, 1),
        )
    assert "ends (1 January 2007) before or on the day it starts (1 May 2008)" in str(
        exc.value
    )
    assert not Participation.objects.exists()


def test_members_are_states_observers_may_be_organizations(mechanism, secretariat, iom):
    m = mechanism("a-rcp")
    with pytest.raises(ValidationError, match="Members are States"):
        services.participation_add(secretariat, m, role="member", organization=iom)
    p = services.participation_add(
        secretariat, m, role="observer", organization=iom, start=D(2001, 1, 1)
    )
    assert selectors.participants(m, role="observer", day=D(2008, 1, 1)) == [p]
    assert AuditEntry.objects.filter(object_id=str(p.pk)).exists()


def test_only_the_secretariat_records_membership(mechanism, make_user, country):
    m = mechanism("a-rcp")
    focal = make_user("focal_point", country="MEX")
    with pytest.raises(PermissionDenied):
        services.participation_add(focal, m, role="member", country=country("MEX"))


def test_coverage_page_and_map(client, mechanism, members):
    members(mechanism("a-rcp"), ["MEX", "GTM"], start=D(1996, 3, 1))
    response = client.get("/cooperation/coverage/?as_of=2008-06-30")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "2 of 194 States belong to at least one regional consultative process" in html
    )
    assert "In at least one RCP" in html and "Replied" not in html
    assert 'data-status="replied"' in html  # Mexico drawn in gray


def test_mechanism_page_lists_members_as_of_a_day(client, mechanism, members):
    m = mechanism("a-rcp", membership_illustrative=True)
    members(m, ["MEX"], start=D(1996, 3, 1))
    members(m, ["ARG"], start=D(2009, 1, 1))
    html = client.get(
        f"/cooperation/mechanisms/{m.code}/?as_of=2008-06-30"
    ).content.decode()
    assert "Mexico" in html and "1 member State" in html
    assert "Illustrative" in html


def test_coverage_before_the_registry_history_is_refused(client):
    page = client.get("/cooperation/coverage/?as_of=1995-01-01")
    assert page.status_code == 400 and "Ask for" in page.content.decode()
    api = client.get("/api/v1/mechanisms/coverage?as_of=1995-01-01")
    assert (
        api.status_code == 400 and api.json()["error"]["code"] == "history_incomplete"
    )
