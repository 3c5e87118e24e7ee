"""One small world for the security tests: a campaign open today with three
States, a reply of France with its original document, a theme, a message, an
access link and a contact; one login per role, and one whose role has ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from migdev.consultation.analysis import services as analysis_services
from migdev.consultation.campaigns.links import link_issue
from migdev.consultation.responses.models import ResponseVersion
from migdev.outreach.models import Message
from migdev.registry.models import Contact, Country, Grouping, RoleAssignment
from migdev.registry.services import role_assign
from tests.consultation.factories import make_campaign, six

# The columns of the authorization table, in this order.
ROLES = ("anon", "sec", "fp", "fpo", "rep", "fs", "ended")
ROLE_NAMES = {
    "anon": "anonymous visitor",
    "sec": "secretariat",
    "fp": "focal point of France (whose reply is asked for)",
    "fpo": "focal point of Mexico (another State)",
    "rep": "reporting officer of IOM",
    "fs": "Forum support unit",
    "ended": "former secretariat (role ended; still a Django superuser)",
}


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


def build_world() -> World:
    world = World()
    User = get_user_model()
    today = timezone.localdate()

    def user(key: str, role: str | None = None, **party: Any) -> Any:
        u = User.objects.create_user(
            username=f"matrix-{key}", password="pw-matrix-1", email=f"{key}@example.org"
        )
        if role:
            role_assign(user=u, role=role, **party)
        world.users[key] = u
        return u

    sec = user("sec", RoleAssignment.Role.SECRETARIAT)
    sec.is_staff = sec.is_superuser = True
    sec.save()
    user("fp", RoleAssignment.Role.FOCAL_POINT, country=Country.objects.get(iso3="FRA"))
    user(
        "fpo", RoleAssignment.Role.FOCAL_POINT, country=Country.objects.get(iso3="MEX")
    )
    from migdev.registry.models import Organization

    user(
        "rep",
        RoleAssignment.Role.ORG_REPORTER,
        organization=Organization.objects.get(code="iom"),
    )
    user("fs", RoleAssignment.Role.FORUM_SUPPORT)
    ended = user("ended")
    ended.is_staff = ended.is_superuser = True
    ended.save()
    RoleAssignment.objects.create(
        user=ended,
        role=RoleAssignment.Role.SECRETARIAT,
        start=today - dt.timedelta(days=400),
        end=today - dt.timedelta(days=1),
    )

    campaign = make_campaign(
        opens_on=today - dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=20),
    )
    questionnaire = campaign.questionnaire
    question = questionnaire.questions.get(name="forum_view")
    fra = campaign.recipients.get(country__iso3="FRA")
    token = link_issue(fra)
    version = ResponseVersion.objects.create(
        recipient=fra,
        number=1,
        kind=ResponseVersion.Kind.SUBMISSION,
        answers={"forum_view": "Un résultat utile.", "level": "global"},
        language="fr",
        submission_key="matrix-1",
        attachment_name="reply.txt",
    )
    version.attachment.save("reply.txt", ContentFile(b"Reply of France\n"), save=True)
    fra.status = fra.Status.SUBMITTED
    fra.completed_at = fra.last_submitted_at = timezone.now()
    fra.save()
    theme = analysis_services.theme_create(
        actor=sec, question=question, code="useful", label=six("Useful outcome")
    )
    message = Message.objects.create(
        recipient=fra.outreach,
        kind=Message.Kind.INVITATION,
        dedupe_key=f"matrix-invitation-{fra.pk}",
        to=["mission.fra@example.org"],
        language="fr",
        subject="Invitation",
        body="Invitation",
    )
    contact = Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=fra.country,
        name="Claire Martin",
        email="claire.martin@example.org",
    )
    grouping = Grouping.objects.order_by("code").first()
    meeting, delegation, practice = _forum(world)
    from migdev.indicators.models import Dataset, Release

    release = Release.objects.create(
        dataset=Dataset.objects.create(code="matrix", kind="other", name={"en": "M"}),
        version=1,
        identifier="matrix.v1",
        title="Matrix",
        source="-",
        method="-",
        licence="-",
        publisher="-",
        command="-",
        checksum="0" * 64,
    )
    world.values = {
        "campaign": str(campaign.pk),
        "questionnaire": str(questionnaire.pk),
        "contact": str(contact.pk),
        "recipient": str(fra.pk),
        "message": str(message.pk),
        "question": str(question.pk),
        "theme": str(theme.pk),
        "token": token,
        "grouping": grouping.code,
        "edition": str(meeting.edition),
        "delegation": str(delegation.pk),
        "practice": str(practice.pk),
        "release": release.identifier,
        "broadcast": str(world.broadcast.pk),
    }
    _cooperation_world()
    world.values["report_build"] = _report(sec, today)
    return world


def _report(sec: Any, today: Any) -> str:
    """A draft report with an English template and one build of it."""
    from migdev.reports import services as reports

    report = reports.report_create(
        actor=sec,
        slug="matrix-report",
        symbol="A/00/1",
        document_date=today,
        as_of=today,
    )
    reports.template_save(
        actor=sec, report=report, language="en", source="[para p1]\nMatrix."
    )
    build, _files = reports.build_run(
        actor=sec, report=report, language="en", as_of=today, formats=()
    )
    return str(build.pk)


def _cooperation_world() -> None:
    """A mechanism and an instrument for the cooperation module's routes."""
    import datetime as dt

    from migdev.cooperation.models import Instrument, Mechanism
    from migdev.core.i18n import LocalizedText

    mechanism = Mechanism.objects.create(
        code="matrix-rcp", kind="rcp", name=LocalizedText({"en": "Matrix RCP"})
    )
    from migdev.outreach.models import Request
    from migdev.registry.models import Organization
    from migdev.unsystem.models import Activity, Contribution, Cycle

    cycle = Cycle.objects.create(
        title=LocalizedText({"en": "Matrix cycle"}),
        period_start=dt.date(2007, 1, 1),
        period_end=dt.date(2008, 6, 30),
        status="open",
        request=Request.objects.create(
            owner="unsystem.cycle:matrix",
            opens_on=dt.date(2008, 3, 18),
            deadline=dt.date(2099, 4, 30),
            status="open",
        ),
    )
    contribution = Contribution.objects.create(
        cycle=cycle, organization=Organization.objects.get(code="iom")
    )
    Activity.objects.create(
        contribution=contribution, title="Matrix", description="Matrix", language="en"
    )
    Instrument.objects.create(
        code="matrix-rcp",
        mechanism=mechanism,
        kind="declaration",
        title=LocalizedText({"en": "Matrix declaration"}),
        adopted=dt.date(2006, 7, 11),
    )


def _forum(world: World) -> tuple[Any, Any, Any]:
    """A Forum meeting with France's delegation awaiting accreditation (with
    its note verbale), and a practice of France awaiting review."""
    from migdev.forum import services as forum_services

    support = world.users["fs"]
    meeting = forum_services.meeting_save(
        actor=support,
        edition=2,
        host=Country.objects.get(iso3="PHL"),
        city="Manila",
        start=dt.date(2008, 10, 29),
        end=dt.date(2008, 10, 30),
    )
    delegation = forum_services.delegation_register(
        actor=world.users["fp"],
        meeting=meeting,
        country=Country.objects.get(iso3="FRA"),
        delegates=[{"name": "Claire Martin"}],
        letter=ContentFile(b"%PDF-1.4\n%%EOF\n", name="note-verbale.pdf"),
    )
    forum_services.themes_load()
    practice = forum_services.practice_submit(
        actor=world.users["fp"],
        country=Country.objects.get(iso3="FRA"),
        language="fr",
        title="Pratique",
        description="Description",
        themes=["coherence"],
    )
    forum_services.dialogue_record(
        actor=support,
        kind="hld",
        start=dt.date(2006, 9, 14),
        end=dt.date(2006, 9, 15),
        place="New York",
        member_states=132,
    )
    world.broadcast = forum_services.broadcast_send(
        actor=support, subject="Matrix", text="Matrix", states=["FRA"]
    )
    return meeting, delegation, practice


def url_kwargs(route: str, world: World) -> dict[str, str]:
    """The value of each parameter of ``route`` in ``world``: France's
    objects wherever the route names a State's."""
    v = world.values
    if route.startswith(("groupings/", "api/v1/groupings")):
        code = v["grouping"]
    elif route.startswith(("organizations/", "api/v1/organizations")):
        code = "iom"
    elif route.startswith(("cooperation/", "api/v1/mechanisms", "api/v1/instruments")):
        code = "matrix-rcp"
    else:
        code = "FRA"
    if route.startswith("consultations/questionnaires/"):
        pk = v["questionnaire"]
    elif route.startswith("states/"):
        pk = v["contact"]
    elif route.startswith("un-system/"):
        from migdev.unsystem.models import Activity

        activity = Activity.objects.select_related("contribution").get(title="Matrix")
        if route.startswith("un-system/contributions/"):
            pk = str(activity.contribution_id)
        elif route.startswith("un-system/activities/"):
            pk = str(activity.pk)
        else:
            pk = str(activity.contribution.cycle_id)
    elif route.startswith("reports/"):
        pk = v["report_build"]
    else:
        pk = v["campaign"]
    if route.startswith("reports/"):
        fmt = "html"
    elif route.startswith("portal/"):
        fmt = "svg"
    else:
        fmt = "xlsx"
    return {
        "code": code,
        "pk": pk,
        "iso3": "FRA",
        "module": "reports",
        "rid": v["recipient"],
        "recipient_id": v["recipient"],
        "mid": v["message"],
        "question_id": v["question"],
        "theme_id": v["theme"],
        "token": v["token"],
        "number": "1",
        "contact_id": v["contact"],
        "campaign_id": v["campaign"],
        "questionnaire_id": v["questionnaire"],
        "mechanism_id": "matrix-rcp",
        "edition": v["edition"],
        "delegation_id": v["delegation"],
        "practice_id": v["practice"],
        "broadcast_id": v["broadcast"],
        "fmt": fmt,
        "slug": "matrix-report" if route.startswith("reports/") else "hld-2006",
        "language": "en",
        "key": "share_of_population",
        "name": f"{v.get('release', 'no-such-release.v1')}.csv",
        "identifier": v.get("release", "no-such-release.v1"),
    }
