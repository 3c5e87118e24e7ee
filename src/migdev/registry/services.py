"""Writes to the registry: reference data, contacts, roles. Each is atomic and
leaves an audit entry where a person made the change."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction
from django.db.models import Q

from migdev import languages
from migdev.core.audit import AuditEntry, audit_record, audited_update, snapshot
from migdev.core.i18n import LocalizedText
from migdev.registry import permissions
from migdev.registry.groupings import (
    JAPAN,
    LDC,
    LESS_DEVELOPED,
    LESS_DEVELOPED_EXCL_LDC,
    LLDC,
    MORE_DEVELOPED,
    MORE_DEVELOPED_REGIONS,
    SIDS,
    UN_MEMBERS,
    UN_OBSERVERS,
    WORLD,
)
from migdev.registry.models import (
    Contact,
    Country,
    CountryName,
    FrameworkTarget,
    Grouping,
    GroupMembership,
    Organization,
    OrganizationMembership,
    RoleAssignment,
)

# The CSV columns' language suffixes (name_zh …) and the codes they stand for.
CSV_LANGS = {language.iso639_1: language.code for language in languages.LANGUAGES}

#: Since this day every seat in the United Nations is held by a country of
#: today's list (the Federal Republic of Yugoslavia, now Serbia, took the last
#: seat of a former State on 1 November 2000); before it, the seats of
#: Czechoslovakia, the German Democratic Republic, Democratic Yemen and the
#: former Yugoslavia are missing, so lists of Member States are refused.
UN_MEMBERSHIP_COMPLETE_FROM = dt.date(2000, 11, 1)
#: How ``status_changes.csv`` names a country's standing at the UN.
OBSERVER_STANDINGS = ("observer_state", "observer_entity")


class ReferenceDataError(ValueError):
    """A reference table that cannot be loaded; says which file, row and column."""


@dataclass(frozen=True)
class LoadSummary:
    countries: int
    groupings: int
    memberships: int
    organizations: int
    framework_targets: int = 0


def _read(name: str) -> list[dict[str, str]]:
    with (
        resources.files("migdev.registry")
        .joinpath("data", name)
        .open(encoding="utf-8") as fh
    ):
        return list(csv.DictReader(fh))


def _names(row: dict[str, str], prefix: str = "name") -> LocalizedText:
    return LocalizedText(
        {CSV_LANGS[k]: row.get(f"{prefix}_{k}", "") for k in CSV_LANGS}
    )


def _date(value: str, *, file: str, row: int, column: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ReferenceDataError(
            f"{file}, row {row}, column {column}: {value!r} is not a date (YYYY-MM-DD)."
        ) from exc


@transaction.atomic
def reference_data_load() -> LoadSummary:
    """Load (or refresh) countries, groupings and organizations from the tables
    shipped in ``migdev/registry/data``. Idempotent: running it again updates
    rows in place and leaves records that refer to them untouched."""
    groupings = _load_groupings()
    countries = _load_countries()
    _load_since(countries)
    _load_correspondence_languages(countries)
    memberships = _load_memberships(countries, groupings)
    _load_names(countries)
    organizations = _load_organizations()
    targets = _load_framework_targets()
    return LoadSummary(
        len(countries), len(groupings), memberships, organizations, targets
    )


def _load_groupings() -> dict[str, Grouping]:
    rows = _read("regions.csv")
    extra = [
        {
            "code": UN_MEMBERS,
            "kind": "membership",
            "parent": "",
            "name_en": "Member States of the United Nations",
            "name_fr": "États Membres de l'Organisation des Nations Unies",
            "name_es": "Estados Miembros de las Naciones Unidas",
            "name_ru": "Государства — члены Организации Объединенных Наций",
            "name_zh": "联合国会员国",
            "name_ar": "الدول الأعضاء في الأمم المتحدة",
            "complete_from": UN_MEMBERSHIP_COMPLETE_FROM.isoformat(),
        },
        {
            "code": UN_OBSERVERS,
            "kind": "membership",
            "parent": "",
            "name_en": "Non-member observer States",
            "name_fr": "États non membres ayant le statut d'observateur",
            "name_es": "Estados no miembros observadores",
            "name_ru": "Государства, не являющиеся членами и имеющие статус наблюдателя",
            "name_zh": "非会员观察员国",
            "name_ar": "الدول غير الأعضاء التي لها صفة المراقب",
            "complete_from": UN_MEMBERSHIP_COMPLETE_FROM.isoformat(),
        },
    ]
    result: dict[str, Grouping] = {}
    for order, row in enumerate([*rows, *extra]):
        code = row["code"].strip()
        if row["kind"] not in Grouping.Kind.values:
            raise ReferenceDataError(
                f"regions.csv, row {order + 2}, column kind: unknown kind {row['kind']!r}."
            )
        complete_from = _date(
            row.get("complete_from", ""),
            file="regions.csv",
            row=order + 2,
            column="complete_from",
        )
        obj, _created = Grouping.objects.update_or_create(
            code=code,
            defaults={
                "kind": row["kind"],
                "name": _names(row),
                "sort_order": order,
                "complete_from": complete_from,
            },
        )
        result[code] = obj
    for order, row in enumerate(rows):
        parent = row.get("parent", "").strip()
        if parent:
            if parent not in result:
                raise ReferenceDataError(
                    f"regions.csv, row {order + 2}, column parent: unknown code {parent!r}."
                )
            Grouping.objects.filter(pk=result[row["code"].strip()].pk).update(
                parent=result[parent]
            )
    return result


def _load_countries() -> dict[str, Country]:
    rows = _read("states.csv")
    result: dict[str, Country] = {}
    for i, row in enumerate(rows, start=2):
        m49 = row["m49"].strip().zfill(3)
        status = row["status"].strip()
        if status not in Country.Status.values:
            raise ReferenceDataError(
                f"states.csv, row {i}, column status: unknown status {status!r}."
            )
        obj, _created = Country.objects.update_or_create(
            m49=m49,
            defaults={
                "iso3": row["iso3"].strip() or None,
                "iso2": row["iso2"].strip() or None,
                "status": status,
                "un_admission": _date(
                    row["un_admission"], file="states.csv", row=i, column="un_admission"
                ),
                "name": _names(row),
            },
        )
        result[m49] = obj
    by_iso3 = {c.iso3: c for c in result.values() if c.iso3}
    for i, row in enumerate(rows, start=2):
        admin = row.get("administered_by", "").strip()
        if admin:
            if admin not in by_iso3:
                raise ReferenceDataError(
                    f"states.csv, row {i}, column administered_by: unknown ISO code {admin!r}."
                )
            Country.objects.filter(pk=result[row["m49"].strip().zfill(3)].pk).update(
                administered_by=by_iso3[admin]
            )
    return result


def _by_iso3(countries: dict[str, Country], iso3: str, where: str) -> Country:
    for country in countries.values():
        if country.iso3 == iso3:
            return country
    raise ReferenceDataError(f"{where}, column iso3: unknown ISO code {iso3!r}.")


def _load_since(countries: dict[str, Country]) -> None:
    """The day a country or area of today's list became one (``since.csv``)."""
    since: dict[int, dt.date | None] = {}
    for i, row in enumerate(_read("since.csv"), start=2):
        country = _by_iso3(countries, row["iso3"].strip(), f"since.csv, row {i}")
        since[country.pk] = _date(row["since"], file="since.csv", row=i, column="since")
    for country in countries.values():
        if country.exists_from != since.get(country.pk):
            country.exists_from = since.get(country.pk)
            Country.objects.filter(pk=country.pk).update(
                exists_from=country.exists_from
            )


def _load_correspondence_languages(countries: dict[str, Country]) -> None:
    """The official UN language each State is written to when no contact
    prefers another (``correspondence_languages.csv``; English otherwise)."""
    chosen: dict[int, str] = {}
    for i, row in enumerate(_read("correspondence_languages.csv"), start=2):
        where = f"correspondence_languages.csv, row {i}"
        country = _by_iso3(countries, row["iso3"].strip(), where)
        code = row["language"].strip()
        if code not in languages.CODES:
            raise ReferenceDataError(
                f"{where}, column language: {code!r} is not one of "
                f"{', '.join(languages.CODES)}."
            )
        chosen[country.pk] = code
    for country in countries.values():
        code = chosen.get(country.pk, "")
        if country.correspondence_language != code:
            country.correspondence_language = code
            Country.objects.filter(pk=country.pk).update(correspondence_language=code)


def _load_memberships(
    countries: dict[str, Country], groupings: dict[str, Grouping]
) -> int:
    """Rebuild group memberships from the tables: they are reference data, owned
    by the tables, so the rebuild replaces them whole."""
    by_iso3 = {c.iso3: c for c in countries.values() if c.iso3}
    changes = _read("group_changes.csv")
    standings = _read("status_changes.csv")
    wanted = [
        *_observer_memberships(standings, by_iso3, groupings),
        *_table_memberships(
            countries,
            groupings,
            changed={(r["group"].strip(), r["iso3"].strip()) for r in changes},
            dated={r["iso3"].strip() for r in standings},
        ),
        *_dated_memberships(changes, by_iso3, groupings),
    ]
    GroupMembership.objects.all().delete()
    GroupMembership.objects.bulk_create(wanted)
    return len(wanted)


def _known_iso3(by_iso3: dict[str, Country], file: str, i: int, iso3: str) -> Country:
    if iso3 not in by_iso3:
        raise ReferenceDataError(
            f"{file}, row {i}, column iso3: unknown ISO code {iso3!r}."
        )
    return by_iso3[iso3]


def _observer_memberships(
    standings: list[dict[str, str]],
    by_iso3: dict[str, Country],
    groupings: dict[str, Grouping],
) -> list[GroupMembership]:
    """Dated observer standings (``status_changes.csv``)."""
    result = []
    for i, row in enumerate(standings, start=2):
        country = _known_iso3(by_iso3, "status_changes.csv", i, row["iso3"].strip())
        standing = row["standing"].strip()
        if standing not in OBSERVER_STANDINGS:
            raise ReferenceDataError(
                f"status_changes.csv, row {i}, column standing: {standing!r} is not "
                f"one of {', '.join(OBSERVER_STANDINGS)}."
            )
        result.append(
            GroupMembership(
                grouping=groupings[UN_OBSERVERS],
                country=country,
                start=_date(
                    row["start"], file="status_changes.csv", row=i, column="start"
                ),
                end=_date(row["end"], file="status_changes.csv", row=i, column="end"),
                note=f"{standing}: {row.get('note', '').strip()}",
            )
        )
    return result


def _table_memberships(
    countries: dict[str, Country],
    groupings: dict[str, Grouping],
    *,
    changed: set[tuple[str, str]],
    dated: set[str],
) -> list[GroupMembership]:
    """Memberships read from ``states.csv``: M49 regions, the world, the UN,
    the development groups (those with dated changes come from
    ``group_changes.csv`` instead)."""
    result = []
    for i, row in enumerate(_read("states.csv"), start=2):
        country = countries[row["m49"].strip().zfill(3)]
        geo = [
            row.get(col, "").strip()
            for col in ("region", "subregion", "intermediate_region")
        ]
        for code in filter(None, geo):
            if code not in groupings:
                raise ReferenceDataError(
                    f"states.csv, row {i}: unknown M49 grouping code {code!r}."
                )
        codes = [code for code in geo if code]
        start = None
        if country.status == Country.Status.MEMBER:
            start = country.un_admission
        elif country.status == Country.Status.OBSERVER and country.iso3 not in dated:
            codes.append(UN_OBSERVERS)
        flags = {
            code
            for flag, code in (("ldc", LDC), ("lldc", LLDC), ("sids", SIDS))
            if row.get(flag, "").strip() == "1" and (code, country.iso3) not in changed
        }
        codes += _development_groups(country, geo, flags, changed)
        result += [
            GroupMembership(grouping=groupings[code], country=country)
            for code in codes
            if code in groupings
        ]
        if start is not None:
            result.append(
                GroupMembership(
                    grouping=groupings[UN_MEMBERS], country=country, start=start
                )
            )
    return result


def _development_groups(
    country: Country, geo: list[str], flags: set[str], changed: set[tuple[str, str]]
) -> list[str]:
    """The world, the more or less developed regions, LDC, LLDC, SIDS and the
    less developed regions excluding the LDCs, for a country of ``states.csv``."""
    if not geo[0]:
        return sorted(flags)
    more = bool(set(geo) & MORE_DEVELOPED_REGIONS) or country.m49 == JAPAN
    codes = [WORLD, MORE_DEVELOPED if more else LESS_DEVELOPED, *sorted(flags)]
    if not more and LDC not in flags and (LDC, country.iso3) not in changed:
        codes.append(LESS_DEVELOPED_EXCL_LDC)
    return codes


def _dated_memberships(
    changes: list[dict[str, str]],
    by_iso3: dict[str, Country],
    groupings: dict[str, Grouping],
) -> list[GroupMembership]:
    """Dated changes of group membership (``group_changes.csv``)."""
    result = []
    for i, row in enumerate(changes, start=2):
        country = _known_iso3(by_iso3, "group_changes.csv", i, row["iso3"].strip())
        code = row["group"].strip()
        if code not in groupings:
            raise ReferenceDataError(
                f"group_changes.csv, row {i}, column group: unknown grouping {code!r}."
            )
        start = _date(row["start"], file="group_changes.csv", row=i, column="start")
        end = _date(row["end"], file="group_changes.csv", row=i, column="end")
        result.append(
            GroupMembership(
                grouping=groupings[code],
                country=country,
                start=start,
                end=end,
                note=row.get("note", ""),
            )
        )
        if code == LDC and (end is not None or start is not None):
            # A graduated country joins the less developed regions excluding
            # LDCs; one included later was among them until then.
            result.append(
                GroupMembership(
                    grouping=groupings[LESS_DEVELOPED_EXCL_LDC],
                    country=country,
                    start=end,
                    end=start if end is None else None,
                )
            )
    return result


def _load_names(countries: dict[str, Country]) -> int:
    """Rebuild the former UN short names from ``names.csv`` (reference data,
    replaced whole like the memberships)."""
    by_iso3 = {c.iso3: c for c in countries.values() if c.iso3}
    wanted: list[CountryName] = []
    for i, row in enumerate(_read("names.csv"), start=2):
        iso3 = row["iso3"].strip()
        if iso3 not in by_iso3:
            raise ReferenceDataError(
                f"names.csv, row {i}, column iso3: unknown ISO code {iso3!r}."
            )
        end = _date(row["end"], file="names.csv", row=i, column="end")
        if end is None:
            raise ReferenceDataError(
                f"names.csv, row {i}, column end: a former name needs the day it "
                "ceased (the current name is in states.csv)."
            )
        wanted.append(
            CountryName(
                country=by_iso3[iso3],
                start=_date(row["start"], file="names.csv", row=i, column="start"),
                end=end,
                name=_names(row),
                note=row.get("note", "").strip(),
            )
        )
    CountryName.objects.all().delete()
    CountryName.objects.bulk_create(wanted)
    return len(wanted)


def _load_organizations() -> int:
    rows = _read("organizations.csv")
    result: dict[str, Organization] = {}
    for i, row in enumerate(rows, start=2):
        kind = row["kind"].strip()
        if kind not in Organization.Kind.values:
            raise ReferenceDataError(
                f"organizations.csv, row {i}, column kind: unknown kind {kind!r}."
            )
        obj, _created = Organization.objects.update_or_create(
            code=row["code"].strip(),
            defaults={
                "kind": kind,
                "name": _names(row),
                "acronym": _names(row, "acronym"),
                "website": row.get("website", "").strip(),
            },
        )
        result[obj.code] = obj
    gmg = result.get("gmg")
    links: list[OrganizationMembership] = []
    for i, row in enumerate(rows, start=2):
        parent = row.get("parent", "").strip()
        if parent:
            if parent not in result:
                raise ReferenceDataError(
                    f"organizations.csv, row {i}, column parent: unknown code {parent!r}."
                )
            Organization.objects.filter(pk=result[row["code"].strip()].pk).update(
                parent=result[parent]
            )
        start = _date(
            row.get("gmg_from", ""), file="organizations.csv", row=i, column="gmg_from"
        )
        end = _date(
            row.get("gmg_to", ""), file="organizations.csv", row=i, column="gmg_to"
        )
        if gmg is not None and (start or end):
            links.append(
                OrganizationMembership(
                    group=gmg, member=result[row["code"].strip()], start=start, end=end
                )
            )
    if gmg is not None:
        OrganizationMembership.objects.filter(group=gmg).delete()
        OrganizationMembership.objects.bulk_create(links)
    return len(result)


FRAMEWORK_FILE = "framework_targets.csv"


def _load_framework_targets() -> int:
    """Global Compact objectives and SDG targets and indicators, updated in
    place by code (records tagged with them keep their tags)."""
    rows = _read(FRAMEWORK_FILE)
    result: dict[str, FrameworkTarget] = {}
    for order, row in enumerate(rows):
        i = order + 2
        code = row["code"].strip()
        for column, allowed in (
            ("framework", FrameworkTarget.Framework.values),
            ("level", FrameworkTarget.Level.values),
        ):
            if row[column].strip() not in allowed:
                raise ReferenceDataError(
                    f"{FRAMEWORK_FILE}, row {i}, column {column}: unknown value "
                    f"{row[column]!r} (expected one of {', '.join(allowed)})."
                )
        if not code or not row["title_en"].strip():
            column = "code" if not code else "title_en"
            raise ReferenceDataError(
                f"{FRAMEWORK_FILE}, row {i}, column {column}: required."
            )
        checked = row.get("checked", "").split()
        unknown = [c for c in checked if c not in CSV_LANGS]
        if unknown:
            raise ReferenceDataError(
                f"{FRAMEWORK_FILE}, row {i}, column checked: unknown language "
                f"{unknown[0]!r}."
            )
        obj, _created = FrameworkTarget.objects.update_or_create(
            code=code,
            defaults={
                "framework": row["framework"].strip(),
                "level": row["level"].strip(),
                "number": row["number"].strip(),
                "title": _names(row, "title"),
                "checked": " ".join(CSV_LANGS[c] for c in checked),
                "sort_order": order,
                "parent": None,
            },
        )
        result[code] = obj
    for order, row in enumerate(rows):
        parent = row.get("parent", "").strip()
        if parent:
            if parent not in result:
                raise ReferenceDataError(
                    f"{FRAMEWORK_FILE}, row {order + 2}, column parent: unknown "
                    f"code {parent!r}."
                )
            FrameworkTarget.objects.filter(pk=result[row["code"].strip()].pk).update(
                parent=result[parent]
            )
    return len(result)


# --- Contacts -----------------------------------------------------------------

#: What a person edits on a contact (the form and the API take these).
CONTACT_EDITABLE = (
    "kind",
    "name",
    "title",
    "email",
    "phone",
    "fax",
    "address",
    "preferred_language",
    "start",
    "end",
)
#: What the services accept: the editable fields and the contact's login.
CONTACT_FIELDS = (*CONTACT_EDITABLE, "user")


@transaction.atomic
def contact_create(
    *,
    actor: Any,
    country: Country | None = None,
    organization: Organization | None = None,
    **data: Any,
) -> Contact:
    party = country if country is not None else organization
    permissions.require(actor, permissions.CHANGE_CONTACTS, party)
    contact = Contact(
        country=country,
        organization=organization,
        **{k: v for k, v in data.items() if k in CONTACT_FIELDS},
    )
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, instance=contact, action=AuditEntry.Action.CREATE)
    return contact


@transaction.atomic
def contact_update(*, actor: Any, contact: Contact, **data: Any) -> Contact:
    permissions.require(actor, permissions.CHANGE, contact)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    return audited_update(
        actor=actor,
        instance=contact,
        changes={k: v for k, v in data.items() if k in CONTACT_FIELDS},
        full_clean=True,
    )


@transaction.atomic
def contact_delete(*, actor: Any, contact: Contact) -> None:
    permissions.require(actor, permissions.DELETE, contact)
    audit_record(
        actor=actor,
        instance=contact,
        action=AuditEntry.Action.DELETE,
        before=snapshot(contact),
    )
    contact.delete()


@transaction.atomic
def role_assign(
    *,
    user: Any,
    role: str,
    country: Country | None = None,
    organization: Organization | None = None,
    start: dt.date | None = None,
    actor: Any = None,
) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, country=country, organization=organization, start=start
    )
    if created:
        assignment.full_clean()
        audit_record(actor=actor, instance=assignment, action=AuditEntry.Action.CREATE)
    return assignment


@transaction.atomic
def role_end(
    *, user: Any, role: str, on: dt.date, actor: Any = None
) -> list[RoleAssignment]:
    """End every assignment of ``role`` to ``user`` still valid on ``on``: the
    role holds until the day before (``end`` is exclusive)."""
    ended = []
    for assignment in (
        RoleAssignment.objects.select_for_update()
        .filter(user=user, role=role)
        .filter(Q(end__isnull=True) | Q(end__gt=on))
        .filter(Q(start__isnull=True) | Q(start__lt=on))
    ):
        audited_update(
            actor=actor, instance=assignment, changes={"end": on}, full_clean=True
        )
        ended.append(assignment)
    return ended
