"""The development-focus assessment and the classification table of ¶57–63."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from migdev.cooperation import selectors, services
from migdev.cooperation.models import Assessment

pytestmark = pytest.mark.django_db
D = dt.date

FOCUS = {"remittances": 2, "diaspora": 2, "trafficking-smuggling": 1}
AD_HOC = {"remittances": 1, "irregular-migration": 2}
GOVERNANCE = {"irregular-migration": 2, "trafficking-smuggling": 2, "remittances": 0}


@pytest.mark.parametrize(
    ("levels", "group"),
    [
        ([(True, 2), (True, 2)], 1),
        ([(True, 2), (True, 1), (False, 2)], 2),
        ([(True, 1)], 2),
        ([(False, 2), (False, 2), (True, 0)], 3),
        ([], 3),
    ],
)
def test_the_checklist_rule(levels, group):
    assert selectors.suggested_group(levels) == group


def _assess(who, mech, levels, **kw):
    return services.assessment_record(
        who,
        mech,
        period_start=D(2006, 1, 1),
        period_end=D(2008, 6, 30),
        levels=levels,
        **kw,
    )


def test_classification_table_from_reviewed_assessments(
    mechanism, secretariat, make_user, client
):
    reviewer = make_user("secretariat")
    puebla, soderkoping, bali = (
        mechanism("rcm"),
        mechanism("soderkoping"),
        mechanism("bali"),
    )
    draft_only = mechanism("draft-only")
    for mech, levels in ((puebla, FOCUS), (soderkoping, AD_HOC), (bali, GOVERNANCE)):
        services.assessment_review(reviewer, _assess(secretariat, mech, levels))
    _assess(secretariat, draft_only, FOCUS)
    table = selectors.classification_table(None, selectors.parse_period("2008"))
    assert {g: [a.mechanism.code for a in rows] for g, rows in table.items()} == {
        1: ["rcm"],
        2: ["soderkoping"],
        3: ["bali"],
    }
    # An older period with no assessment gives an empty table.
    assert all(
        not rows
        for rows in selectors.classification_table(
            None, selectors.parse_period("2001")
        ).values()
    )
    html = client.get("/cooperation/classification/?period=2006-2008").content.decode()
    assert "RCM" in html and "DRAFT-ONLY" not in html


def test_a_group_other_than_the_checklist_needs_a_justification(mechanism, secretariat):
    m = mechanism("rcm")
    with pytest.raises(ValidationError, match="The checklist gives group 2"):
        _assess(secretariat, m, AD_HOC, group=1)
    assert not Assessment.objects.exists()
    a = _assess(
        secretariat,
        m,
        AD_HOC,
        group=1,
        justification="Action plan on remittances adopted in 2008.",
    )
    assert a.group == 1 and a.items.count() == 2


def test_history_and_review_by_someone_else(mechanism, secretariat, make_user):
    m = mechanism("rcm")
    first = _assess(secretariat, m, AD_HOC)
    with pytest.raises(ValidationError, match="someone other than its assessor"):
        services.assessment_review(secretariat, first)
    services.assessment_review(make_user("secretariat"), first)
    second = services.assessment_record(
        secretariat,
        m,
        period_start=D(2009, 1, 1),
        period_end=D(2010, 12, 31),
        levels=FOCUS,
    )
    assert [a.group for a in selectors.assessment_history(secretariat, m)] == [2, 1]
    # The public sees reviewed assessments only.
    assert [a.pk for a in selectors.assessment_history(None, m)] == [first.pk]
    assert selectors.latest_assessment(None, m) == first
    assert second.status == "draft"


def test_unknown_theme_is_named(mechanism, secretariat):
    with pytest.raises(ValidationError, match="Unknown theme: remitances"):
        _assess(secretariat, mechanism("rcm"), {"remitances": 2})


def test_the_admin_reviews_through_the_service_and_adds_none(
    mechanism, secretariat, make_user, client
):
    a = _assess(secretariat, mechanism("rcm"), FOCUS)
    reviewer = make_user("secretariat")
    for user in (secretariat, reviewer):
        user.is_staff = user.is_superuser = True
        user.save()
    client.force_login(secretariat)
    assert client.get("/admin/cooperation/assessment/add/").status_code == 403
    url = "/admin/cooperation/assessment/"
    client.post(url, {"action": "review", "_selected_action": [a.pk]})
    a.refresh_from_db()
    assert a.status == "draft"  # the assessor may not review their own
    client.force_login(reviewer)
    client.post(url, {"action": "review", "_selected_action": [a.pk]})
    a.refresh_from_db()
    assert a.status == "reviewed"
