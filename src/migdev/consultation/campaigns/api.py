"""Campaign endpoints, mounted under /api/v1/.

Reads of published campaigns are public (counts and map, never the replies'
text); reads of other campaigns and every write need a session of the
secretariat (the Forum support unit may read)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status

from migdev.consultation.campaigns import maps, rules, selectors, services
from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.questionnaires.models import Questionnaire
from migdev.core.api import PageQuery, language_param, page_of, paginate, user_auth
from migdev.core.dated import check_day
from migdev.core.i18n import LANGUAGE_CODES
from migdev.outreach.models import FollowUp
from migdev.registry import permissions
from migdev.registry.selectors import country_name

router = Router(tags=["campaigns"])

Texts = dict[str, str]
ReplyStatus = Literal["replied", "drafting", "not_started", "not_replied"]


class Counts(Schema):
    recipients: int = Field(description="States on the roster.")
    replied: int = Field(
        description="States whose reply was submitted by the end of as_of."
    )
    drafting: int = Field(
        description="States that had saved a draft by then but not submitted."
    )
    not_started: int = Field(description="States with nothing saved by then.")


class GroupCountOut(Schema):
    code: str = Field(
        description="M49 code of the region or development group (901 more developed, 902 less developed, 941 least developed countries)."
    )
    name: str = Field(description="Name in the requested language.")
    replied: int
    drafting: int
    not_started: int
    recipients: int


class CampaignBase(Schema):
    id: int
    title: str = Field(description="Title in the requested language.")
    titles: Texts = Field(description="Title in the six languages.")
    status: Literal["draft", "open", "closed"] = Field(
        description="draft: not dispatched; open: accepting replies; closed."
    )
    questionnaire: str = Field(description="Code of the questionnaire.")
    opens_on: dt.date
    deadline: dt.date
    closes_on: dt.date | None = Field(
        description="Last day on which replies may change; null: until closed."
    )
    reminder_dates: list[dt.date] = Field(
        description="Dates of the planned reminders (deadline plus each offset)."
    )
    dispatched_at: dt.datetime | None
    closed_at: dt.datetime | None
    published_at: dt.datetime | None = Field(
        description="When the results were made public; null: not public."
    )


class CampaignSummary(CampaignBase):
    recipients: int = Field(description="Number of States on the roster.")
    replied: int = Field(description="Number of States that have replied, now.")


class RecipientOut(Schema):
    id: int = Field(description="Recipient id (for follow-ups).")
    iso3: str | None
    iso2: str | None
    m49: str
    name: str = Field(description="State name in the requested language.")
    status: ReplyStatus = Field(
        description=(
            "Reply status at the end of as_of: replied, drafting or not_started for "
            "the secretariat and the Forum; replied or not_replied for the public."
        )
    )
    completed_at: dt.datetime | None = Field(
        description=(
            "When the State first submitted its reply (the public sees the day, "
            "at 00:00 UTC)."
        )
    )
    language: str | None = Field(
        None, description="Language of its letters (secretariat and Forum only)."
    )
    invited_at: dt.datetime | None = Field(
        None, description="When the invitation was sent (secretariat and Forum only)."
    )
    reminder_count: int | None = Field(
        None, description="Reminders sent (secretariat and Forum only)."
    )
    last_reminded_at: dt.datetime | None = None
    last_call_at: dt.datetime | None = None


class CampaignDetail(CampaignBase):
    as_of: dt.date = Field(description="The day the statuses and counts refer to.")
    counts: Counts
    by_region: list[GroupCountOut] = Field(description="Counts per M49 region.")
    by_development_group: list[GroupCountOut] = Field(
        description="Counts per development group (901, 902, 941)."
    )
    recipients: list[RecipientOut] = Field(
        description="One row per State on the roster, in M49 order."
    )


class CampaignIn(Schema):
    questionnaire: str = Field(description="Code of the questionnaire to send.")
    title: Texts = Field(description="Title by language code (at least 'en').")
    letter: Texts = Field(
        description="Covering letter by language code; HTML limited to p, br, strong, em, ul, ol, li and links (http, https, mailto); anything else is removed."
    )
    opens_on: dt.date
    deadline: dt.date
    closes_on: dt.date | None = None
    recipients: list[str] | None = Field(
        None,
        description="ISO alpha-3 codes; null for all Member States and the two observer States.",
    )
    reminder_offsets: list[int] = Field(
        [-7, 7], description="Days from the deadline; negative: before it."
    )
    sender: str = Field("", description="On whose behalf the letter is sent.")


class AsOfQuery(Schema):
    as_of: dt.date | None = Field(
        None,
        description=(
            "Day the statuses refer to (YYYY-MM-DD); default the day a closed "
            "campaign closed, else today (as on the pages)."
        ),
    )
    lang: str | None = Field(
        None,
        description="Language of names and map texts: ar, zh-hans, en, fr, ru, es.",
    )


class FollowUpIn(Schema):
    kind: Literal["call", "fax", "email", "letter", "note"]
    at: dt.datetime = Field(description="When it happened (ISO 8601 with offset).")
    contact_name: str = Field("", description="Who was reached.")
    outcome: str = Field("", description="What was said or agreed.")


class FollowUpOut(Schema):
    id: int
    recipient: int = Field(alias="recipient_id")
    kind: str
    at: dt.datetime
    contact_name: str
    outcome: str


class DispatchOut(Schema):
    id: int
    status: str
    invitations: int = Field(description="Invitations written to the outbox.")


def _summary(c: Campaign, lang: str) -> dict:
    return {
        "id": c.pk,
        "title": c.title.get_text(lang),
        "titles": {code: c.title.get(code, "") for code in LANGUAGE_CODES},
        "status": c.status,
        "questionnaire": c.questionnaire.code,
        "opens_on": c.opens_on,
        "deadline": c.deadline,
        "closes_on": c.closes_on,
        # From the prefetched rules (the selector's order_by would query again).
        "reminder_dates": [
            c.deadline + dt.timedelta(days=offset)
            for offset in sorted(r.offset_days for r in c.request.reminder_rules.all())
        ],
        "dispatched_at": c.dispatched_at,
        "closed_at": c.closed_at,
        "published_at": c.published_at,
        "recipients": c.recipient_count
        if hasattr(c, "recipient_count")
        else c.recipients.count(),
        "replied": c.replied_count
        if hasattr(c, "replied_count")
        else c.recipients.filter(status="submitted").count(),
    }


def _groups(groups: list[selectors.GroupCount], lang: str) -> list[dict]:
    return [
        {
            "code": g.grouping.code,
            "name": g.grouping.name.get_text(lang),
            "recipients": g.total,
            **g.counts,
        }
        for g in groups
    ]


@router.get(
    "/campaigns",
    response=page_of(CampaignSummary),
    summary="Consultation campaigns (published ones for the public; a page)",
)
def campaign_list(
    request: HttpRequest, page: Query[PageQuery], lang: str | None = None
) -> dict:
    language = language_param(lang)
    campaigns = (
        selectors.campaign_list_for_user(request.user)
        .select_related("request")
        .prefetch_related("request__reminder_rules")
    )
    return paginate(
        request, campaigns, page, lambda rows: [_summary(c, language) for c in rows]
    )


@router.get(
    "/campaigns/{campaign_id}",
    response=CampaignDetail,
    summary="A campaign with its recipients' reply status as of a date",
)
def campaign_get(
    request: HttpRequest,
    campaign_id: int,
    query: Query[AsOfQuery],
) -> dict:
    language = language_param(query.lang)
    campaign = selectors.campaign_get_for_user(request.user, campaign_id)
    status = selectors.campaign_status_as_of(
        campaign, check_day(query.as_of) or maps.default_day(campaign)
    )
    tracking = permissions.can(request.user, rules.VIEW_TRACKING, campaign)
    rows = []
    for row in status.rows:
        r = row.recipient
        item = {
            "id": r.pk,
            "iso3": r.country.iso3,
            "iso2": r.country.iso2,
            "m49": r.country.m49,
            "name": country_name(r.country, campaign.opens_on, language),
            "status": row.status,
            "completed_at": r.completed_at if row.status == "replied" else None,
        }
        if not tracking:
            # The public sees what the published map shows: replied or not,
            # and on which day; not who is drafting, nor the time of day.
            item["status"] = "replied" if row.status == "replied" else "not_replied"
            if item["completed_at"] is not None:
                day = item["completed_at"].astimezone(dt.UTC).date()
                item["completed_at"] = dt.datetime.combine(
                    day, dt.time(), tzinfo=dt.UTC
                )
        if tracking:
            o = r.outreach
            item.update(
                language=o.language,
                invited_at=o.invited_at,
                reminder_count=o.reminder_count,
                last_reminded_at=o.last_reminded_at,
                last_call_at=o.last_call_at,
            )
        rows.append(item)
    return {
        **_summary(campaign, language),
        "as_of": status.as_of,
        "counts": {"recipients": status.total, **status.counts},
        "by_region": _groups(status.by_region, language),
        "by_development_group": _groups(status.by_development, language),
        "recipients": rows,
    }


def _map(request: HttpRequest, campaign_id: int, as_of: dt.date | None, lang):
    campaign = selectors.campaign_get_for_user(request.user, campaign_id)
    language = language_param(lang)
    day = check_day(as_of) or maps.default_day(campaign)
    with translation.override(language):
        return campaign, day, maps.response_map(campaign, as_of=day, language=language)


@router.get(
    "/campaigns/{campaign_id}/map.svg",
    summary="Response map (SVG): States that replied as of a date, in gray",
    openapi_extra={
        "responses": {200: {"content": {"image/svg+xml": {}}, "description": "SVG"}}
    },
)
def campaign_map_svg(
    request: HttpRequest,
    campaign_id: int,
    query: Query[AsOfQuery],
) -> HttpResponse:
    _campaign, _day, response_map = _map(request, campaign_id, query.as_of, query.lang)
    return HttpResponse(response_map.svg(), content_type="image/svg+xml; charset=utf-8")


@router.get(
    "/campaigns/{campaign_id}/map.png",
    summary="Response map (PNG)",
    openapi_extra={
        "responses": {200: {"content": {"image/png": {}}, "description": "PNG"}}
    },
)
def campaign_map_png(
    request: HttpRequest,
    campaign_id: int,
    query: Query[AsOfQuery],
) -> HttpResponse:
    _campaign, _day, response_map = _map(request, campaign_id, query.as_of, query.lang)
    return HttpResponse(response_map.png(), content_type="image/png")


# --- Writes --------------------------------------------------------------------------


@router.post(
    "/campaigns",
    response={201: CampaignSummary},
    auth=user_auth,
    summary="Create a draft campaign",
)
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Status:
    permissions.require(request.user, permissions.ADD, Campaign)
    try:
        questionnaire = Questionnaire.objects.get(code=payload.questionnaire)
    except Questionnaire.DoesNotExist as exc:
        # A field of the body, not the address: 400, saying which field.
        raise ValidationError(
            {
                "questionnaire": [
                    f"No questionnaire has the code {payload.questionnaire!r}."
                ]
            }
        ) from exc
    except Questionnaire.MultipleObjectsReturned:
        questionnaire = (
            Questionnaire.objects.filter(code=payload.questionnaire)
            .order_by("-pk")
            .first()
        )
    campaign = services.campaign_create(
        actor=request.user,
        questionnaire=questionnaire,
        title=payload.title,
        letter=payload.letter,
        opens_on=payload.opens_on,
        deadline=payload.deadline,
        closes_on=payload.closes_on,
        recipients=payload.recipients,
        reminder_offsets=payload.reminder_offsets,
        sender=payload.sender,
    )
    return Status(201, _summary(campaign, language_param(None)))


def _managed(request: HttpRequest, campaign_id: int) -> Campaign:
    return selectors.campaign_get_for_user(
        request.user, campaign_id, action=rules.MANAGE
    )


@router.post(
    "/campaigns/{campaign_id}/dispatch",
    response=DispatchOut,
    auth=user_auth,
    summary="Dispatch a draft campaign: a link and an invitation per State",
)
def campaign_dispatch(request: HttpRequest, campaign_id: int) -> dict:
    campaign = _managed(request, campaign_id)
    n = services.campaign_dispatch(actor=request.user, campaign=campaign)
    return {"id": campaign.pk, "status": Campaign.Status.OPEN, "invitations": n}


@router.post(
    "/campaigns/{campaign_id}/close",
    response=CampaignSummary,
    auth=user_auth,
    summary="Close an open campaign",
)
def campaign_close(request: HttpRequest, campaign_id: int) -> dict:
    campaign = services.campaign_close(
        actor=request.user, campaign=_managed(request, campaign_id)
    )
    return _summary(campaign, language_param(None))


@router.post(
    "/campaigns/{campaign_id}/publish",
    response=CampaignSummary,
    auth=user_auth,
    summary="Publish a closed campaign's counts, map and tally",
)
def campaign_publish(request: HttpRequest, campaign_id: int) -> dict:
    campaign = services.campaign_publish(
        actor=request.user, campaign=_managed(request, campaign_id)
    )
    return _summary(campaign, language_param(None))


@router.post(
    "/campaigns/{campaign_id}/recipients/{recipient_id}/follow-ups",
    response={201: FollowUpOut},
    auth=user_auth,
    summary="Record a call, fax, e-mail, letter or note about a State's reply",
)
def follow_up_create(
    request: HttpRequest, campaign_id: int, recipient_id: int, payload: FollowUpIn
) -> Status:
    campaign = _managed(request, campaign_id)
    recipient = selectors.recipient_get_for_user(
        request.user, campaign, recipient_id, action=rules.MANAGE
    )
    follow_up: FollowUp = services.follow_up_record(
        actor=request.user, recipient=recipient, **payload.dict()
    )
    # The State's id on the roster (the follow-up itself hangs on its
    # outreach recipient).
    return Status(
        201,
        {
            "id": follow_up.pk,
            "recipient_id": recipient.pk,
            "kind": follow_up.kind,
            "at": follow_up.at,
            "contact_name": follow_up.contact_name,
            "outcome": follow_up.outcome,
        },
    )
