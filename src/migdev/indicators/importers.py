"""From files to releases: read official tables through the readers of
:mod:`migdev.stats`, or run the stock engine, and import the values as one
release (services.release_import). The command line and the demo call these.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from migdev.indicators import services, tables, titles
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
        title=titles.ims(revision),
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
        title=titles.estimate(illustrative=illustrative),
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


# --- Remittances --------------------------------------------------------------

WORLD_BANK = "World Bank"
CC_BY_40 = "CC BY 4.0"


def iso3_to_m49() -> dict[str, int]:
    """ISO alpha-3 → M49 of the registry's countries and areas, with the codes
    the World Bank gives areas without an ISO number."""
    from migdev.registry.models import Country
    from migdev.stats.remittances.readers import ISO3_EXTRA_M49

    codes = {
        iso3: int(m49)
        for iso3, m49 in Country.objects.exclude(iso3="").values_list("iso3", "m49")
        if iso3
    }
    return {**ISO3_EXTRA_M49, **codes}


def _m49(
    codes: pd.Series, known: dict[str, int], *, file: str, column: str
) -> pd.Series:
    mapped = codes.map(known)
    if mapped.isna().any():
        i = int(mapped.isna().to_numpy().nonzero()[0][0])
        raise services.ImportRefused(
            f"country code {codes.iloc[i]!r} is unknown: it is no country or area "
            "of the registry",
            file=file,
            row=int(i) + 2,
            column=column,
        )
    return mapped.astype("int64")


def _year_in(name: str) -> str | None:
    digits = "".join(ch if ch.isdigit() else " " for ch in name).split()
    found = [d for d in digits if len(d) == 4 and d[:2] in ("19", "20")]
    return found[0] if found else None


def _remittance_meta(
    dataset: str, kind: str, title: Mapping[str, str], **kwargs: Any
) -> ReleaseMeta:
    names = {
        "remittance_flows": {
            "en": "Remittance flows",
            "fr": "Flux d'envois de fonds",
            "es": "Flujos de remesas",
            "ru": "Потоки денежных переводов",
            "zh-hans": "汇款流量",
            "ar": "تدفقات التحويلات المالية",
        },
        "remittance_costs": {
            "en": "Remittance costs",
            "fr": "Coûts des envois de fonds",
            "es": "Costos de las remesas",
            "ru": "Стоимость денежных переводов",
            "zh-hans": "汇款成本",
            "ar": "تكاليف التحويلات المالية",
        },
    }[kind]
    return ReleaseMeta(
        dataset=dataset, dataset_kind=kind, dataset_name=names, title=title, **kwargs
    )


def import_wdi(
    path: str | Path,
    *,
    actor: Any = None,
    dataset: str = "wdi-remittances",
    progress: services.Progress | None = None,
    argv: Sequence[str] | None = None,
) -> ImportResult:
    """Import WDI remittances received and paid (current US$) and received as
    a share of GDP, per country and year."""
    from migdev.stats.remittances import read_wdi

    path = Path(path)
    inputs = [services.input_file(path)]
    existing = services.release_for_inputs(inputs)
    if existing is not None:
        return ImportResult(existing, created=False)
    wdi = read_wdi(path)
    known = iso3_to_m49()
    wanted = wdi[
        wdi["indicator"].isin(("remittances_received", "remittances_paid", "gdp"))
    ]
    wanted = wanted.assign(
        area=_m49(
            wanted["iso3"].reset_index(drop=True), known, file=path.name, column="iso3"
        ).to_numpy()
    )
    wide = wanted.pivot_table(
        index=["area", "year"], columns="indicator", values="value", aggfunc="first"
    )
    frames = [
        wanted[wanted["indicator"] != "gdp"][["indicator", "area", "year", "value"]]
    ]
    if {"remittances_received", "gdp"} <= set(wide.columns):
        share = (100.0 * wide["remittances_received"] / wide["gdp"]).dropna()
        frames.append(
            share.rename("value")
            .reset_index()
            .assign(indicator="remittances_received_gdp")
        )
    values = pd.concat(frames, ignore_index=True)
    values["period"] = values["year"].astype(str)
    values = tables.finish(values.drop(columns="year"))
    years = sorted(set(values["period"]))
    meta = _remittance_meta(
        dataset,
        "remittance_flows",
        titles.wdi(),
        source=f"{WORLD_BANK}, World Development Indicators (BX.TRF.PWKR.CD.DT, "
        f"BM.TRF.PWKR.CD.DT, NY.GDP.MKTP.CD). File: {path.name}",
        method="Read as published (migdev.stats.remittances.read_wdi); the share of "
        "GDP is remittances received divided by GDP, both in current US dollars.",
        licence=CC_BY_40,
        publisher=WORLD_BANK,
        reference_dates=[f"{years[0]}-01-01", f"{years[-1]}-12-31"] if years else [],
        command=_command(argv),
    )
    return services.release_import(
        actor=actor, meta=meta, values=values, inputs=inputs, progress=progress
    )


def import_knomad(
    path: str | Path,
    *,
    actor: Any = None,
    dataset: str = "knomad-bilateral",
    year: str | None = None,
    progress: services.Progress | None = None,
    argv: Sequence[str] | None = None,
) -> ImportResult:
    """Import the KNOMAD bilateral remittance matrix (US$ millions): area
    receives, counterpart sends."""
    from migdev.stats.remittances import read_knomad_matrix

    path = Path(path)
    inputs = [services.input_file(path)]
    existing = services.release_for_inputs(inputs)
    if existing is not None:
        return ImportResult(existing, created=False)
    year = year or _year_in(path.name)
    if year is None:
        raise services.ImportRefused(
            "the year of the estimates is not in the file name: give --year",
            file=path.name,
        )
    matrix = read_knomad_matrix(path)
    known = iso3_to_m49()
    values = tables.finish(
        pd.DataFrame(
            {
                "indicator": "remittances_bilateral",
                "area": _m49(
                    matrix["receiving"], known, file=path.name, column="receiving"
                ),
                "counterpart": _m49(
                    matrix["sending"], known, file=path.name, column="sending"
                ),
                "period": year,
                "value": matrix["usd_millions"],
            }
        )
    )
    meta = _remittance_meta(
        dataset,
        "remittance_flows",
        titles.knomad(year),
        source=f"{WORLD_BANK} / KNOMAD, Bilateral Remittance Estimates for {year}. "
        f"File: {path.name}",
        method="Analytical estimates allocating each country's recorded inflow "
        "across senders (Ratha and Shaw, 2007), read as published "
        "(migdev.stats.remittances.read_knomad_matrix); not reported flows.",
        licence=CC_BY_40,
        publisher=WORLD_BANK,
        reference_dates=[f"{year}-12-31"],
        command=_command(argv),
    )
    return services.release_import(
        actor=actor, meta=meta, values=values, inputs=inputs, progress=progress
    )


def quote_values(
    quotes: pd.DataFrame, known: dict[str, int], *, file: str
) -> pd.DataFrame:
    """Values of a set of price quotes: corridor averages for USD 200 and
    500 and SmaRT (area receives, counterpart sends), SDG 10.c.1 by
    receiving and sending country and the global average (area 900)."""
    from migdev.stats.remittances import (
        corridor_averages,
        sdg_10c1,
        smart_averages,
        total_cost,
    )

    if "transparent" in quotes.columns:
        # As the World Bank: services that do not disclose their exchange
        # rate (RPW "transparent" no) stay out of the averages.
        quotes = quotes[quotes["transparent"].astype(bool)]
    quotes = total_cost(quotes)
    frames = []
    c200 = corridor_averages(quotes, amount_usd=200)
    for amount, indicator in (
        (200, "remittance_cost_200"),
        (500, "remittance_cost_500"),
    ):
        c = c200 if amount == 200 else corridor_averages(quotes, amount_usd=amount)
        if c.empty:
            continue
        frames.append(
            pd.DataFrame(
                {
                    "indicator": indicator,
                    "area": c["receiving"].map(known).to_numpy(),
                    "counterpart": c["sending"].map(known).to_numpy(),
                    "period": c["period"].to_numpy(),
                    "value": c["mean"].to_numpy(),
                    "flag": c["services"].map(lambda n: f"n={n}").to_numpy(),
                }
            )
        )
    if "smart_eligible" in quotes.columns:
        s = smart_averages(quotes)
        frames.append(
            pd.DataFrame(
                {
                    "indicator": "remittance_cost_smart",
                    "area": s["receiving"].map(known).to_numpy(),
                    "counterpart": s["sending"].map(known).to_numpy(),
                    "period": s["period"].to_numpy(),
                    "value": s["smart"].to_numpy(),
                    "flag": s["services"].map(lambda n: f"n={n}").to_numpy(),
                }
            )
        )
    sdg = sdg_10c1(c200)
    by_receiving = sdg["receiving"]
    frames.append(
        pd.DataFrame(
            {
                "indicator": "remittance_cost_200",
                "area": by_receiving["receiving"].map(known).to_numpy(),
                "period": by_receiving["period"].to_numpy(),
                "value": by_receiving["simple"].to_numpy(),
                "flag": "receiving",
            }
        )
    )
    world = sdg["global"]
    frames.append(
        pd.DataFrame(
            {
                "indicator": "remittance_cost_200",
                "area": 900,
                "period": world["period"].to_numpy(),
                "value": world["simple"].to_numpy(),
                "flag": "global",
            }
        )
    )
    return tables.finish(pd.concat(frames, ignore_index=True))


def import_quotes(
    path: str | Path,
    *,
    actor: Any = None,
    dataset: str = "remittance-prices",
    illustrative: bool = False,
    progress: services.Progress | None = None,
    argv: Sequence[str] | None = None,
) -> ImportResult:
    """Import remittance price quotes — the RPW dataset (workbook or CSV) or
    a CSV of :data:`migdev.stats.remittances.QUOTE_COLUMNS` — as corridor
    averages, SmaRT and SDG 10.c.1 values."""
    from migdev.stats.remittances import read_rpw, validate_quotes

    path = Path(path)
    inputs = [services.input_file(path)]
    existing = services.release_for_inputs(inputs)
    if existing is not None:
        return ImportResult(existing, created=False)
    known = iso3_to_m49()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        quotes = read_rpw(path, known_countries=list(known))
    else:
        try:
            head = pd.read_csv(path, nrows=0)
        except (OSError, ValueError) as exc:
            raise services.ImportRefused(
                f"cannot read as CSV ({exc})", file=path.name
            ) from None
        columns = {str(c).strip().lower() for c in head.columns}
        if "source_code" in columns:
            quotes = read_rpw(path, known_countries=list(known))
        elif "sending" not in columns:
            raise services.ImportRefused(
                "neither the RPW dataset (no column 'source_code') nor a table of "
                "price quotes (no column 'sending'; see "
                "migdev.stats.remittances.QUOTE_COLUMNS)",
                file=path.name,
                row=1,
            )
        else:
            quotes = validate_quotes(
                pd.read_csv(path, keep_default_na=True),
                known_countries=list(known),
                file=path.name,
                row_base=2,
            )
    values = quote_values(quotes, known, file=path.name)
    periods = sorted(set(quotes["period"]))
    meta = _remittance_meta(
        dataset,
        "remittance_costs",
        titles.prices(periods[0], periods[-1], illustrative=illustrative),
        source=(
            "Generated by migdev (illustrative, not collected prices)"
            if illustrative
            else f"{WORLD_BANK}, Remittance Prices Worldwide. File: {path.name}"
        ),
        method="Total cost = fee + exchange-rate margin against the mid-market rate, in "
        "percent of the amount sent; corridor averages are simple averages over "
        "services, country and global averages simple averages of the corridor "
        "averages, SmaRT the average of the three cheapest eligible services, as "
        "the World Bank's RPW method (migdev.stats.remittances).",
        licence="CC BY 4.0",
        publisher="migdev" if illustrative else WORLD_BANK,
        reference_dates=periods,
        command=_command(argv),
        illustrative=illustrative,
    )
    return services.release_import(
        actor=actor, meta=meta, values=values, inputs=inputs, progress=progress
    )
