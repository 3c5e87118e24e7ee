"""Demo content of the Global Forum: the first meetings as A/63/265 tells them
(¶4, ¶11–20) and, marked illustrative, what the report does not say. The
content is data, in ``demo_data/forum.yaml``; these are the steps. Idempotent:
it loads once, through the services, as the Forum support unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from migdev.core.demo_data import demo_data
from migdev.forum import services
from migdev.forum.models import Chairmanship, Meeting
from migdev.registry import selectors as registry
from migdev.registry.models import RoleAssignment
from migdev.registry.services import role_assign


def _day(value: dt.date | str | None) -> dt.date | None:
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _support_user() -> Any:
    """The login the demo acts as: a current Forum support unit member (the
    registry's demo makes ``forum.support``), else one made for the purpose."""
    User = get_user_model()
    user = (
        User.objects.filter(role_assignments__role=RoleAssignment.Role.FORUM_SUPPORT)
        .order_by("pk")
        .first()
    )
    if user is None:
        user, _created = User.objects.get_or_create(
            username="forum.support", defaults={"email": "forum.support@example.org"}
        )
        role_assign(user=user, role=RoleAssignment.Role.FORUM_SUPPORT)
    return user


@transaction.atomic
def load_demo(data: dict[str, Any] | None = None) -> list[Any]:
    if Chairmanship.objects.exists() or Meeting.objects.exists():
        return []
    data = data or demo_data(__package__, "forum")
    services.themes_load()
    actor = _support_user()
    country = registry.country_get
    meetings: dict[int, Meeting] = {}
    for m in data["meetings"]:
        meeting = services.meeting_save(
            actor=actor,
            edition=m["edition"],
            host=country(m["host"]),
            city=m["city"],
            start=_day(m["start"]),
            end=_day(m["end"]),
            theme=m.get("theme"),
            themes=m.get("themes"),
            modalities_paper=m.get("modalities_paper", ""),
            states_reported=m.get("states_reported"),
            illustrative=m.get("illustrative", False),
        )
        meetings[meeting.edition] = meeting
        csd = m.get("civil_society")
        if csd:
            services.civil_society_day_record(
                actor=actor,
                meeting=meeting,
                organizer=registry.organization_get(csd["organizer"]),
                start=_day(csd["start"]),
                end=_day(csd["end"]),
                report_title=csd.get("report"),
                report_date=_day(csd.get("report_date")),
            )
        for r in m.get("roundtables", ()):
            services.roundtable_save(actor=actor, meeting=meeting, **r)
        delegations = m.get("delegations")
        if delegations:
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                states=delegations.get("states", ()),
                organizations=delegations.get("organizations", ()),
            )
    for c in data["chairs"]:
        services.chair_record(
            actor=actor,
            country=country(c["state"]),
            start=_day(c["start"]),
            end=_day(c["end"]),
            meeting=meetings.get(c["meeting"]) if c.get("meeting") else None,
            note=c.get("note", ""),
        )
    steering = data["steering_group"]
    for code in steering["states"]:
        services.steering_member_add(
            actor=actor,
            country=country(code),
            start=_day(steering["start"]),
            note="illustrative",
        )
    for f in data["friends_meetings"]:
        services.friends_meeting_record(
            actor=actor,
            date=_day(f["date"]),
            agenda=f.get("agenda"),
            states=f.get("states", ()),
            organizations=f.get("organizations", ()),
            illustrative=True,
        )
    _practices(actor, data["practices"])
    for s in data["staff"]:
        services.staff_add(
            actor=actor,
            name=s["name"],
            function=s["function"],
            source=s["source"],
            government=country(s["government"]),
            start=_day(s["start"]),
            end=_day(s["end"]),
        )
    for c in data["contributions"]:
        services.contribution_record(
            actor=actor,
            government=country(c["government"]),
            year=c["year"],
            kind=c["kind"],
            amount=c["amount"],
            currency=c["currency"],
            description=c["description"],
            illustrative=True,
        )
    for e in data["expenditures"]:
        services.expenditure_record(
            actor=actor,
            year=e["year"],
            meeting=meetings.get(e["meeting"]) if e.get("meeting") else None,
            amount=e["amount"],
            currency=e["currency"],
            description=e["description"],
            illustrative=True,
        )
    for d in data["dialogues"]:
        services.dialogue_record(
            actor=actor,
            kind=d["kind"],
            start=_day(d["start"]),
            end=_day(d["end"]),
            place=d["place"],
            member_states=d.get("member_states"),
            participants=d.get("participants", ()),
            participants_illustrative=d.get("participants_illustrative", False),
            outcome=d.get("outcome"),
            documents=d.get("documents", ""),
            round_tables=d.get("round_tables", ()),
            key_messages=d.get("key_messages"),
            illustrative=d.get("illustrative", False),
        )
    for code, perspectives in data["migration_profiles"].items():
        services.migration_profile_record(
            actor=actor,
            country=country(code),
            perspectives=perspectives.split(),
            start=_day(data["steering_group"]["start"]),
            source="illustrative",
        )
    return []


def _practices(actor: Any, rows: list[dict[str, Any]]) -> None:
    """Practices are submitted by their State's focal point; the demo writes
    them as the support unit would record one sent in on paper."""
    from migdev.forum.models import Practice, Theme

    for p in rows:
        practice = Practice.objects.create(
            country=registry.country_get(p["state"]),
            language=p["language"],
            title=p["title"],
            description=p["description"],
            period=p.get("period", ""),
            partners=p.get("partners", ""),
            results=p.get("results", ""),
            illustrative=True,
        )
        practice.themes.set(Theme.objects.filter(code__in=p["themes"]))
        practice.tags.set(services.framework_targets_from(p.get("tags", [])))
        if p.get("published"):
            services.practice_review(actor=actor, practice=practice, publish=True)
