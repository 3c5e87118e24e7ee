"""Releases in and out of SDMX (migdev.stats.sdmx): the values of a release
with code lists named from the registry and the indicator catalogue in the
six languages; SDMX-CSV imported as a release."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from migdev.indicators import services, tables, titles
from migdev.indicators.importers import _command
from migdev.indicators.models import Indicator, Release, Value
from migdev.indicators.services import ImportResult, ReleaseMeta
from migdev.registry.groupings import DESA_CODES
from migdev.registry.models import Country, Grouping
from migdev.stats.sdmx import read_sdmx_csv, write_sdmx

SEX_NAMES = {
    "_T": {
        "en": "Total",
        "fr": "Total",
        "es": "Total",
        "ru": "Всего",
        "zh-hans": "合计",
        "ar": "المجموع",
    },
    "M": {
        "en": "Male",
        "fr": "Hommes",
        "es": "Hombres",
        "ru": "Мужчины",
        "zh-hans": "男性",
        "ar": "الذكور",
    },
    "F": {
        "en": "Female",
        "fr": "Femmes",
        "es": "Mujeres",
        "ru": "Женщины",
        "zh-hans": "女性",
        "ar": "الإناث",
    },
}


def release_frame(release: Release) -> pd.DataFrame:
    """The values of ``release`` as a value table (one query)."""
    codes = dict(Indicator.objects.values_list("pk", "code"))
    rows = Value.objects.filter(release=release).values_list(*tables.STORED_COLUMNS[1:])
    frame = pd.DataFrame.from_records(
        list(rows),
        columns=["indicator", *tables.VALUE_COLUMNS[1:]],
    )
    frame["indicator"] = frame["indicator"].map(codes)
    return tables.finish(frame)


#: The residual origins of UN DESA's tables, no State of the registry:
#: migrants whose country of origin is not reported or not shown apart.
RESIDUAL_ORIGINS = {
    "2001": {
        "en": "Other North",
        "fr": "Autres pays du Nord",
        "es": "Otros países del Norte",
        "ru": "Прочие страны Севера",
        "zh-hans": "其他北方国家",
        "ar": "بلدان الشمال الأخرى",
    },
    "2002": {
        "en": "Other South",
        "fr": "Autres pays du Sud",
        "es": "Otros países del Sur",
        "ru": "Прочие страны Юга",
        "zh-hans": "其他南方国家",
        "ar": "بلدان الجنوب الأخرى",
    },
    "2003": {
        "en": "Other (origin not reported or not shown apart)",
        "fr": "Autres (origine non déclarée ou non distinguée)",
        "es": "Otros (origen no declarado o no desglosado)",
        "ru": "Прочие (происхождение не указано или не выделено)",
        "zh-hans": "其他（原籍未报告或未单列）",
        "ar": "أخرى (بلد المنشأ غير مُبلَّغ عنه أو غير مبيَّن على حدة)",
    },
}


def area_code_names() -> dict[str, dict[str, str]]:
    """The names, in the six languages, of every area code a download or an
    export may carry, by code as SDMX writes it (three digits at least): the
    registry's countries and areas (M49), its groupings, and the codes UN
    DESA's tables give the M49 regions (``registry.groupings.DESA_CODES``:
    903 is Africa) and its residual origins (``RESIDUAL_ORIGINS``: 2003
    is "Other"). The one table of area names of SDMX code lists and of the
    portal's CSV and Excel downloads."""
    names: dict[str, dict[str, str]] = {}
    for code, name in Grouping.objects.values_list("code", "name"):
        if code.isdigit():
            names[f"{int(code):03d}"] = dict(name)
    for m49, name in Country.objects.values_list("m49", "name"):
        names[f"{int(m49):03d}"] = dict(name)
    for m49, codes in DESA_CODES.items():
        if m49 in names:
            for code in codes:
                names.setdefault(f"{code:03d}", names[m49])
    names.setdefault("900", {"en": "World"})
    for code, name in RESIDUAL_ORIGINS.items():
        names.setdefault(code, name)
    return names


def export_release(release: Release, directory: str | Path) -> dict[str, Path]:
    """Write ``release`` as SDMX-ML 2.1 (structure and data) and SDMX-CSV."""
    values = release_frame(release)
    areas = area_code_names()
    indicators = {i.code.upper(): dict(i.name) for i in Indicator.objects.all()}
    return write_sdmx(
        values,
        directory,
        dataset_id=release.identifier,
        version=f"{release.version}.0",
        names={
            "REF_AREA": areas,
            "ORIGIN": areas,
            "COUNTERPART_AREA": areas,
            "SEX": SEX_NAMES,
            "INDICATOR": indicators,
        },
        title=dict(release.title),
    )


def import_sdmx(
    path: str | Path,
    *,
    dataset: str,
    actor: Any = None,
    progress: services.Progress | None = None,
    argv: Sequence[str] | None = None,
) -> ImportResult:
    """Import an SDMX-CSV file with migdev's structure as a release."""
    path = Path(path)
    inputs = [services.input_file(path)]
    existing = services.release_for_inputs(inputs)
    if existing is not None:
        return ImportResult(existing, created=False)
    values = tables.finish(read_sdmx_csv(path))
    periods = sorted(set(values["period"]))
    meta = ReleaseMeta(
        dataset=dataset,
        dataset_kind="other",
        dataset_name={"en": dataset},
        title=titles.sdmx(dataset),
        source=f"SDMX-CSV file {path.name}",
        method="Read as given (migdev.stats.sdmx.read_sdmx_csv).",
        licence="as stated by the source",
        publisher="see the source",
        reference_dates=periods,
        command=_command(argv),
    )
    return services.release_import(
        actor=actor, meta=meta, values=values, inputs=inputs, progress=progress
    )
