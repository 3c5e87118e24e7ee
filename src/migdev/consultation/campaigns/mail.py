"""The consultation's letters and where they go.

The invitation and the reminders are Django templates
(``templates/campaigns/mail/``), rendered in the State's language by
``outreach.render``; the covering letter, stored as sanitized rich text, is
put in as it is in the HTML part and as text in the plain part. Messages go to
the State's Permanent Mission (else its Permanent Representative, else its
focal points), with the focal points in copy, as the registry has them on the
day. The campaigns register themselves with outreach as the owner of their
requests (``register``), for the reminders that ``run-due`` writes.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.safestring import mark_safe

from migdev.consultation.campaigns import links
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.outreach import models as outreach_models
from migdev.outreach import services as outreach
from migdev.outreach.mail import Letter
from migdev.outreach.outbox import unique_addresses
from migdev.outreach.richtext import html_to_text, sanitize
from migdev.registry.models import Contact


def addresses(
    recipient: Recipient, *, as_of: dt.date | None = None
) -> tuple[list[str], list[str]]:
    """To: the Permanent Mission (else the Permanent Representative, else the
    focal points); copy: the focal points. Current contacts of the registry."""
    contacts = list(
        Contact.objects.as_of(as_of or timezone.localdate())
        .filter(country_id=recipient.country_id)
        .exclude(email="")
        .order_by("kind", "name", "pk")
        .values_list("kind", "email")
    )

    def emails(kind: str) -> list[str]:
        return unique_addresses(e for k, e in contacts if k == kind)

    focal = emails(Contact.Kind.FOCAL_POINT)
    to = emails(Contact.Kind.PERMANENT_MISSION) or emails(
        Contact.Kind.PERMANENT_REPRESENTATIVE
    )
    if not to:
        return focal, []
    return to, [e for e in focal if e not in to]


def _context(recipient: Recipient, url: str | None) -> dict:
    campaign = recipient.campaign
    language = recipient.language
    return {
        "title": campaign.title.get_text(language),
        "deadline": campaign.deadline,
        "url": url,
    }


def invitation_compose(recipient: Recipient, url: str | None) -> Letter:
    """The invitation to one State, in its language, with its link."""
    letter = sanitize(recipient.campaign.letter.get_text(recipient.language))
    return outreach.render(
        "campaigns/mail/invitation",
        {
            **_context(recipient, url),
            # Sanitized rich text (an allow-list): put in as it is.
            "letter_html": mark_safe(letter),
            "letter_text": html_to_text(letter),
        },
        language=recipient.language,
    )


def reminder_compose(
    recipient: Recipient, url: str | None, *, before_deadline: bool
) -> Letter:
    """A reminder to one State, before or after the deadline."""
    return outreach.render(
        "campaigns/mail/reminder",
        {**_context(recipient, url), "before_deadline": before_deadline},
        language=recipient.language,
    )


def _campaign_recipient(recipient: outreach_models.Recipient) -> Recipient:
    return Recipient.objects.select_related(
        "campaign__request", "country", "outreach__request"
    ).get(outreach=recipient)


def _reminder(
    recipient: outreach_models.Recipient,
    rule: outreach_models.ReminderRule,
    url: str | None,
) -> Letter:
    return reminder_compose(
        _campaign_recipient(recipient), url, before_deadline=rule.offset_days <= 0
    )


def _addresses(recipient: outreach_models.Recipient) -> tuple[list[str], list[str]]:
    return addresses(_campaign_recipient(recipient))


def register() -> None:
    """Declare the campaigns as the owner of their outreach requests."""
    from migdev.consultation.campaigns.rules import outreach_allows

    outreach.register(
        Campaign.OWNER,
        reminder=_reminder,
        addresses=_addresses,
        link_path=links.LINK_PATH,
        allows=outreach_allows,
    )
