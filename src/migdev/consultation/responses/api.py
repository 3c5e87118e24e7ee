"""Reply endpoints: read and write a State's reply, after logging in
(``/replies/{recipient_id}``) or with the access link's secret
(``/links/{token}/reply``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from migdev.consultation.campaigns.links import LinkError, recipient_for_token
from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.responses import selectors, services
from migdev.consultation.responses.models import ResponseVersion
from migdev.consultation.responses.rules import CHANGE_REPLY, VIEW_REPLY
from migdev.core.api import ErrorOut, error, user_auth
from migdev.core.i18n import LANGUAGE_CODES, normalize_language

router = Router(tags=["replies"])

#: HTTP status of a link that cannot be used, by LinkError code.
LINK_STATUS = {
    "invalid": 403,
    "not_yet_valid": 403,
    "revoked": 410,
    "expired": 410,
    "closed": 410,
}


class VersionSummary(Schema):
    number: int = Field(description="Version number, 1, 2, 3… in the order saved.")
    kind: Literal["draft", "submission"] = Field(
        description="draft: saved, not sent; submission: the State's reply."
    )
    channel: Literal["web", "api", "secretariat"] = Field(
        description="web form, API, or entered by the secretariat on the State's behalf."
    )
    based_on: int | None = Field(
        description="The version the author had seen when saving (null: none)."
    )
    created_by: str | None = Field(
        description="User name of the author; null when saved through an access link."
    )
    created_at: dt.datetime = Field(description="When the version was saved (UTC).")
    received_on: dt.date | None = Field(
        description="For a reply entered by the secretariat: the day the State's document arrived."
    )
    language: str = Field(description="Language the reply was written in.")
    has_original: bool = Field(
        description="Whether an original document (fax, letter) is attached."
    )


class VersionOut(VersionSummary):
    answers: dict[str, Any] = Field(
        description="Answers keyed by question name: text as string, integer, number, "
        "date as YYYY-MM-DD, yes_no as 'yes'/'no', select_one as a choice name, "
        "select_multiple as a list of choice names. Unanswered questions are absent."
    )


class ReplyOut(Schema):
    recipient_id: int = Field(description="The State's entry on the campaign's roster.")
    campaign_id: int
    state: str = Field(description="ISO alpha-3 code of the State.")
    status: Literal["not_started", "drafting", "submitted"] = Field(
        description="not_started, drafting (a draft saved) or submitted (replied)."
    )
    completed_at: dt.datetime | None = Field(
        description="When the State first replied."
    )
    accepts_replies: bool = Field(
        description="Whether the reply may be changed today (the campaign is open)."
    )
    latest: VersionOut | None = Field(
        description="The latest version (draft or submission); send its number as "
        "based_on to replace it."
    )
    history: list[VersionSummary] = Field(description="Every version, newest first.")


class ReplyIn(Schema):
    kind: Literal["draft", "submission"] = Field(
        description="draft: may be incomplete, not sent to the secretariat; "
        "submission: the State's reply, all required questions answered."
    )
    answers: dict[str, Any] = Field(
        description="Answers keyed by question name (see VersionOut.answers)."
    )
    submission_key: str = Field(
        min_length=1,
        max_length=64,
        description="A new key (a UUID is best) for each new submission, and the "
        "same key when the same submission is sent again: a retry is then "
        "answered 200 with the version already saved, never saved twice.",
    )
    based_on: int | None = Field(
        description="The number of the latest version you have seen (null if you "
        "have seen none). If a newer version exists the answer is 409."
    )
    language: str | None = Field(
        None,
        description="Language of the answers: ar, zh-hans, en, fr, ru or es "
        "(default: the State's language).",
    )


def _summary(v: ResponseVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "kind": v.kind,
        "channel": v.channel,
        "based_on": v.based_on,
        "created_by": v.created_by.username
        if v.created_by_id and v.created_by
        else None,
        "created_at": v.created_at,
        "received_on": v.received_on,
        "language": v.language,
        "has_original": bool(v.attachment),
    }


def _version(v: ResponseVersion) -> dict[str, Any]:
    return {**_summary(v), "answers": v.answers}


def _reply(recipient: Recipient) -> dict[str, Any]:
    versions = selectors.version_list(recipient)
    return {
        "recipient_id": recipient.pk,
        "campaign_id": recipient.campaign_id,
        "state": recipient.country.iso3 or recipient.country.m49,
        "status": recipient.status,
        "completed_at": recipient.completed_at,
        "accepts_replies": selectors.accepts_replies(recipient.campaign),
        "latest": _version(versions[0]) if versions else None,
        "history": [_summary(v) for v in versions],
    }


def _save(
    request: HttpRequest, recipient: Recipient, payload: ReplyIn, *, actor: Any
) -> Any:
    try:
        language = normalize_language(payload.language or recipient.language)
    except ValueError:
        language = recipient.language if recipient.language in LANGUAGE_CODES else "en"
    try:
        version, created = services.response_save(
            recipient=recipient,
            answers=payload.answers,
            kind=payload.kind,
            submission_key=payload.submission_key,
            based_on=payload.based_on,
            actor=actor,
            language=language,
            channel=ResponseVersion.Channel.API,
        )
    except services.ReplyError as exc:
        return error(request, exc.status, exc.code, exc.message, **exc.extra)
    return Status(201 if created else 200, _version(version))


def _link_refused(request: HttpRequest, exc: LinkError) -> HttpResponse:
    return error(
        request,
        LINK_STATUS.get(exc.code, 403),
        "invalid_link" if exc.code == "invalid" else f"link_{exc.code}",
        exc.message,
    )


_WRITE_RESPONSES = {
    200: VersionOut,
    201: VersionOut,
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    410: ErrorOut,
}


@router.get(
    "/replies/{recipient_id}",
    response={200: ReplyOut, 403: ErrorOut, 404: ErrorOut},
    auth=user_auth,
    summary="A State's reply: latest version and history",
)
def reply_get(request: HttpRequest, recipient_id: int):
    """For the focal points of that State and the secretariat."""
    recipient = selectors.recipient_get(
        user=request.user, recipient_id=recipient_id, action=VIEW_REPLY
    )
    return _reply(recipient)


@router.post(
    "/replies/{recipient_id}",
    response=_WRITE_RESPONSES,
    auth=user_auth,
    summary="Save a draft or submit a State's reply",
)
def reply_post(request: HttpRequest, recipient_id: int, payload: ReplyIn):
    """201: a new version; 200: this submission_key was already accepted with
    the same content (nothing new saved); 409: based_on is not the latest
    version (``latest_version`` says which is), or the key was used for other
    content; 400: answers to fix, per question; 410: the consultation is closed."""
    recipient = selectors.recipient_get(
        user=request.user, recipient_id=recipient_id, action=CHANGE_REPLY
    )
    return _save(request, recipient, payload, actor=request.user)


@router.get(
    "/links/{token}/reply",
    response={200: ReplyOut, 403: ErrorOut, 410: ErrorOut},
    auth=None,
    summary="A State's reply, through its access link",
)
def link_reply_get(request: HttpRequest, token: str):
    """The link's secret is the credential: no session. 403 for an unknown or
    altered link, 410 for a withdrawn or expired one or a closed consultation."""
    try:
        recipient = recipient_for_token(token)
    except LinkError as exc:
        return _link_refused(request, exc)
    return _reply(recipient)


@router.post(
    "/links/{token}/reply",
    response=_WRITE_RESPONSES,
    auth=None,
    summary="Save a draft or submit a State's reply, through its access link",
)
def link_reply_post(request: HttpRequest, token: str, payload: ReplyIn):
    """As POST /replies/{recipient_id}, with the link's secret as the credential."""
    language = None
    if payload.language:
        try:
            language = normalize_language(payload.language)
        except ValueError:
            language = None  # the State's language
    try:
        version, created = services.response_save_by_link(
            token=token,
            answers=payload.answers,
            kind=payload.kind,
            submission_key=payload.submission_key,
            based_on=payload.based_on,
            language=language,
            channel=ResponseVersion.Channel.API,
        )
    except LinkError as exc:
        return _link_refused(request, exc)
    except services.ReplyError as exc:
        return error(request, exc.status, exc.code, exc.message, **exc.extra)
    return Status(201 if created else 200, _version(version))
