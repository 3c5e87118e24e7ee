"""What the Forum writes through the platform's outbox (``migdev.outreach``):
the confirmation of accreditation to each delegate (with the QR code that
checks the delegate in and a personal link to the badge), and the support
unit's messages to the national focal points. Called by ``forum.services``
inside their transaction, after the permission check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from migdev.core.i18n import LANGUAGE_CODES
from migdev.forum.models import Broadcast, Delegate, Delegation
from migdev.outreach import services as outreach
from migdev.outreach.models import Recipient
from migdev.registry import selectors as registry
from migdev.registry.models import Contact, Country

MEETING = "forum.meeting"
BROADCAST = "forum.broadcast"
BADGE_LINK = "forum/badges/link/{token}/"
SENDER = "Global Forum on Migration and Development"


def _support_unit_only(roles: Any, action: str, request: Any) -> bool:
    return bool(roles.forum_support)


def register() -> None:
    """Declare the Forum's requests to outreach (``ForumConfig.ready``)."""
    outreach.register(MEETING, link_path=BADGE_LINK, allows=_support_unit_only)
    outreach.register(BROADCAST, allows=_support_unit_only)


def _language(code: str) -> str:
    return code if code in LANGUAGE_CODES else "en"


# --- Confirmation of accreditation -------------------------------------------------------


#: A badge link works until the meeting's last day, and at least this long.
BADGE_LINK_DAYS = 30


def _meeting_request(delegation: Delegation) -> Any:
    meeting = delegation.meeting
    today = timezone.localdate()
    closes = max(meeting.end, today + dt.timedelta(days=BADGE_LINK_DAYS))
    if meeting.request_id is None:
        meeting.request = outreach.request_create(
            owner=outreach.owner_key(MEETING, meeting.pk),
            opens_on=today,
            closes_on=closes,
            title=f"{meeting.city.get_text('en')} {meeting.start.year}",
            sender=SENDER,
        )
        meeting.save(update_fields=["request"])
    request = meeting.request
    if request.closes_on is None or request.closes_on < closes:
        outreach.request_update(request, closes_on=closes)
    outreach.request_open(request)
    return request


def accreditation_confirm(delegation: Delegation) -> list[int]:
    """Write to each delegate of an accredited ``delegation`` who has an
    address and has not been written to: the confirmation in the delegate's
    language, with the QR code and a personal link to the badge (valid until
    the meeting's last day). Returns the ids of the messages queued."""
    from migdev.forum import exports
    from migdev.forum.selectors import party_name

    request = _meeting_request(delegation)
    ids: list[int] = []
    for delegate in delegation.delegates.all():
        if not delegate.email:
            continue
        language = _language(delegate.language)
        recipient = outreach.recipient_add(
            request,
            key=f"delegate:{delegate.pk}",
            language=language,
            name=delegate.name,
        )
        if delegate.recipient_id != recipient.pk:
            delegate.recipient = recipient
            delegate.save(update_fields=["recipient"])
        key = f"forum-accredited:{delegate.pk}"
        if recipient.messages.filter(dedupe_key=key).exists():
            continue
        valid_from, valid_until = outreach.link_default_validity(request)
        secret = outreach.link_issue(
            recipient, valid_from=valid_from, valid_until=valid_until
        )
        check_in = exports.check_in_url(delegate)
        letter = outreach.render(
            "forum/mail/accredited",
            {
                "delegate": delegate,
                "meeting": delegation.meeting,
                "party": party_name(delegation, language),
                "badge_url": outreach.link_url(BADGE_LINK, secret, language=language),
                "check_in_url": check_in,
                "qr": exports.qr_png_data_uri(check_in),
            },
            language=language,
        )
        message = outreach.message_enqueue(
            recipient=recipient,
            kind="notice",
            dedupe_key=key,
            letter=letter,
            to=[delegate.email],
        )
        if message is not None:
            ids.append(message.pk)
    outreach.delivery_schedule(ids)
    return ids


def badge_link_revoke(delegate: Delegate) -> None:
    if delegate.recipient_id is not None:
        outreach.link_revoke(delegate.recipient)


def badge_recipient(token: str) -> Recipient:
    """The delegate's outreach recipient behind a badge link (LinkError)."""
    recipient = outreach.link_resolve(token)
    outreach.link_check(recipient)
    return recipient


# --- Messages to the focal points --------------------------------------------------------


def focal_points(countries: list[Country], day: dt.date | None = None) -> list[Contact]:
    """The national focal points in office on ``day`` of ``countries`` (all
    States' if empty)."""
    contacts = (
        Contact.objects.as_of(day or timezone.localdate())
        .filter(kind=Contact.Kind.FOCAL_POINT, country__isnull=False)
        .select_related("country")
        .order_by("country__m49", "pk")
    )
    if countries:
        contacts = contacts.filter(country__in=countries)
    return list(contacts)


def broadcast_deliver(broadcast: Broadcast, countries: list[Country]) -> list[int]:
    """One message per focal point, in its preferred language; a focal point
    already written to for ``broadcast`` is not written to again."""
    if broadcast.request_id is None:
        broadcast.request = outreach.request_create(
            owner=outreach.owner_key(BROADCAST, broadcast.pk),
            opens_on=timezone.localdate(),
            title=broadcast.subject.get_text("en"),
            sender=SENDER,
        )
        outreach.request_open(broadcast.request)
    ids: list[int] = []
    for contact in focal_points(countries):
        language = _language(contact.preferred_language)
        recipient = outreach.recipient_add(
            broadcast.request,
            key=f"contact:{contact.pk}",
            language=language,
            name=contact.name,
            user=contact.user,
        )
        letter = outreach.render(
            "forum/mail/broadcast",
            {
                "name": contact.name,
                "state": registry.country_name(contact.country, None, language),
                "subject": broadcast.subject.get_text(language),
                "text": broadcast.text.get_text(language),
            },
            language=language,
        )
        message = outreach.message_enqueue(
            recipient=recipient,
            kind="notice",
            dedupe_key=f"forum-broadcast:{broadcast.pk}:{contact.pk}",
            letter=letter,
            to=[contact.email] if contact.email else [],
        )
        if message is not None:
            ids.append(message.pk)
    outreach.delivery_schedule(ids)
    return ids
