"""Command line of the migrant-stock engine: ``migdev stock ...``.

``estimate INPUT_DIR -o OUT_DIR``
    Read ``observations``, ``population`` and optionally ``classification``
    and ``refugees`` (``.csv`` or ``.parquet``) from ``INPUT_DIR``, estimate
    and write the tidy tables (and with ``--xlsx`` the official layout) to
    ``OUT_DIR``: ``migrant_stock.xlsx`` (by destination and sex),
    ``migrant_stock_by_age.xlsx`` and ``migrant_stock_by_origin.xlsx``.
``read-un FILE.xlsx -o tidy.csv``
    Read an official UN DESA workbook into one tidy table.

Errors print one line to standard error and exit with status 2; nothing is
written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from migdev.stats.stock.engine import (
    DEFAULT_YEARS,
    ENSEMBLE_KEYS,
    check_ensemble_member,
    estimate_stock,
)
from migdev.stats.stock.errors import StockInputError
from migdev.stats.stock.inputs import (
    population_from_wpp,
    validate_classification,
    validate_observations,
    validate_population,
    validate_refugees,
)
from migdev.stats.stock.readers import read_un_workbook
from migdev.stats.stock.writers import (
    write_tidy,
    write_un_age_workbook,
    write_un_origin_workbook,
    write_un_workbook,
)

__all__ = ["main"]

EXIT_INPUT_ERROR = 2
STEPS = (
    "validate",
    "definitions",
    "totals",
    "interpolate",
    "sex and age",
    "origin",
    "refugees",
    "provenance",
)


def _find_table(directory: Path, name: str, *, required: bool) -> Path | None:
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


def _read_table(path: Path) -> pd.DataFrame:
    try:
        if path.suffix == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise StockInputError(f"cannot read the table: {exc}", file=str(path)) from None


def _validated(
    path: Path, check: Callable[[pd.DataFrame], pd.DataFrame]
) -> pd.DataFrame:
    frame = _read_table(path)
    try:
        return check(frame)
    except StockInputError as exc:
        raise exc.located(file=str(path)) from None


def _read_ensemble(spec: str) -> list[dict[str, object]]:
    """The members of ``--ensemble``: a JSON file, or inline JSON, holding a
    list of objects with keys of :data:`ENSEMBLE_KEYS`."""
    path = Path(spec)
    where = str(path) if path.is_file() else None
    what = "the ensemble file" if where else "--ensemble"
    example = '[{"method": "share"}, {"method": "count", "linear_weight": 0.5}]'
    try:
        members = json.loads(path.read_text(encoding="utf-8") if where else spec)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StockInputError(
            f"{what} is neither an existing file nor valid JSON ({exc}); give a JSON "
            f"list of settings such as {example}",
            file=where,
        ) from None
    if (
        not isinstance(members, list)
        or not members
        or not all(isinstance(m, dict) for m in members)
    ):
        raise StockInputError(
            f"{what} must be a non-empty JSON list of objects, one per member, "
            f"such as {example}",
            file=where,
        )
    for number, member in enumerate(members, start=1):
        try:
            check_ensemble_member(member)
        except ValueError as exc:
            raise StockInputError(
                f"{what}, member {number}: {exc}", file=where
            ) from None
    return members


def _estimate(args: argparse.Namespace) -> int:
    source = Path(args.input_dir)
    if not source.is_dir():
        raise StockInputError("is not a directory", file=str(source))
    row_base = 2  # CSV line numbers: the header is line 1
    cls_path = _find_table(source, "classification", required=False)
    classification = (
        None
        if cls_path is None
        else _validated(
            cls_path, lambda f: validate_classification(f, row_base=row_base)
        )
    )
    known = None if classification is None else classification["location_code"].tolist()
    obs = _validated(
        _find_table(source, "observations", required=True),  # type: ignore[arg-type]
        lambda f: validate_observations(f, known_codes=known, row_base=row_base),
    )

    def population_check(frame: pd.DataFrame) -> pd.DataFrame:
        if "population" not in frame.columns:
            frame = population_from_wpp(frame)
        return validate_population(frame, row_base=row_base)

    pop = _validated(
        _find_table(source, "population", required=True),  # type: ignore[arg-type]
        population_check,
    )
    ref_path = _find_table(source, "refugees", required=False)
    refugees = (
        None
        if ref_path is None
        else _validated(
            ref_path,
            lambda f: validate_refugees(f, known_codes=known, row_base=row_base),
        )
    )
    ensemble = None if args.ensemble is None else _read_ensemble(args.ensemble)
    years = (
        DEFAULT_YEARS
        if args.years is None
        else tuple(int(y) for y in args.years.split(","))
    )
    bar = tqdm(total=len(STEPS), desc="stock", unit="step", disable=args.quiet)

    def progress(name: str) -> None:
        bar.set_postfix_str(name)
        bar.update(1)

    try:
        result = estimate_stock(
            obs,
            pop,
            classification=classification,
            refugees=refugees,
            years=years,
            method=args.method,
            ensemble=ensemble,
            validate=False,
            progress=progress,
        )
    finally:
        bar.close()
    out = Path(args.output)
    write_tidy(result, out, format=args.format, intervals=args.intervals)
    if args.xlsx:
        write_un_workbook(result, out / "migrant_stock.xlsx", intervals=args.intervals)
        write_un_age_workbook(result, out / "migrant_stock_by_age.xlsx")
        write_un_origin_workbook(result, out / "migrant_stock_by_origin.xlsx")
    if not args.quiet:
        sys.stderr.write(f"wrote {out}\n")
    return 0


def _read_un(args: argparse.Namespace) -> int:
    sheets = None if args.sheet is None else [args.sheet]
    table = read_un_workbook(args.file, sheets=sheets, revision=args.revision)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        table.to_parquet(out, index=False)
    else:
        table.to_csv(out, index=False)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="migdev stock", description="Estimate the international migrant stock."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    est = sub.add_parser("estimate", help="estimate from tidy input tables")
    est.add_argument("input_dir", help="directory with observations, population, …")
    est.add_argument("-o", "--output", required=True, help="output directory")
    est.add_argument("--method", choices=("share", "count"), default="share")
    est.add_argument("--years", help="comma-separated reference years")
    est.add_argument("--format", choices=("csv", "parquet"), default="csv")
    est.add_argument("--xlsx", action="store_true", help="also write the UN layouts")
    est.add_argument(
        "--intervals",
        action="store_true",
        help="add 80%% and 95%% intervals to totals and aggregates (and Table 7 "
        "of migrant_stock.xlsx)",
    )
    est.add_argument(
        "--ensemble",
        metavar="JSON",
        help="estimate with the geometric mean of several interpolation settings: "
        "a JSON file (or inline JSON) with a list of objects, each with some of the "
        f"keys {', '.join(ENSEMBLE_KEYS)} (see docs/stats-stock.md)",
    )
    est.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    est.set_defaults(func=_estimate)
    read = sub.add_parser("read-un", help="read an official UN DESA workbook")
    read.add_argument("file", help="the .xlsx file")
    read.add_argument("-o", "--output", required=True, help="tidy .csv or .parquet")
    read.add_argument("--sheet", help="read only this sheet")
    read.add_argument("--revision", type=int, help="revision year, if not detected")
    read.set_defaults(func=_read_un)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``migdev stock``; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
    except StockInputError as exc:
        sys.stderr.write(f"migdev stock: error: {exc}\n")
        return EXIT_INPUT_ERROR
    return status


if __name__ == "__main__":
    sys.exit(main())
