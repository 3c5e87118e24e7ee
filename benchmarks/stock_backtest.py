"""Back-test the interpolation methods on the real UN DESA 2020 tables.

Published country totals of some years are given to the engine as if they
were observations; the held-out years are estimated and compared with the
published values. Prints the median and 90th percentile absolute
percentage error (APE) for both interpolation methods.

Needs ../shared/data (public copies of the UN DESA and WPP files).
Run: .venv/bin/python benchmarks/stock_backtest.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from migdev.stats.stock.backtest import backtest, summarize_errors
from migdev.stats.stock.inputs import population_from_wpp
from migdev.stats.stock.readers import classification_from_un_table, read_un_workbook

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SCHEMES = (
    (
        "interpolation: keep 1990/2000/2010/2020, estimate 1995/2005/2015",
        (1990, 2000, 2010, 2020),
        (1995, 2005, 2015),
    ),
    (
        "extrapolation: keep 1990-2010, estimate 2015/2020",
        (1990, 1995, 2000, 2005, 2010),
        (2015, 2020),
    ),
    (
        "backcast: keep 2005-2020, estimate 1990/1995",
        (2005, 2010, 2015, 2020),
        (1990, 1995),
    ),
    ("single observation: keep 2010, estimate 2000/2020", (2010,), (2000, 2020)),
)


def main() -> int:
    workbook = (
        DATA / "migrant_stock" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
    )
    wpp = DATA / "population" / "wpp2019_total_population_1950_2100_long.csv"
    if not workbook.is_file() or not wpp.is_file():
        sys.stderr.write(f"../shared/data is absent: need {workbook} and {wpp}\n")
        return 2
    table = read_un_workbook(workbook, sheets=["Table 1"])
    population = population_from_wpp(pd.read_csv(wpp))
    classification = classification_from_un_table(table)
    print("IMS 2020 Table 1 (both sexes), population WPP 2019; APE in percent")
    print(f"{'scheme':<66} {'method':<6} {'n':>5} {'median':>7} {'p90':>7}")
    for label, keep, held in SCHEMES:
        for method in ("share", "count"):
            errors = backtest(
                table,
                population,
                keep_years=keep,
                held_out=held,
                method=method,
                classification=classification,
            )
            s = summarize_errors(errors)
            print(
                f"{label:<66} {method:<6} {int(s['n']):>5} "
                f"{s['median_ape']:>7.2f} {s['p90_ape']:>7.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
