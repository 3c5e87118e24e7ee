"""Demo content of the UN-system activities (demo_data/cycle.yaml): an open
reporting cycle addressed to the entities of A/63/265, chapter IV, with
illustrative reporting officers (their invitations go through outreach like
any other) and activities paraphrased from ¶26–43, published, so that
chapter IV is not empty; the Global Migration Group's chairs and joint
products and the Coordination Meetings (demo_data/gmg.yaml). Idempotent: nothing is loaded twice."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from migdev.cooperation.models import Theme
from migdev.core.demo_data import demo_data
from migdev.outreach import services as outreach
from migdev.registry.models import Contact, FrameworkTarget, Organization
from migdev.unsystem import services
from migdev.unsystem.models import (
    Contribution,
    CoordinationMeeting,
    Cycle,
    GroupChair,
    JointProduct,
)


@transaction.atomic
def load_demo() -> None:
    sec = get_user_model().objects.filter(username="secretariat").first()
    if sec is None:  # the registry's demo logins come first
        return None
    if not GroupChair.objects.exists():
        _gmg(sec)
    if not Cycle.objects.exists():
        _cycle(sec)
    return None


def _gmg(sec) -> None:
    """The GMG's chair rotation and joint products; the Coordination Meetings."""
    data = demo_data(__package__, "gmg")
    orgs = {o.code: o for o in Organization.objects.all()}
    for code, start, end, note in data["chairs"]:
        services.chair_add(
            sec,
            group=orgs["gmg"],
            chair=orgs[code],
            start=start,
            end=end,
            note=note,
            source=data["chair_source"],
        )
    for row in data["products"]:
        services.joint_product_save(
            sec,
            JointProduct(
                group=orgs["gmg"],
                kind=row["kind"],
                title=row["title"],
                published=row["published"],
                year_only=row["year_only"],
                references=row.get("references", ""),
            ),
            contributors=[orgs[c] for c in row["contributors"]],
            tags=FrameworkTarget.objects.filter(code__in=row.get("tags", [])),
        )
    for number, start, end in data["meetings"]:
        services.meeting_save(
            sec,
            CoordinationMeeting(
                number=number,
                start=start,
                end=end,
                convener=orgs["desa-pd"],
                mandate=data["meeting_mandate"],
                participants_illustrative=True,
            ),
            participants=[orgs[c] for c in data["meeting_participants"]],
        )


def _cycle(sec) -> None:
    data = demo_data(__package__, "cycle")
    orgs = {o.code: o for o in Organization.objects.all()}
    for code, name, email, language in data["officers"]:
        Contact.objects.get_or_create(
            kind=Contact.Kind.REPORTING_OFFICER,
            organization=orgs[code],
            email=email,
            defaults={"name": name, "preferred_language": language},
        )
    today = timezone.localdate()
    cycle = services.cycle_open(
        sec,
        title=data["title"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        opens_on=today,
        deadline=today + dt.timedelta(weeks=data["weeks_open"]),
        organizations=[orgs[c] for c in data["entities"]],
        sender=data["sender"],
    )
    for row in data["activities"]:
        contribution = Contribution.objects.get(
            cycle=cycle, organization=orgs[row["entity"]]
        )
        activity = services.activity_submit_by_link(
            outreach.link_reissue(contribution.outreach),
            title=row["title"],
            description=row["description"],
            language=row["language"],
            partners=row.get("partners", ""),
            themes=Theme.objects.filter(code__in=row.get("themes", [])),
            tags=FrameworkTarget.objects.filter(code__in=row.get("tags", [])),
        )
        services.activity_review(sec, activity, publish=True)
