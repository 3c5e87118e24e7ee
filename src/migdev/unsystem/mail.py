"""The reporting cycles' letters and where they go (docs/outreach.md).

A cycle is an outreach request (owner ``unsystem.cycle:<id>``); each entity
asked is one of its recipients (key ``entity:<code>``), written to in the
preferred language of its reporting officer, with a dated access link that
opens the entity's contribution. The invitation and the reminders are
templates (``templates/unsystem/mail/``) rendered in that language; they go
to the entity's reporting officers as the registry has them on the day.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from migdev.outreach import models as outreach_models
from migdev.outreach import services as outreach
from migdev.outreach.mail import Letter
from migdev.outreach.outbox import unique_addresses
from migdev.registry.models import Contact, Organization
from migdev.unsystem.models import Contribution, Cycle

LINK_PATH = "un-system/link/{token}/"


def officers(organization: Organization, day: dt.date | None = None) -> list[Contact]:
    """The entity's reporting officers on ``day`` (default today)."""
    return list(
        Contact.objects.as_of(day or timezone.localdate())
        .filter(organization=organization, kind=Contact.Kind.REPORTING_OFFICER)
        .order_by("name", "pk")
    )


def language_of(organization: Organization, day: dt.date | None = None) -> str:
    """The language the entity is written to: its first reporting officer's
    preferred language (English when it has none)."""
    found = officers(organization, day)
    return found[0].preferred_language if found else "en"


def addresses(contribution: Contribution) -> tuple[list[str], list[str]]:
    """To: the entity's reporting officers today; no copy."""
    return unique_addresses(o.email for o in officers(contribution.organization)), []


def _context(contribution: Contribution, url: str | None) -> dict:
    cycle = contribution.cycle
    language = contribution.outreach.language
    return {
        "title": cycle.title.get_text(language),
        "letter": cycle.letter.get_text(language) if cycle.letter else "",
        "entity": contribution.organization.name.get_text(language),
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
        "opens_on": cycle.opens_on,
        "deadline": cycle.deadline,
        "url": url,
    }


def invitation_compose(contribution: Contribution, url: str | None) -> Letter:
    return outreach.render(
        "unsystem/mail/invitation",
        _context(contribution, url),
        language=contribution.outreach.language,
    )


def link_url(token: str, *, language: str) -> str:
    return outreach.link_url(LINK_PATH, token, language=language)


def _contribution(recipient: outreach_models.Recipient) -> Contribution:
    return Contribution.objects.select_related(
        "cycle__request", "organization", "outreach"
    ).get(outreach=recipient)


def _reminder(
    recipient: outreach_models.Recipient,
    rule: outreach_models.ReminderRule,
    url: str | None,
) -> Letter:
    contribution = _contribution(recipient)
    return outreach.render(
        "unsystem/mail/reminder",
        {**_context(contribution, url), "before_deadline": rule.offset_days <= 0},
        language=recipient.language,
    )


def _addresses(recipient: outreach_models.Recipient) -> tuple[list[str], list[str]]:
    return addresses(_contribution(recipient))


def register() -> None:
    """Declare the reporting cycles as the owner of their outreach requests;
    only the secretariat sees their recipients, messages and follow-ups."""
    outreach.register(
        Cycle.OWNER,
        reminder=_reminder,
        addresses=_addresses,
        link_path=LINK_PATH,
        allows=lambda roles, action, request: False,
    )
