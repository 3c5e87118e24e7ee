"""A campaign's roster: which States, in which language each is written to.

Internal helpers of ``services`` (no permission check here: the services
check before they call them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.core.i18n import LocalizedText, listed
from migdev.outreach import services as outreach
from migdev.outreach.models import Recipient as OutreachRecipient
from migdev.outreach.richtext import sanitize
from migdev.registry import selectors as registry_selectors
from migdev.registry.models import Contact, Country

# --- The language of the letter -------------------------------------------------
#
# The letter goes in the preferred language of the State's Permanent Mission
# contact, else of its first focal point, as recorded in the registry. Without
# either, the State's language of correspondence in the registry (Arabic for
# the members of the League of Arab States, then French, Spanish, Russian and
# Chinese where the State uses them officially; English otherwise).


def language_default(country: Country) -> str:
    """The official UN language a State is written to when the registry has no
    preference for it (the registry's language of correspondence)."""
    return registry_selectors.correspondence_language(country)


def _preferred_languages(countries: list[Country], day: dt.date) -> dict[int, str]:
    chosen: dict[int, str] = {}
    rank = {Contact.Kind.PERMANENT_MISSION: 0, Contact.Kind.FOCAL_POINT: 1}
    rows = (
        Contact.objects.as_of(day)
        .filter(country__in=countries, kind__in=list(rank))
        .values_list("country_id", "kind", "preferred_language", "pk")
    )
    for country_id, _kind, language, _pk in sorted(
        rows, key=lambda r: (r[0], rank[r[1]], r[3])
    ):
        chosen.setdefault(country_id, language)
    return chosen


def default_recipients(day: dt.date) -> list[Country]:
    """The Member States and the observers on ``day`` (the campaign's opening
    date): a State admitted later was not written to, an observer then was."""
    try:
        return registry_selectors.states_on(day)
    except registry_selectors.HistoryIncomplete as exc:
        raise ValidationError({"opens_on": str(exc)}) from exc


# --- Validation -------------------------------------------------------------------


def clean_letter(letter: Any) -> LocalizedText:
    text = LocalizedText(letter or {})
    return LocalizedText({code: sanitize(value) for code, value in text.items()})


def check_dates(
    opens_on: dt.date, deadline: dt.date, closes_on: dt.date | None
) -> None:
    errors: dict[str, Any] = {}
    if deadline < opens_on:
        errors["deadline"] = _("The deadline must be on or after the opening date.")
    if closes_on is not None and closes_on < deadline:
        errors["closes_on"] = _(
            "The closing date must be on or after the deadline, or left empty."
        )
    if errors:
        raise ValidationError(errors)


def countries_of(recipients: Iterable[Any] | None, day: dt.date) -> list[Country]:
    if recipients is None:
        return default_recipients(day)
    countries: list[Country] = []
    codes: list[str] = []
    for item in recipients:
        if isinstance(item, Country):
            countries.append(item)
        else:
            codes.append(str(item).strip().upper())
    if codes:
        found = {c.iso3: c for c in Country.objects.filter(iso3__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise ValidationError(
                {
                    "recipients": _(
                        "Unknown State codes: %(codes)s. Use ISO alpha-3 codes."
                    )
                    % {"codes": listed(unknown)}
                }
            )
        countries += [found[c] for c in codes]
    not_states = [c for c in countries if not c.is_state]
    if not_states:
        raise ValidationError(
            {
                "recipients": _(
                    "Only States can be consulted; these are areas: %(names)s."
                )
                % {"names": listed(str(c) for c in not_states)}
            }
        )
    unique = {c.pk: c for c in countries}
    if not unique:
        raise ValidationError({"recipients": _("Choose at least one State.")})
    return list(unique.values())


def recipients_add(campaign: Campaign, countries: list[Country]) -> int:
    """Put ``countries`` on the roster (those not on it yet), each with its
    outreach recipient written to in its language."""
    existing = set(campaign.recipients.values_list("country_id", flat=True))
    new = [c for c in countries if c.pk not in existing]
    preferred = _preferred_languages(new, campaign.opens_on)
    created = outreach.recipients_add(
        campaign.request,
        [
            (country_key(c), preferred.get(c.pk) or language_default(c), c.iso3)
            for c in new
        ],
    )
    by_key = {r.key: r for r in created}
    Recipient.objects.bulk_create(
        [
            Recipient(campaign=campaign, country=c, outreach=by_key[country_key(c)])
            for c in new
        ]
    )
    return len(new)


def recipients_keep(campaign: Campaign, countries: list[Country]) -> None:
    """Take off the roster the States not in ``countries`` (a draft's)."""
    keep = {c.pk for c in countries}
    gone = campaign.recipients.exclude(country_id__in=keep).values("outreach_id")
    # Deleting the outreach recipient deletes the campaign's (CASCADE).
    OutreachRecipient.objects.filter(pk__in=gone).delete()


def country_key(country: Country) -> str:
    """A State's ``key`` on a campaign's outreach request."""
    return f"country:{country.iso3}"
