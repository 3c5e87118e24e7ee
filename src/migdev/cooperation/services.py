"""Writes of the cooperation module: each is atomic, permission-checked with
``require`` and audited. Validation is the models' ``clean()``, so the
admin and these services refuse the same input with the same message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from migdev.cooperation import rules
from migdev.cooperation.models import (
    Assessment,
    AssessmentItem,
    Commitment,
    CommitmentUpdate,
    ExchangeRate,
    Flow,
    Fund,
    Instrument,
    Mechanism,
    Participation,
    Theme,
)
from migdev.cooperation.selectors import suggested_group
from migdev.core.audit import AuditEntry, audit_record, audited_update
from migdev.core.i18n import LocalizedText
from migdev.registry.models import Country, Organization
from migdev.registry.permissions import require

CREATE = AuditEntry.Action.CREATE


def _save(actor: Any, obj: Any) -> Any:
    """Validate, create and audit a new record (changes of a record go
    through ``audited_update``)."""
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, instance=obj, action=CREATE)
    return obj


# --- Reference data -----------------------------------------------------------

THEME_LANGS = {
    "en": "en",
    "fr": "fr",
    "es": "es",
    "ru": "ru",
    "zh": "zh-hans",
    "ar": "ar",
}


@transaction.atomic
def themes_load() -> int:
    """Load or refresh the checklist of themes from ``data/themes.csv``
    (migration 0002 does the same when the database is made); idempotent."""
    import csv
    from importlib import resources

    path = resources.files("migdev.cooperation").joinpath("data", "themes.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for order, row in enumerate(rows):
        Theme.objects.update_or_create(
            code=row["code"],
            defaults={
                "development": row["development"] == "1",
                "name": LocalizedText(
                    {v: row[f"name_{k}"] for k, v in THEME_LANGS.items()}
                ),
                "sort_order": order,
            },
        )
    return len(rows)


# --- Membership ---------------------------------------------------------------


@transaction.atomic
def participation_add(
    actor: Any,
    mechanism: Mechanism,
    *,
    role: str,
    country: Country | None = None,
    organization: Organization | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    note: str = "",
    illustrative: bool = False,
) -> Participation:
    require(actor, rules.MANAGE, mechanism)
    return _save(
        actor,
        Participation(
            mechanism=mechanism,
            role=role,
            country=country,
            organization=organization,
            start=start,
            end=end,
            note=note,
            illustrative=illustrative,
        ),
    )


# --- Assessment -----------------------------------------------------------------


@transaction.atomic
def assessment_record(
    actor: Any,
    mechanism: Mechanism,
    *,
    period_start: dt.date,
    period_end: dt.date,
    levels: Mapping[str, int | tuple[int, str]],
    group: int | None = None,
    justification: str = "",
    evidence: str = "",
    instruments: Iterable[Instrument] = (),
    source: str = "",
) -> Assessment:
    """Record an assessment from the checklist: ``levels`` maps theme codes
    to a level (0 not addressed, 1 ad hoc, 2 a regular focus) or to (level,
    evidence). The group is the checklist's unless ``group`` is given, which
    then needs a justification when it differs."""
    require(actor, rules.MANAGE, Assessment)
    known = {t.code: t for t in Theme.objects.all()}
    unknown = sorted(set(levels) - set(known))
    if unknown:
        raise ValidationError(
            {"levels": _("Unknown theme: %(code)s.") % {"code": ", ".join(unknown)}}
        )
    items = []
    for code, value in levels.items():
        level, item_evidence = value if isinstance(value, tuple) else (value, "")
        if level not in AssessmentItem.Level.values:
            raise ValidationError(
                {
                    "levels": _("%(theme)s: the level must be 0, 1 or 2.")
                    % {"theme": code}
                }
            )
        items.append((known[code], level, item_evidence))
    suggested = suggested_group((t.development, level) for t, level, _e in items)
    chosen = suggested if group is None else group
    if chosen != suggested and not justification.strip():
        raise ValidationError(
            {
                "justification": _(
                    "The checklist gives group %(suggested)s; explain why the assessment says group %(group)s."
                )
                % {"suggested": suggested, "group": chosen}
            }
        )
    assessment = _save(
        actor,
        Assessment(
            mechanism=mechanism,
            period_start=period_start,
            period_end=period_end,
            group=chosen,
            justification=justification,
            evidence=evidence,
            assessor=actor,
            source=source,
        ),
    )
    for theme, level, item_evidence in items:
        item = AssessmentItem(
            assessment=assessment, theme=theme, level=level, evidence=item_evidence
        )
        item.full_clean()
        item.save()
    assessment.instruments.set(list(instruments))
    return assessment


@transaction.atomic
def assessment_review(actor: Any, assessment: Assessment) -> Assessment:
    """The reviewer confirms the assessment; it becomes public. The assessor
    does not review their own."""
    require(actor, rules.MANAGE, assessment)
    if assessment.assessor_id and assessment.assessor_id == getattr(actor, "pk", None):
        raise ValidationError(
            _("An assessment is reviewed by someone other than its assessor.")
        )
    return audited_update(
        actor=actor,
        instance=assessment,
        changes={
            "status": Assessment.Status.REVIEWED,
            "reviewer": actor,
            "reviewed_at": timezone.now(),
        },
        full_clean=True,
    )


# --- Instruments and commitments -------------------------------------------------


@transaction.atomic
def instrument_create(
    actor: Any,
    *,
    mechanism: Mechanism,
    code: str,
    kind: str,
    title: Mapping[str, str],
    adopted: dt.date,
    place: str = "",
    references: str = "",
    commitments: Iterable[Mapping[str, Any]] = (),
) -> Instrument:
    """An instrument and its commitments, all or nothing. Each commitment:
    number, text (six-language mapping), responsible, deadline, themes
    (codes). A bad commitment is named by its position."""
    require(actor, rules.MANAGE, Instrument)
    instrument = _save(
        actor,
        Instrument(
            mechanism=mechanism,
            code=code,
            kind=kind,
            title=LocalizedText(dict(title)),
            adopted=adopted,
            place=place,
            references=references,
        ),
    )
    themes = {t.code: t for t in Theme.objects.all()}
    for position, row in enumerate(commitments, start=1):
        try:
            commitment = Commitment(
                instrument=instrument,
                number=str(row.get("number") or position),
                text=LocalizedText(dict(row["text"])),
                responsible=row.get("responsible", ""),
                deadline=row.get("deadline"),
            )
            commitment.full_clean(exclude=["instrument"])
            commitment.save()
            missing = [c for c in row.get("themes", ()) if c not in themes]
            if missing:
                raise ValidationError(
                    {
                        "themes": _("Unknown theme: %(code)s.")
                        % {"code": ", ".join(missing)}
                    }
                )
            commitment.themes.set([themes[c] for c in row.get("themes", ())])
        except ValidationError as exc:
            raise ValidationError(
                _("Commitment %(n)s: %(problem)s")
                % {"n": position, "problem": "; ".join(exc.messages)}
            ) from exc
        audit_record(actor=actor, instance=commitment, action=CREATE)
    return instrument


@transaction.atomic
def instrument_withdraw(actor: Any, instrument: Instrument, day: dt.date) -> Instrument:
    require(actor, rules.MANAGE, instrument)
    return audited_update(
        actor=actor,
        instance=instrument,
        changes={"status": Instrument.Status.WITHDRAWN, "withdrawn_on": day},
        full_clean=True,
    )


@transaction.atomic
def commitment_update_record(
    actor: Any,
    commitment: Commitment,
    *,
    day: dt.date,
    status: str,
    evidence: str = "",
    evidence_url: str = "",
) -> CommitmentUpdate:
    require(actor, rules.MANAGE, commitment)
    # Lock the instrument so that a withdrawal cannot slip in between.
    Instrument.objects.select_for_update().filter(pk=commitment.instrument_id).first()
    commitment.instrument.refresh_from_db()
    return _save(
        actor,
        CommitmentUpdate(
            commitment=commitment,
            day=day,
            status=status,
            evidence=evidence,
            evidence_url=evidence_url,
            recorded_by=actor,
        ),
    )


# --- Funds, flows and rates -------------------------------------------------------


def _decimal(value: Any, *, where: str) -> Decimal:
    try:
        return Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            _("%(where)s: %(value)r is not an amount.")
            % {"where": where, "value": value}
        ) from exc


@transaction.atomic
def fund_save(actor: Any, fund: Fund, **changes: Any) -> Fund:
    """Create (unsaved ``fund``) or change a fund. An amount without a
    currency is refused."""
    require(actor, rules.MANAGE, fund)
    if fund.pk:
        return audited_update(
            actor=actor, instance=fund, changes=changes, full_clean=True
        )
    for name, value in changes.items():
        setattr(fund, name, value)
    return _save(actor, fund)


@transaction.atomic
def flows_record(
    actor: Any, fund: Fund, rows: Iterable[Mapping[str, Any]]
) -> list[Flow]:
    """Record commitments and disbursements (kind, day, amount, project, note)
    in the fund's currency, all or nothing: a row that would bring the money
    disbursed (or committed) above the fund's amount is refused, named by
    its position, and none is saved."""
    require(actor, rules.MANAGE, fund)
    Fund.objects.select_for_update().filter(pk=fund.pk).first()
    saved = []
    for position, row in enumerate(rows, start=1):
        currency = (row.get("currency") or fund.currency or "").upper()
        try:
            if fund.currency and currency != fund.currency:
                raise ValidationError(
                    _(
                        "the amount is in %(currency)s, the fund in %(fund)s: record it in the fund's currency."
                    )
                    % {"currency": currency, "fund": fund.currency}
                )
            flow = Flow(
                fund=fund,
                project=row.get("project"),
                kind=row.get("kind", ""),
                day=row.get("day"),
                amount=_decimal(row.get("amount"), where=_("amount")),
                note=row.get("note", ""),
            )
            _save(actor, flow)
        except ValidationError as exc:
            raise ValidationError(
                _("Row %(n)s: %(problem)s")
                % {"n": position, "problem": "; ".join(exc.messages)}
            ) from exc
        saved.append(flow)
    return saved


@transaction.atomic
def rate_set(
    actor: Any, *, currency: str, year: int, usd_per_unit: Any, source: str = ""
) -> ExchangeRate:
    require(actor, rules.MANAGE, ExchangeRate)
    rate = ExchangeRate.objects.filter(currency=currency.upper(), year=year).first()
    changes = {
        "usd_per_unit": _decimal(usd_per_unit, where=_("rate")),
        "source": source,
    }
    if rate is not None:
        return audited_update(
            actor=actor, instance=rate, changes=changes, full_clean=True
        )
    return _save(actor, ExchangeRate(currency=currency.upper(), year=year, **changes))
