"""Small builders for consultation tests. They write rows directly, so that a
test of one step does not depend on the services of another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.questionnaires.models import (
    Choice,
    Question,
    Questionnaire,
    Section,
)
from migdev.core.i18n import LocalizedText
from migdev.outreach import models as outreach
from migdev.registry.models import Country


def six(en: str, fr: str | None = None, **others: str) -> LocalizedText:
    """A text in six languages; languages not given repeat the English with a tag."""
    values = {code: f"{en} [{code}]" for code in ("ar", "zh-hans", "ru", "es")}
    values.update({"en": en, "fr": fr or f"{en} [fr]"})
    values.update({k.replace("_", "-"): v for k, v in others.items()})
    return LocalizedText(values)


def make_questionnaire(code: str = "hld-test") -> Questionnaire:
    """Three questions: open text, yes/no, and open text asked only after 'yes'."""
    q = Questionnaire.objects.create(
        code=code, version="1", title=six("Follow-up of the Dialogue")
    )
    section = Section.objects.create(
        questionnaire=q, name="forum", order=1, label=six("The Global Forum")
    )
    Question.objects.create(
        questionnaire=q,
        section=section,
        name="forum_view",
        order=1,
        type=Question.Type.TEXT,
        required=True,
        label=six("How does your Government view the Global Forum?"),
    )
    Question.objects.create(
        questionnaire=q,
        section=section,
        name="sole_followup",
        order=2,
        type=Question.Type.YES_NO,
        required=False,
        label=six("Should the Forum be the sole follow-up mechanism?"),
    )
    Question.objects.create(
        questionnaire=q,
        section=section,
        name="why_sole",
        order=3,
        type=Question.Type.TEXT,
        relevant="${sole_followup} = 'yes'",
        label=six("Why?"),
    )
    Question.objects.create(
        questionnaire=q,
        section=section,
        name="level",
        order=4,
        type=Question.Type.SELECT_ONE,
        choice_list="level",
        label=six("At which level should follow-up take place?"),
    )
    for i, (name, en) in enumerate(
        [("global", "Global"), ("regional", "Regional"), ("national", "National")]
    ):
        Choice.objects.create(
            questionnaire=q, list_name="level", name=name, order=i, label=six(en)
        )
    return q


def make_campaign(
    questionnaire: Questionnaire | None = None,
    *,
    recipients: Iterable[str] = ("FRA", "MEX", "EGY"),
    opens_on: dt.date = dt.date(2008, 3, 18),
    deadline: dt.date = dt.date(2008, 4, 30),
    status: str = Campaign.Status.OPEN,
) -> Campaign:
    questionnaire = questionnaire or make_questionnaire()
    request = outreach.Request.objects.create(
        owner=f"{Campaign.OWNER}:new-{outreach.Request.objects.count()}",
        status=status,
        opens_on=opens_on,
        deadline=deadline,
        # An open or closed campaign has been dispatched.
        opened_at=None
        if status == Campaign.Status.DRAFT
        else dt.datetime.combine(opens_on, dt.time(9), tzinfo=dt.UTC),
    )
    campaign = Campaign.objects.create(
        request=request,
        questionnaire=questionnaire,
        title=six("Consultation on the follow-up"),
        letter=six("<p>Dear Permanent Representative,</p>"),
    )
    request.owner = f"{Campaign.OWNER}:{campaign.pk}"
    request.save(update_fields=["owner"])
    for offset in (-7, 7):
        outreach.ReminderRule.objects.create(request=request, offset_days=offset)
    for iso3 in recipients:
        make_recipient(campaign, iso3)
    return campaign


LANGUAGES = {"FRA": "fr", "MEX": "es", "EGY": "ar", "CHN": "zh-hans", "RUS": "ru"}


def make_recipient(
    campaign: Campaign, iso3: str, *, language: str | None = None, **fields
) -> Recipient:
    """A State on the campaign's roster, with its outreach recipient."""
    return Recipient.objects.create(
        campaign=campaign,
        country=Country.objects.get(iso3=iso3),
        outreach=outreach.Recipient.objects.create(
            request=campaign.request,
            key=f"country:{iso3}",
            language=language or LANGUAGES.get(iso3, "en"),
        ),
        **fields,
    )


def secretariat():
    """A user with the secretariat's role (made once per test database)."""
    from django.contrib.auth import get_user_model

    from migdev.registry.models import RoleAssignment
    from migdev.registry.services import role_assign

    user, created = get_user_model().objects.get_or_create(
        username="secretariat-of-the-tests"
    )
    if created:
        role_assign(user=user, role=RoleAssignment.Role.SECRETARIAT)
    return user
