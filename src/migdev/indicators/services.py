"""Writes of the indicators app: import a release (one transaction, with
progress), review it, publish it. Every write is permission-checked and
audited; a published release never changes.

A release's checksum is the SHA-256 of its input files' own checksums, in the
order given: importing the same files again finds the release that holds them
and does nothing.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from migdev.core.audit import AuditEntry, audit_record
from migdev.core.i18n import LocalizedText
from migdev.indicators import rules, tables
from migdev.indicators.catalogue import BY_CODE
from migdev.indicators.models import Dataset, Indicator, Release, Value
from migdev.indicators.tables import KEY_COLUMNS, VALUE_COLUMNS
from migdev.registry.models import Country, FrameworkTarget, Grouping
from migdev.registry.permissions import require
from migdev.stats.stock.errors import StockInputError

Progress = Callable[[int], None]
#: A dataset code: its releases are cited as CODE.vN.
DATASET_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,59}", re.IGNORECASE)
CHUNK = 20_000

#: Areas of the UN statistical tables that the registry of States does not
#: list: China, Taiwan Province of China (158); the Channel Islands (830);
#: Kosovo (412, as UN statistical tables code it); the Netherlands Antilles
#: (530, until 2010: early remittance prices); "other/unknown" origin (2003),
#: "Other North" and "Other South" (2001, 2002).
STATISTICAL_AREAS = frozenset({158, 412, 530, 830, 2001, 2002, 2003})


class ImportRefused(StockInputError):
    """A release cannot be imported as it stands; the message says where."""


class WorkflowError(Exception):
    """A release is not in the state the step needs (e.g. publishing twice)."""


@dataclass(frozen=True)
class InputFile:
    name: str
    bytes: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "bytes": self.bytes, "sha256": self.sha256}


def input_file(path: str | Path) -> InputFile:
    """Name, size and SHA-256 of an input file."""
    path = Path(path)
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    except OSError as exc:
        raise ImportRefused(
            f"cannot read the file ({exc.strerror})", file=str(path)
        ) from None
    return InputFile(path.name, size, digest.hexdigest())


def inputs_checksum(inputs: Sequence[InputFile]) -> str:
    digest = hashlib.sha256()
    for item in inputs:
        digest.update(item.sha256.encode())
    return digest.hexdigest()


@dataclass(kw_only=True)
class ReleaseMeta:
    """What a release says of itself."""

    dataset: str
    dataset_kind: str
    dataset_name: dict[str, str]
    title: Mapping[str, str]
    source: str
    method: str
    licence: str
    publisher: str
    reference_dates: list[str] = field(default_factory=list)
    command: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class ImportResult:
    release: Release
    created: bool

    def __str__(self) -> str:
        r = self.release
        if not self.created:
            return (
                f"{r.identifier}: these files were imported already "
                f"({r.value_count:,} values, {r.status}); nothing done"
            )
        return f"{r.identifier}: {r.value_count:,} values imported ({r.status})"


def release_for_inputs(inputs: Sequence[InputFile]) -> Release | None:
    """The release that already holds exactly these input files, if any."""
    return (
        Release.objects.filter(checksum=inputs_checksum(inputs))
        .select_related("dataset")
        .first()
    )


def indicators_ensure(codes: Iterable[str]) -> dict[str, Indicator]:
    """The indicators of ``codes``, created from the catalogue if missing."""
    codes = set(codes)
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for code in sorted(codes - set(found)):
        spec = BY_CODE.get(code)
        if spec is None:
            raise ImportRefused(
                f"indicator {code!r} is not in the catalogue "
                "(migdev.indicators.catalogue); add it there first",
                column="indicator",
            )
        tags = list(FrameworkTarget.objects.filter(code__in=spec.tags))
        if len(tags) < len(spec.tags):
            lacking = sorted(set(spec.tags) - {t.code for t in tags})
            raise ImportRefused(
                f"indicator {code!r}: framework target {lacking[0]!r} is not in "
                "the registry; load the reference data first "
                "(migdev load_reference_data)",
                column="indicator",
            )
        found[code] = Indicator.objects.create(
            code=code, name=spec.names, unit=spec.unit
        )
        found[code].tags.set(tags)
    return found


def known_areas() -> set[int]:
    """M49 codes a value may carry: the registry's countries and areas and
    its groupings with numeric codes, and the UN DESA aggregates (900 and
    above: world, SDG regions, development and income groups)."""
    areas = {int(m) for m in Country.objects.values_list("m49", flat=True)}
    areas |= {
        int(c) for c in Grouping.objects.values_list("code", flat=True) if c.isdigit()
    }
    return areas


def _check_values(values: pd.DataFrame, *, file: str) -> None:
    missing = [c for c in VALUE_COLUMNS if c not in values.columns]
    if missing:
        raise ImportRefused(f"value table lacks column {missing[0]!r}", file=file)
    if values.empty:
        raise ImportRefused("no value to import: the file holds no number", file=file)
    dup = values.duplicated(list(KEY_COLUMNS), keep="first")
    if dup.any():
        r = values[dup].iloc[0]
        key = ", ".join(
            f"{c}={r[c]}" for c in KEY_COLUMNS if not (pd.isna(r[c]) or r[c] == "")
        )
        raise ImportRefused(
            f"duplicate key ({key}): two values for the same indicator, area, "
            "period, sex, age and origin; nothing was imported",
            file=file,
            column="key",
        )
    areas = known_areas()
    for column in ("area", "origin", "counterpart"):
        codes = values[column].dropna().astype("int64")
        unknown = sorted(
            c
            for c in set(codes.unique())
            if c < 900 and c not in areas and c not in STATISTICAL_AREAS
        )
        if unknown:
            raise ImportRefused(
                f"M49 code {unknown[0]} is not a country or area of the registry "
                f"({len(unknown)} unknown codes); nothing was imported",
                file=file,
                column=column,
            )


def _rows(
    values: pd.DataFrame, release_id: int, ids: dict[str, int]
) -> Iterable[tuple]:
    frame = values.assign(
        indicator_id=values["indicator"].map(ids), release_id=release_id
    )
    cols = list(tables.STORED_COLUMNS)
    for row in frame[cols].itertuples(index=False, name=None):
        yield tuple(
            None
            if (v is pd.NA or (isinstance(v, float) and math.isnan(v)))
            else (int(v) if i in (0, 1, 2, 6, 7) else v)
            for i, v in enumerate(row)
        )


_INSERT_COLUMNS = ", ".join(tables.STORED_COLUMNS)


def _insert(rows: Iterable[tuple], total: int, progress: Progress | None) -> None:
    table = Value._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3: COPY is the fast path
            done = 0
            with raw.copy(f"COPY {table} ({_INSERT_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    done += 1
                    if progress and done % CHUNK == 0:
                        progress(CHUNK)
            if progress:
                progress(done % CHUNK)
            return
        sql = (
            f"INSERT INTO {table} ({_INSERT_COLUMNS}) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        )
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == CHUNK:
                cursor.executemany(sql, batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            if progress:
                progress(len(batch))


def release_import(
    *,
    actor: Any,
    meta: ReleaseMeta,
    values: pd.DataFrame,
    inputs: Sequence[InputFile],
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``values`` as a new draft release of ``meta.dataset``, in one
    transaction; the same inputs again return the existing release.

    ``actor`` is the user doing it (secretariat), or ``None`` for the
    command line of the server, whose operator is trusted.
    """
    if actor is not None:
        require(actor, rules.IMPORT, Release)
    if not DATASET_CODE.fullmatch(meta.dataset):
        raise ImportRefused(
            f"dataset code {meta.dataset!r}: letters, digits and hyphens only, "
            "starting with a letter or digit (ims-2020, wdi-remittances)",
            column="dataset",
        )
    existing = release_for_inputs(inputs)
    if existing is not None:
        return ImportResult(existing, created=False)
    file = ", ".join(i.name for i in inputs) or "<values>"
    _check_values(values, file=file)
    checksum = inputs_checksum(inputs)
    with transaction.atomic():
        dataset, _ = Dataset.objects.get_or_create(
            code=meta.dataset,
            defaults={"kind": meta.dataset_kind, "name": meta.dataset_name},
        )
        version = (
            Release.objects.select_for_update()
            .filter(dataset=dataset)
            .aggregate(v=Max("version"))["v"]
            or 0
        ) + 1
        release = Release.objects.create(
            dataset=dataset,
            version=version,
            identifier=f"{dataset.code}.v{version}",
            title=LocalizedText(meta.title),
            source=meta.source,
            method=meta.method,
            licence=meta.licence,
            publisher=meta.publisher,
            reference_dates=list(meta.reference_dates),
            illustrative=meta.illustrative,
            command=meta.command,
            inputs=[i.as_dict() for i in inputs],
            checksum=checksum,
            value_count=len(values),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        ids = {
            code: ind.pk
            for code, ind in indicators_ensure(values["indicator"].unique()).items()
        }
        _insert(_rows(values, release.pk, ids), len(values), progress)
        audit_record(actor=actor, instance=release, action=AuditEntry.Action.CREATE)
    return ImportResult(release, created=True)


def release_review(*, actor: Any, release: Release) -> Release:
    """Mark a draft as reviewed (secretariat)."""
    require(actor, rules.REVIEW, release)
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.status != Release.Status.DRAFT:
            raise WorkflowError(
                f"{release.identifier} is {release.status}, not a draft"
            )
        before = {"status": release.status}
        release.status = Release.Status.REVIEWED
        release.reviewed_at = timezone.now()
        release.reviewed_by = actor
        release.save()
        audit_record(
            actor=actor,
            instance=release,
            action=AuditEntry.Action.UPDATE,
            before=before,
        )
    return release


def release_publish(*, actor: Any, release: Release) -> Release:
    """Publish a release (secretariat): it becomes public and immutable, and
    the latest published release of its dataset."""
    require(actor, rules.PUBLISH, release)
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.is_published:
            raise WorkflowError(f"{release.identifier} is published already")
        before = {"status": release.status}
        if release.status == Release.Status.DRAFT:
            release.reviewed_at = timezone.now()
            release.reviewed_by = actor
        release.status = Release.Status.PUBLISHED
        release.published_at = timezone.now()
        release.published_by = actor
        release.save()
        audit_record(
            actor=actor,
            instance=release,
            action=AuditEntry.Action.UPDATE,
            before=before,
        )
    return release


def release_retitle(
    *, actor: Any, release: Release, title: Mapping[str, str]
) -> Release:
    """Set the title of a release in the six languages (secretariat), until
    it is published; English is required (it is what other languages fall
    back to)."""
    require(actor, rules.REVIEW, release)
    title = LocalizedText(title)
    if not title.get("en"):
        raise ValidationError(
            {"title": _("The title in English is required.")}, code="required"
        )
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.is_published:
            raise WorkflowError(f"{release.identifier} is published: it cannot change")
        before = {"title": dict(release.title)}
        release.title = title
        release.save(update_fields=["title"])
        audit_record(
            actor=actor,
            instance=release,
            action=AuditEntry.Action.UPDATE,
            before=before,
        )
    return release
