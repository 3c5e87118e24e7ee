"""From files to releases: read official tables through the readers of
:mod:`migdev.stats`, or run the stock engine, and import the values as one
release (services.release_import). The command line and the demo call these.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from migdev.indicators import services, tables
from migdev.indicators.services import ImportResult, ReleaseMeta
from migdev.stats.stock.errors import LayoutError, StockInputError
from migdev.stats.stock.inputs import ORIGIN_TOTAL
from migdev.stats.stock.readers import read_un_workbook
from migdev.stats.stock.readers.un_origin import read_origin_destination

UN_DESA = (
    "United Nations, Department of Economic and Social Affairs, Population Division"
)
CC_BY_IGO = "CC BY 3.0 IGO"


def _command(argv: Sequence[str] | None) -> str:
    return shlex.join(["migdev", *(argv if argv is not None else sys.argv[1:])])


def _is_origin_table(path: Path, table: pd.DataFrame | None) -> bool:
    if path.suffix.lower() == ".csv":
        return True
    if table is None:
        return False
    origin = table["origin_code"]
    return bool((origin.notna() & (origin != ORIGIN_TOTAL)).any())


def import_un(
    paths: Sequence[str | Path],
    *,
    actor: Any = None,
    dataset: str | None = None,
    progress: services.Progress | None = None,
    argv: Sequence[str] | None = None,
) -> ImportResult:
    """Import IMS tables as one release: the destination workbook and/or the
    origin × destination × sex table (official workbook or CSV copy)."""
    paths = [Path(p) for p in paths]
    inputs = [services.input_file(p) for p in paths]
    existing = services.release_for_inputs(inputs)
    if existing is not None:
        return ImportResult(existing, created=False)
    frames = []
    revision: int | None = None
    years: set[str] = set()
    for path in paths:
        if path.suffix.lower() == ".csv":
            frame = tables.from_origin_destination(read_origin_destination(path))
        else:
            table = read_un_workbook(path)
            if _is_origin_table(path, table):
                frame = tables.from_origin_destination(read_origin_destination(path))
            else:
                frame = tables.from_un_destination(table)
                if frame[frame["indicator"] == "migrant_stock"].empty:
                    raise LayoutError(
                        "no migrant stock in the workbook: Table 1 (international "
                        "migrant stock at mid-year by sex) is missing; this is "
                        "part of the destination workbook, not all of it",
                        file=str(path),
                    )
            revs = table["revision"].dropna().unique()
            if len(revs):
                revision = int(revs[0])
        if revision is None:
            digits = "".join(ch if ch.isdigit() else " " for ch in path.name).split()
            found = [d for d in digits if len(d) == 4 and d.startswith("20")]
            revision = int(found[0]) if found else None
        years |= set(frame["period"][frame["period"].str.fullmatch(r"\d{4}")])
        frames.append(frame)
    values = pd.concat(frames, ignore_index=True)
    code = dataset or (f"ims-{revision}" if revision else "ims")
    meta = ReleaseMeta(
        dataset=code,
        dataset_kind="stock",
        dataset_name={
            "en": f"International Migrant Stock {revision or ''}".strip(),
            "fr": f"Nombre de migrants internationaux {revision or ''}".strip(),
            "es": f"Número de migrantes internacionales {revision or ''}".strip(),
            "ru": f"Численность международных мигрантов {revision or ''}".strip(),
            "zh-hans": f"国际移民存量 {revision or ''}".strip(),
            "ar": f"عدد المهاجرين الدوليين {revision or ''}".strip(),
        },
        title=f"International Migrant Stock {revision or ''} (UN DESA), imported".strip(),
        source=(
            f"{UN_DESA} ({revision or 'n.d.'}). International Migrant Stock "
            f"{revision or ''} (POP/DB/MIG/Stock/Rev.{revision or ''}). Files: "
            + ", ".join(p.name for p in paths)
        ),
        method=(
            "Official tables read as published (migdev.stats.stock.readers); "
            "no value changed. Persons at 1 July of each year."
        ),
        licence=CC_BY_IGO,
        publisher=UN_DESA,
        reference_dates=[f"{y}-07-01" for y in sorted(years)],
        command=_command(argv),
    )
    return services.release_import(
        actor=actor, meta=meta, values=values, inputs=inputs, progress=progress
    )


def _find(directory: Path, name: str, *, required: bool) -> Path | None:
    for suffix in (".csv", ".parquet"):
        path = directory / f"{name}{suffix}"
        if path.is_file():
            return path
    if required:
        raise StockInputError(
            f"{name}.csv (or {name}.parquet) is missing; put the {name} table "
            "in the input directory",
            file=str(directory),
        )
    return None


def estimate(
    input_dir: str | Path,
    *,
    actor: Any = None,
    dataset: str = "migdev-stock-estimate",
    illustrative: bool = False,
    progress: services.Progress | None = None,
    argv: Sequence[str] | None = None,
) -> ImportResult:
    """Run the stock engine with intervals on ``INPUT_DIR`` and import the
    estimate (totals, aggregates, sex and age) as a release."""
    from migdev.stats.cli import main as stock_main

    source = Path(input_dir)
    if not source.is_dir():
        raise StockInputError("is not a directory", file=str(source))
    paths = [
        p
        for name in ("observations", "population", "classification", "refugees")
        if (p := _find(source, name, required=name in ("observations", "population")))
    ]
    inputs = [services.input_file(p) for p in paths]
    existing = services.release_for_inputs(inputs)
    if existing is not None:
        return ImportResult(existing, created=False)
    with tempfile.TemporaryDirectory(prefix="migdev-estimate-") as tmp:
        errors: list[str] = []
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stderr(buffer):
            status = stock_main(
                ["estimate", str(source), "-o", tmp, "--intervals", "-q"]
            )
        if status != 0:
            errors.append(
                buffer.getvalue().strip().removeprefix("migdev stock: error: ")
            )
            raise StockInputError(errors[0] or "the estimation failed")
        out = Path(tmp)
        values = tables.from_estimate(
            pd.read_csv(out / "totals.csv"),
            pd.read_csv(out / "aggregates.csv"),
            pd.read_csv(out / "by_sex_age.csv"),
        )
    years = sorted(set(values["period"]))
    meta = ReleaseMeta(
        dataset=dataset,
        dataset_kind="stock",
        dataset_name={
            "en": "International migrant stock estimated by migdev",
            "fr": "Nombre de migrants internationaux estimé par migdev",
            "es": "Número de migrantes internacionales estimado por migdev",
            "ru": "Численность международных мигрантов, оценка migdev",
            "zh-hans": "migdev估算的国际移民存量",
            "ar": "عدد المهاجرين الدوليين حسب تقديرات migdev",
        },
        title=("Illustrative " if illustrative else "")
        + "estimate of the international migrant stock (migdev stock engine)",
        source="Input tables: " + ", ".join(p.name for p in paths),
        method=(
            "migdev.stats.stock.estimate_stock (docs/stats-stock.md), the UN DESA "
            "IMS method with the 80 % and 95 % intervals of "
            "migdev.stats.stock.intervals."
        ),
        licence="CC BY 4.0",
        publisher="migdev",
        reference_dates=[f"{y}-07-01" for y in years],
        command=_command(argv),
        illustrative=illustrative,
    )
    return services.release_import(
        actor=actor, meta=meta, values=values, inputs=inputs, progress=progress
    )
