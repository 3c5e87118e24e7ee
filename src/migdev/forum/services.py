"""Writes of the Forum. Each service runs in one transaction, asks the
registry's permission helper first, checks its input as a whole (a bad code or
date refuses everything, nothing is half-saved) and leaves an audit entry."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from migdev.core import uploads
from migdev.core.audit import AuditEntry, audit_record, audited_update, snapshot
from migdev.core.fields import currency_code
from migdev.core.i18n import LANGUAGE_CODES, LocalizedText, listed
from migdev.forum import mail, rules, selectors
from migdev.forum.models import (
    Broadcast,
    Chairmanship,
    CivilSocietyDay,
    Contribution,
    Delegate,
    Delegation,
    Dialogue,
    DialogueRoundTable,
    Expenditure,
    FriendsMeeting,
    Meeting,
    MigrationProfile,
    Practice,
    Roundtable,
    StaffMember,
    SteeringMembership,
    Theme,
    geneva,
)
from migdev.registry import permissions
from migdev.registry import selectors as registry
from migdev.registry.models import Country, Organization

CREATE = AuditEntry.Action.CREATE
UPDATE = AuditEntry.Action.UPDATE
DELETE = AuditEntry.Action.DELETE


# --- Codes to records, all or nothing -------------------------------------------


def states_from_codes(codes: Iterable[str], field: str = "states") -> list[Country]:
    """The States named by ISO alpha-3 (or alpha-2, M49) ``codes``; every
    code that names no State is listed in one error on ``field``."""
    found: list[Country] = []
    unknown: list[str] = []
    for raw in codes:
        code = (raw or "").strip()
        if not code:
            continue
        try:
            country = registry.country_get(code)
        except registry.UnknownCode:
            unknown.append(code)
            continue
        if not country.is_state:
            unknown.append(code)
            continue
        if country not in found:
            found.append(country)
    if unknown:
        raise ValidationError(
            {
                field: _(
                    "No State has the code %(codes)s: use ISO 3166 alpha-3 codes "
                    "of Member States or observer States (e.g. BEL, PHL)."
                )
                % {"codes": listed(unknown)}
            }
        )
    return found


def organizations_from_codes(
    codes: Iterable[str], field: str = "organizations"
) -> list[Organization]:
    found: list[Organization] = []
    unknown: list[str] = []
    for raw in codes:
        code = (raw or "").strip()
        if not code:
            continue
        try:
            found.append(registry.organization_get(code))
        except registry.UnknownCode:
            unknown.append(code)
    if unknown:
        raise ValidationError(
            {
                field: _("No organization of the registry has the code %(codes)s.")
                % {"codes": listed(unknown)}
            }
        )
    return found


def framework_targets_from(tags: Iterable[Any], field: str = "tags") -> list[Any]:
    """Global Compact objectives and SDG targets, given as records or as codes
    ('gcm-19', 'SDG 10.c'); every unknown code is named in one error."""
    found: list[Any] = []
    unknown: list[str] = []
    for tag in tags:
        if not isinstance(tag, str):
            found.append(tag)
            continue
        if not tag.strip():
            continue
        try:
            found.append(registry.framework_target_get(tag))
        except registry.UnknownCode:
            unknown.append(tag.strip())
    if unknown:
        raise ValidationError(
            {
                field: _(
                    "No Global Compact objective or SDG target has the code "
                    "%(codes)s: use codes such as gcm-19 or sdg-10.7."
                )
                % {"codes": listed(unknown)}
            }
        )
    return found


def _text(value: Any) -> LocalizedText:
    if isinstance(value, str):
        return LocalizedText(en=value)
    return LocalizedText(value or {})


def _save(actor: Any, instance: Any, before: dict[str, Any] | None = None) -> Any:
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        instance=instance,
        action=UPDATE if before else CREATE,
        before=before,
    )
    return instance


# --- Chairs -----------------------------------------------------------------------


@transaction.atomic
def chair_record(
    *,
    actor: Any,
    country: Country,
    start: dt.date,
    end: dt.date,
    meeting: Meeting | None = None,
    note: str = "",
) -> tuple[Chairmanship, selectors.Alternation]:
    """Record a chair-in-office from ``start`` up to ``end`` (exclusive). A
    period that overlaps another chair's is refused; a chair that breaks the
    alternation between developed and developing countries is recorded and
    flagged (the flag is derived, so it stays visible wherever chairs are
    listed)."""
    permissions.require(actor, rules.MANAGE, Chairmanship)
    if not country.is_state:
        raise ValidationError({"country": _("A chair must be a State.")})
    if end <= start:
        raise ValidationError(
            {"end": _("The end of a chair's period must come after its start.")}
        )
    # Serialize chair records so that two overlapping ones cannot both pass.
    list(Chairmanship.objects.select_for_update().values_list("pk", flat=True))
    overlapping = (
        Chairmanship.objects.filter(start__lt=end, end__gt=start)
        .select_related("country")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "start": _(
                    "This period overlaps another chair's period (%(state)s, "
                    "%(start)s to %(end)s): one chair at a time."
                )
                % {
                    "state": registry.country_name(
                        overlapping.country, overlapping.start
                    ),
                    "start": overlapping.start.isoformat(),
                    "end": overlapping.end.isoformat(),
                }
            }
        )
    chair = _save(
        actor,
        Chairmanship(country=country, start=start, end=end, meeting=meeting, note=note),
    )
    previous = Chairmanship.objects.filter(start__lt=start).order_by("-start").first()
    return chair, selectors.alternation_check(country, start, previous)


# --- Steering Group -----------------------------------------------------------------


@transaction.atomic
def steering_member_add(
    *,
    actor: Any,
    country: Country,
    start: dt.date | None = None,
    end: dt.date | None = None,
    note: str = "",
) -> SteeringMembership:
    permissions.require(actor, rules.MANAGE, SteeringMembership)
    if not country.is_state:
        raise ValidationError(
            {"country": _("Members of the Steering Group are States.")}
        )
    clash = SteeringMembership.objects.filter(country=country)
    if start is not None:
        clash = clash.filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        clash = clash.filter(Q(start__isnull=True) | Q(start__lt=end))
    if clash.exists():
        raise ValidationError(
            {
                "start": _(
                    "Already a member of the Steering Group in this period: %(state)s."
                )
                % {"state": registry.country_name(country)}
            }
        )
    return _save(
        actor, SteeringMembership(country=country, start=start, end=end, note=note)
    )


# --- Friends of the Forum --------------------------------------------------------


@transaction.atomic
def friends_meeting_record(
    *,
    actor: Any,
    date: dt.date,
    place: Any = None,
    agenda: Any = None,
    minutes: Any = None,
    states: Iterable[str] = (),
    organizations: Iterable[str] = (),
    illustrative: bool = False,
) -> FriendsMeeting:
    """A meeting of the Friends of the Forum, in Geneva unless ``place``
    says otherwise, with the States and organizations that attended."""
    permissions.require(actor, rules.MANAGE, FriendsMeeting)
    countries = states_from_codes(states)
    orgs = organizations_from_codes(organizations)
    meeting = _save(
        actor,
        FriendsMeeting(
            date=date,
            place=_text(place) if place else LocalizedText(geneva()),
            agenda=_text(agenda),
            minutes=_text(minutes),
            illustrative=illustrative,
        ),
    )
    meeting.states.set(countries)
    meeting.organizations.set(orgs)
    return meeting


# --- Annual meetings ----------------------------------------------------------------


def _check_meeting_after_report(meeting: Meeting, day: dt.date | None) -> None:
    if day is not None and meeting.start < day:
        raise ValidationError(
            {
                "start": _(
                    "The meeting (%(start)s) is dated before the report of its "
                    "civil-society day (%(report)s): the report goes to the Forum, "
                    "so the meeting cannot come first."
                )
                % {"start": meeting.start.isoformat(), "report": day.isoformat()}
            }
        )


@transaction.atomic
def meeting_save(
    *,
    actor: Any,
    edition: int,
    host: Country,
    city: Any,
    start: dt.date,
    end: dt.date,
    theme: Any = None,
    themes: Any = None,
    modalities_paper: str = "",
    states_reported: int | None = None,
    illustrative: bool = False,
) -> Meeting:
    """Create the meeting of ``edition``, or change it."""
    meeting = Meeting.objects.select_for_update().filter(edition=edition).first()
    permissions.require(actor, rules.MANAGE, meeting or Meeting)
    before = snapshot(meeting) if meeting else None
    meeting = meeting or Meeting(edition=edition)
    if end < start:
        raise ValidationError({"end": _("The last day comes before the first.")})
    meeting.host, meeting.city = host, _text(city)
    meeting.start, meeting.end = start, end
    meeting.theme, meeting.themes = _text(theme), _text(themes)
    meeting.modalities_paper = modalities_paper
    meeting.states_reported = states_reported
    meeting.illustrative = illustrative
    if meeting.pk:
        csd = CivilSocietyDay.objects.filter(meeting=meeting).first()
        if csd is not None:
            _check_meeting_after_report(meeting, csd.report_date)
    return _save(actor, meeting, before)


@transaction.atomic
def meeting_report_transmit(
    *,
    actor: Any,
    meeting: Meeting,
    on: dt.date,
    symbol: str,
    title: Any = None,
) -> Meeting:
    """The meeting's report, transmitted to the President of the General
    Assembly on ``on`` under the document ``symbol`` (¶20)."""
    permissions.require(actor, rules.MANAGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if on < meeting.end:
        raise ValidationError(
            {"report_transmitted_on": _("The report is transmitted after the meeting.")}
        )
    if not symbol.strip():
        raise ValidationError({"report_symbol": _("Give the document symbol.")})
    changes: dict[str, Any] = {
        "report_transmitted_on": on,
        "report_symbol": symbol.strip(),
    }
    if title:
        changes["report_title"] = _text(title)
    audited_update(actor=actor, instance=meeting, changes=changes, full_clean=True)
    return meeting


@transaction.atomic
def civil_society_day_record(
    *,
    actor: Any,
    meeting: Meeting,
    organizer: Organization,
    start: dt.date,
    end: dt.date,
    report_title: Any = None,
    report_date: dt.date | None = None,
) -> CivilSocietyDay:
    """The civil-society day(s) before ``meeting`` (¶12, ¶15)."""
    permissions.require(actor, rules.MANAGE, meeting)
    errors: dict[str, str] = {}
    if end < start:
        errors["end"] = _("The last day comes before the first.")
    elif end >= meeting.start:
        errors["end"] = _(
            "The civil-society days come before the meeting, which opens on %(day)s."
        ) % {"day": meeting.start.isoformat()}
    if errors:
        raise ValidationError(errors)
    _check_meeting_after_report(meeting, report_date)
    day = CivilSocietyDay.objects.filter(meeting=meeting).first()
    before = snapshot(day) if day else None
    day = day or CivilSocietyDay(meeting=meeting)
    day.organizer, day.start, day.end = organizer, start, end
    day.report_title, day.report_date = _text(report_title), report_date
    return _save(actor, day, before)


@transaction.atomic
def roundtable_save(
    *,
    actor: Any,
    meeting: Meeting,
    number: str,
    title: Any,
    co_chairs: Iterable[str] = (),
    states: Iterable[str] = (),
    organizations: Iterable[str] = (),
    background_paper: str = "",
    rapporteur: str = "",
) -> Roundtable:
    permissions.require(actor, rules.MANAGE, meeting)
    chairs = states_from_codes(co_chairs, "co_chairs")
    participants = states_from_codes(states)
    orgs = organizations_from_codes(organizations)
    table = Roundtable.objects.filter(meeting=meeting, number=number).first()
    before = snapshot(table) if table else None
    table = table or Roundtable(meeting=meeting, number=number)
    table.title = _text(title)
    table.background_paper, table.rapporteur = background_paper, rapporteur
    _save(actor, table, before)
    table.co_chairs.set(chairs)
    table.states.set(participants)
    table.organizations.set(orgs)
    return table


# --- Delegations and attendance ---------------------------------------------------


def _check_delegates(delegates: Iterable[Mapping[str, str]]) -> list[Delegate]:
    rows = []
    for i, d in enumerate(delegates, start=1):
        name = (d.get("name") or "").strip()
        if not name:
            raise ValidationError(
                {"delegates": _("Delegate %(n)s has no name.") % {"n": i}}
            )
        delegate = Delegate(
            name=name,
            function=(d.get("function") or "").strip(),
            email=(d.get("email") or "").strip(),
            language=(d.get("language") or "en").strip(),
        )
        try:
            delegate.clean_fields(exclude=["delegation"])
        except ValidationError as exc:
            raise ValidationError(
                {
                    "delegates": _("Delegate %(n)s: %(problem)s")
                    % {
                        "n": i,
                        "problem": " ".join(
                            m for ms in exc.message_dict.values() for m in ms
                        ),
                    }
                }
            ) from exc
        rows.append(delegate)
    if not rows:
        raise ValidationError({"delegates": _("Name at least one delegate.")})
    return rows


#: A delegation's letter is a PDF (``core.uploads`` checks its content).
LETTER_KINDS = ("pdf",)


def _letter_storage() -> Any:
    return Delegation._meta.get_field("letter").storage


def delegation_register(
    *,
    actor: Any,
    meeting: Meeting,
    country: Country | None = None,
    organization: Organization | None = None,
    delegates: Iterable[Mapping[str, str]],
    letter: Any = None,
) -> Delegation:
    """A participant registers its delegation to ``meeting``: a focal point
    its State's, with the note verbale of the Permanent Mission; an
    organization's reporting officer its organization's, with the nomination
    letter. One flow for both: the delegation awaits accreditation by the
    support unit. A focal point of another State (a reporting officer of
    another organization) is refused. Registering again replaces the
    delegates of a registration not yet decided, and its letter if a new one
    comes.

    ``letter`` (a PDF up to ``MIGDEV_MAX_UPLOAD_BYTES``, checked by its
    content) is written to storage under a random name inside the
    transaction; if the registration fails after that, the file is deleted,
    and a letter it replaces is deleted once the new one is committed. Call
    it outside any transaction of your own (views do)."""
    written: list[str] = []
    try:
        return _delegation_register(
            actor=actor,
            meeting=meeting,
            country=country,
            organization=organization,
            delegates=delegates,
            letter=letter,
            written=written,
        )
    except BaseException:
        for name in written:
            _letter_storage().delete(name)
        raise


def _checked_letter(letter: Any) -> Any:
    try:
        checked = uploads.check_upload(letter, kinds=LETTER_KINDS)
    except ValidationError as exc:
        raise ValidationError({"letter": exc.messages}) from exc
    letter.seek(0)
    return checked


@transaction.atomic
def _delegation_register(
    *,
    actor: Any,
    meeting: Meeting,
    country: Country | None,
    organization: Organization | None,
    delegates: Iterable[Mapping[str, str]],
    letter: Any,
    written: list[str],
) -> Delegation:
    if (country is None) == (organization is None):
        raise ValidationError(_("A delegation is a State's or an organization's."))
    probe = Delegation(meeting=meeting, country=country, organization=organization)
    permissions.require(actor, rules.REGISTER, probe)
    if country is not None and not country.is_state:
        raise ValidationError({"country": _("Only States send delegations.")})
    rows = _check_delegates(delegates)
    checked = _checked_letter(letter) if letter is not None else None
    existing = (
        Delegation.objects.select_for_update()
        .filter(meeting=meeting, country=country, organization=organization)
        .order_by("pk")  # the default ordering joins; PostgreSQL locks no join
        .first()
    )
    if existing is not None and existing.status == Delegation.Status.ACCREDITED:
        raise ValidationError(
            _(
                "This delegation is accredited already; ask the support unit to change it."
            )
        )
    before = snapshot(existing) if existing else None
    delegation = existing or probe
    replaced = delegation.letter.name if checked is not None else ""
    delegation.status = Delegation.Status.PENDING
    delegation.registered_by = (
        actor if getattr(actor, "is_authenticated", False) else None
    )
    delegation.decided_by, delegation.decided_at, delegation.reason = None, None, ""
    if checked is not None:
        delegation.letter = File(letter, name=checked.storage_name())
        delegation.letter_name = checked.original_name[:200]
    try:
        _save(actor, delegation, before)
    finally:
        if checked is not None and delegation.letter.name != replaced:
            written.append(delegation.letter.name)
    if replaced:
        transaction.on_commit(lambda: _letter_storage().delete(replaced))
    delegation.delegates.all().delete()
    for row in rows:
        row.delegation = delegation
        row.save()
    return delegation


@transaction.atomic
def delegation_decide(
    *, actor: Any, delegation: Delegation, accredit: bool, reason: str = ""
) -> Delegation:
    """The support unit accredits a registration, or rejects it with a reason."""
    delegation = _decide(
        actor,
        delegation,
        status=Delegation.Status.ACCREDITED if accredit else Delegation.Status.REJECTED,
        note=reason,
        fields=("reason", "decided_by", "decided_at"),
        note_required=None if accredit else _("Say why the registration is rejected."),
    )
    if accredit:
        mail.accreditation_confirm(delegation)
    return delegation


def _decide(
    actor: Any,
    instance: Delegation | Practice,
    *,
    status: str,
    note: str,
    fields: tuple[str, str, str],
    note_required: str | None,
) -> Any:
    """The support unit's decision on what was submitted to it (a
    delegation, a good practice), on the row locked: its status, the note
    (``note_required`` says why one is needed, as a refusal needs), who
    decided and when — the three ``fields`` of the model — audited."""
    permissions.require(actor, rules.DECIDE, instance)
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    note_field, by_field, at_field = fields
    if note_required and not note.strip():
        raise ValidationError({note_field: note_required})
    audited_update(
        actor=actor,
        instance=instance,
        changes={
            "status": status,
            note_field: note.strip(),
            by_field: actor,
            at_field: timezone.now(),
        },
        full_clean=True,
    )
    return instance


def _withdrawable(delegation: Delegation) -> None:
    if delegation.status == Delegation.Status.WITHDRAWN:
        raise ValidationError(_("This delegation is withdrawn already."))


@transaction.atomic
def delegation_update(
    *,
    actor: Any,
    delegation: Delegation,
    delegates: Iterable[Mapping[str, str]],
) -> Delegation:
    """Change a delegation's delegates: its own focal point while it awaits
    accreditation, the support unit at any time. A row with the ``id`` of a
    delegate changes it, one without adds a delegate, a delegate not listed
    leaves; each change is audited. New delegates of an accredited delegation
    are sent their confirmation."""
    permissions.require(actor, rules.REGISTER, delegation)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    _withdrawable(delegation)
    if delegation.status == Delegation.Status.ACCREDITED and not permissions.can(
        actor, rules.DECIDE, delegation
    ):
        raise ValidationError(
            _(
                "This delegation is accredited already; ask the support unit to change it."
            )
        )
    items = list(delegates)
    rows = _check_delegates(items)
    current = {d.pk: d for d in delegation.delegates.all()}
    kept: set[int] = set()
    for item, row in zip(items, rows, strict=True):
        pk = int(item["id"]) if str(item.get("id") or "").isdigit() else None
        existing = current.get(pk) if pk is not None else None
        if existing is None:
            row.delegation = delegation
            _save(actor, row)
            continue
        kept.add(existing.pk)
        audited_update(
            actor=actor,
            instance=existing,
            changes={
                "name": row.name,
                "function": row.function,
                "email": row.email,
                "language": row.language,
            },
            full_clean=True,
        )
    for pk, gone in current.items():
        if pk not in kept:
            mail.badge_link_revoke(gone)
            audit_record(actor=actor, instance=gone, action=DELETE)
            gone.delete()
    if delegation.status == Delegation.Status.ACCREDITED:
        mail.accreditation_confirm(delegation)
    return delegation


@transaction.atomic
def delegation_withdraw(
    *, actor: Any, delegation: Delegation, reason: str = ""
) -> Delegation:
    """Withdraw a delegation (its focal point, or the support unit): it no
    longer counts in the attendance and its badges no longer check in; the
    record and its history stay."""
    permissions.require(actor, rules.REGISTER, delegation)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    _withdrawable(delegation)
    audited_update(
        actor=actor,
        instance=delegation,
        changes={
            "status": Delegation.Status.WITHDRAWN,
            "reason": reason.strip()[:500],
            "decided_by": actor if getattr(actor, "is_authenticated", False) else None,
            "decided_at": timezone.now(),
        },
        full_clean=True,
    )
    for delegate in delegation.delegates.all():
        mail.badge_link_revoke(delegate)
    return delegation


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    meeting: Meeting,
    states: Iterable[str] = (),
    organizations: Iterable[str] = (),
) -> int:
    """Record who attended ``meeting`` (the support unit, from the list of
    participants): each party not yet registered gets an accredited
    delegation. Any unknown code refuses the whole list. Returns how many
    delegations were added."""
    permissions.require(actor, rules.DECIDE, Delegation)
    countries = states_from_codes(states)
    orgs = organizations_from_codes(organizations)
    added = 0
    now = timezone.now()
    for country in countries:
        d, created = Delegation.objects.get_or_create(
            meeting=meeting,
            country=country,
            defaults={
                "status": Delegation.Status.ACCREDITED,
                "decided_by": actor,
                "decided_at": now,
            },
        )
        if created:
            audit_record(actor=actor, instance=d, action=CREATE)
            added += 1
    for org in orgs:
        d, created = Delegation.objects.get_or_create(
            meeting=meeting,
            organization=org,
            defaults={
                "status": Delegation.Status.ACCREDITED,
                "decided_by": actor,
                "decided_at": now,
            },
        )
        if created:
            audit_record(actor=actor, instance=d, action=CREATE)
            added += 1
    return added


# --- Good practices -----------------------------------------------------------------

THEMES_FILE = Path(__file__).with_name("data") / "themes.json"


@transaction.atomic
def themes_load() -> int:
    """The themes of ``data/themes.json`` (also loaded by migration 0002),
    created or renamed; idempotent. Returns how many there are."""
    rows = json.loads(THEMES_FILE.read_text(encoding="utf-8"))
    for order, row in enumerate(rows, start=1):
        Theme.objects.update_or_create(
            code=row["code"],
            defaults={"name": LocalizedText(row["name"]), "sort_order": order},
        )
    return len(rows)


@transaction.atomic
def practice_submit(
    *,
    actor: Any,
    country: Country,
    language: str,
    title: str,
    description: str,
    themes: Iterable[str],
    period: str = "",
    partners: str = "",
    results: str = "",
    links: str = "",
    tags: Iterable[Any] = (),
    illustrative: bool = False,
) -> Practice:
    """A State's good practice, in any official language; it awaits review.
    ``tags``: Global Compact objectives and SDG targets, as records or codes
    ('gcm-19', 'SDG 10.c'); an unknown code refuses the practice."""
    practice = Practice(
        country=country,
        language=language,
        title=(title or "").strip(),
        description=(description or "").strip(),
        period=period,
        partners=partners,
        results=results,
        links=links,
        illustrative=illustrative,
    )
    permissions.require(actor, rules.REGISTER, practice)
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            {"language": _("Write in one of the six official languages.")}
        )
    codes = [c for c in themes if c]
    found = list(Theme.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {t.code for t in found})
    if unknown or not found:
        raise ValidationError(
            {
                "themes": _("Unknown theme %(codes)s.") % {"codes": listed(unknown)}
                if unknown
                else _("Choose at least one theme.")
            }
        )
    targets = framework_targets_from(tags)
    practice.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    _save(actor, practice)
    practice.themes.set(found)
    practice.tags.set(targets)
    return practice


@transaction.atomic
def practice_review(
    *, actor: Any, practice: Practice, publish: bool, note: str = ""
) -> Practice:
    return _decide(
        actor,
        practice,
        status=Practice.Status.PUBLISHED if publish else Practice.Status.RETURNED,
        note=note,
        fields=("review_note", "reviewed_by", "reviewed_at"),
        note_required=None if publish else _("Say why the practice is returned."),
    )


# --- Support unit and money -----------------------------------------------------------


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": _("Give the amount as a number.")}) from None
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    return amount


def _currency(code: str) -> str:
    code = (code or "").strip().upper()
    try:
        currency_code(code)
    except ValidationError as exc:
        raise ValidationError({"currency": exc.messages}) from None
    return code


@transaction.atomic
def staff_add(
    *,
    actor: Any,
    name: str,
    government: Country,
    source: str,
    function: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> StaffMember:
    permissions.require(actor, rules.MANAGE, StaffMember)
    return _save(
        actor,
        StaffMember(
            name=name,
            government=government,
            source=source,
            function=function,
            start=start,
            end=end,
        ),
    )


@transaction.atomic
def contribution_record(
    *,
    actor: Any,
    government: Country,
    year: int,
    kind: str,
    amount: Any,
    currency: str,
    description: str = "",
    illustrative: bool = False,
) -> Contribution:
    permissions.require(actor, rules.MANAGE, Contribution)
    return _save(
        actor,
        Contribution(
            government=government,
            year=year,
            kind=kind,
            amount=_amount(amount),
            currency=_currency(currency),
            description=description,
            illustrative=illustrative,
        ),
    )


@transaction.atomic
def expenditure_record(
    *,
    actor: Any,
    year: int,
    amount: Any,
    currency: str,
    description: str,
    meeting: Meeting | None = None,
    illustrative: bool = False,
) -> Expenditure:
    permissions.require(actor, rules.MANAGE, Expenditure)
    return _save(
        actor,
        Expenditure(
            year=year,
            meeting=meeting,
            amount=_amount(amount),
            currency=_currency(currency),
            description=description,
            illustrative=illustrative,
        ),
    )


# --- High-level Dialogues ---------------------------------------------------------


@transaction.atomic
def dialogue_record(
    *,
    actor: Any,
    kind: str,
    start: dt.date,
    end: dt.date,
    place: Any,
    member_states: int | None = None,
    outcome: Any = None,
    documents: str = "",
    round_tables: Iterable[Any] = (),
    participants: Iterable[str] = (),
    participants_illustrative: bool = False,
    key_messages: Any = None,
    illustrative: bool = False,
) -> Dialogue:
    """A High-level Dialogue (or the IMRF), created or changed, with its
    participating States (ISO codes; an unknown one refuses all). Where the
    source gives only how many States took part, ``member_states`` records
    that figure; a list that stands in for the real one is recorded with
    ``participants_illustrative``."""
    permissions.require(actor, rules.MANAGE, Dialogue)
    countries = states_from_codes(participants, "participants")
    dialogue = Dialogue.objects.filter(kind=kind, start=start).first()
    before = snapshot(dialogue) if dialogue else None
    dialogue = dialogue or Dialogue(kind=kind, start=start)
    dialogue.end, dialogue.place = end, _text(place)
    dialogue.member_states, dialogue.outcome = member_states, _text(outcome)
    dialogue.documents = documents
    dialogue.key_messages = _text(key_messages)
    dialogue.illustrative = illustrative
    dialogue.participants_illustrative = participants_illustrative
    _save(actor, dialogue, before)
    dialogue.participants.set(countries)
    dialogue.round_tables.all().delete()
    for number, title in enumerate(round_tables, start=1):
        DialogueRoundTable.objects.create(
            dialogue=dialogue, number=number, title=_text(title)
        )
    return dialogue


# --- Migration profiles -------------------------------------------------------------


@transaction.atomic
def migration_profile_record(
    *,
    actor: Any,
    country: Country,
    perspectives: Iterable[str],
    start: dt.date | None = None,
    source: str = "",
) -> MigrationProfile:
    """A State's migration perspectives from ``start`` on (origin, transit,
    destination); the profile it had before ends that day."""
    permissions.require(actor, rules.MANAGE, MigrationProfile)
    keys = {p.strip().lower() for p in perspectives if p and p.strip()}
    unknown = sorted(keys - {"origin", "transit", "destination"})
    if unknown or not keys:
        raise ValidationError(
            {
                "perspectives": _(
                    "Choose among origin, transit and destination (not %(codes)s)."
                )
                % {"codes": listed(unknown)}
                if unknown
                else _("Choose at least one of origin, transit and destination.")
            }
        )
    if not country.is_state:
        raise ValidationError({"country": _("A migration profile is a State's.")})
    open_one = (
        MigrationProfile.objects.select_for_update()
        .filter(country=country, end__isnull=True)
        .first()
    )
    if open_one is not None:
        if start is None or (open_one.start is not None and open_one.start >= start):
            raise ValidationError(
                {
                    "start": _(
                        "A profile of this State (%(state)s) is recorded from %(day)s: "
                        "give a later first day."
                    )
                    % {
                        "state": registry.country_name(country),
                        "day": open_one.start.isoformat() if open_one.start else "—",
                    }
                }
            )
        audited_update(
            actor=actor, instance=open_one, changes={"end": start}, full_clean=True
        )
    return _save(
        actor,
        MigrationProfile(
            country=country,
            start=start,
            origin="origin" in keys,
            transit="transit" in keys,
            destination="destination" in keys,
            source=source.strip()[:300],
        ),
    )


# --- Messages to the focal points -------------------------------------------------------


def _broadcast_sent_with(key: str | None, actor: Any) -> Broadcast | None:
    """The message a form with the one-time ``key`` sent already, if any."""
    if not key:
        return None
    found = Broadcast.objects.filter(submission_key=key).first()
    if found is not None and found.created_by_id != getattr(actor, "pk", None):
        raise ValidationError(
            {
                "submission_key": _(
                    "This form was sent by someone else: open the form again."
                )
            }
        )
    return found


@transaction.atomic
def broadcast_send(
    *,
    actor: Any,
    subject: Any,
    text: Any,
    states: Iterable[str] = (),
    submission_key: str | None = None,
) -> Broadcast:
    """Write to the national focal points of ``states`` (ISO codes; none:
    all of them) through the platform's outbox: one message per focal point,
    in its preferred language (the text in that language where given, else
    in English), logged per recipient; sending again sends nothing twice.

    ``submission_key`` is the one-time key of the form: a form sent again
    with the same key (double submit, back button, retry) returns the
    message it sent the first time and writes to nobody again — also when
    the two arrive at once (the key is unique; the second insert waits for
    the first and finds it)."""
    permissions.require(actor, rules.MANAGE, Broadcast)
    key = (submission_key or "").strip() or None
    if key is not None and len(key) > 64:
        raise ValidationError({"submission_key": _("Open the form again.")})
    sent = _broadcast_sent_with(key, actor)
    if sent is not None:
        return sent
    countries = states_from_codes(states)
    subject, text = _text(subject), _text(text)
    if not any(v.strip() for v in subject.values()):
        raise ValidationError({"subject": _("Give the message a subject.")})
    if not any(v.strip() for v in text.values()):
        raise ValidationError({"text": _("Write the message.")})
    try:
        with transaction.atomic():
            broadcast = _save(
                actor,
                Broadcast(
                    subject=subject,
                    text=text,
                    created_by=actor
                    if getattr(actor, "is_authenticated", False)
                    else None,
                    submission_key=key,
                ),
            )
    except IntegrityError:
        # The same form, sent at the same moment, committed first.
        sent = _broadcast_sent_with(key, actor)
        if sent is None:
            raise
        return sent
    broadcast.countries.set(countries)
    mail.broadcast_deliver(broadcast, countries)
    audited_update(
        actor=actor,
        instance=broadcast,
        changes={"sent_at": timezone.now(), "request": broadcast.request},
    )
    return broadcast
