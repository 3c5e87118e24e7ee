"""Reads of replies, always through the permission helper."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.responses.models import ResponseVersion
from migdev.consultation.responses.rules import VIEW_REPLY
from migdev.registry import permissions


def recipient_get(
    *, user: Any, recipient_id: int, action: str = VIEW_REPLY
) -> Recipient:
    """The roster entry ``recipient_id`` if ``user`` may do ``action`` on its
    reply. Http404 if there is none, and the same for another State's reply,
    so that an id reveals nothing; PermissionDenied only when the user may
    see the reply but not do ``action`` on it."""
    try:
        recipient = Recipient.objects.select_related(
            "campaign__request", "campaign__questionnaire", "country", "outreach"
        ).get(pk=recipient_id)
    except (Recipient.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such reply.") from exc
    if not permissions.can(user, action, recipient):
        if action != VIEW_REPLY and permissions.can(user, VIEW_REPLY, recipient):
            raise PermissionDenied
        raise Http404("No such reply.")
    return recipient


def version_list(recipient: Recipient) -> list[ResponseVersion]:
    """Every version of the reply, newest first, with who saved it."""
    return list(
        ResponseVersion.objects.filter(recipient=recipient)
        .select_related("created_by")
        .order_by("-number")
    )


def version_latest(recipient: Recipient) -> ResponseVersion | None:
    return (
        ResponseVersion.objects.filter(recipient=recipient)
        .select_related("created_by")
        .order_by("-number")
        .first()
    )


def version_get(recipient: Recipient, number: int) -> ResponseVersion:
    try:
        return ResponseVersion.objects.select_related("created_by").get(
            recipient=recipient, number=number
        )
    except ResponseVersion.DoesNotExist as exc:
        raise Http404("No such version.") from exc


def accepts_replies(campaign: Campaign) -> bool:
    """Whether replies may be entered or changed today."""
    today = timezone.localdate()
    if campaign.status != Campaign.Status.OPEN or today < campaign.opens_on:
        return False
    return not (campaign.closes_on and today > campaign.closes_on)


def author_label(version: ResponseVersion) -> str:
    """Who saved a version, as shown in the history."""
    from django.utils.translation import gettext

    if version.channel == ResponseVersion.Channel.SECRETARIAT:
        who = (
            version.created_by.get_full_name() or version.created_by.username
            if version.created_by
            else gettext("the secretariat")
        )
        return gettext("%(who)s (secretariat, on the State's behalf)") % {"who": who}
    if version.created_by is not None:
        return version.created_by.get_full_name() or version.created_by.username
    return gettext("Through the access link")
