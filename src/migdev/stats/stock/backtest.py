"""Back-test: re-estimate published years from the other published years.

The published country totals of one revision are taken as if they were
observations (dated 1 July, of the definition the table's data type
names); the engine estimates the years held out, and the absolute
percentage errors against the published values show how well each
interpolation method reproduces the official tables.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from migdev.stats.stock.engine import estimate_stock
from migdev.stats.stock.interpolate import InterpolationMethod

__all__ = ["backtest", "observations_from_published", "summarize_errors"]


def observations_from_published(
    table: pd.DataFrame, /, *, years: Sequence[int]
) -> pd.DataFrame:
    """Turn published country totals into an observations table.

    Parameters
    ----------
    table :
        Tidy output of :func:`~migdev.stats.stock.readers.read_un_workbook`
        (the ``migrants`` measure is used, all three sexes).
    years :
        Published years to keep as observations.

    Returns
    -------
    pandas.DataFrame
        A tidy observations table (``source_type`` ``estimate``).
    """
    rows = table[
        (table["measure"] == "migrants")
        & table["is_country"]
        & table["year"].isin(list(years))
        & table["value"].notna()
    ].drop_duplicates(["location_code", "sex", "year"])
    rows = rows.groupby(["location_code", "year"]).filter(
        lambda g: "both" in set(g["sex"])
    )
    both = rows[rows["sex"] == "both"].set_index(["location_code", "year"])["value"]
    sexes = rows[rows["sex"] != "both"]
    # Keep the sexes only where both are given (a hidden sex cell means the
    # breakdown would not add up).
    n_sex = sexes.groupby(["location_code", "year"])["sex"].transform("size")
    rows = pd.concat([rows[rows["sex"] == "both"], sexes[n_sex == 2]])
    del both
    definition = np.where(
        rows["data_type"].fillna("").str.contains("C"), "citizenship", "foreign-born"
    )
    return pd.DataFrame(
        {
            "location_code": rows["location_code"].to_numpy(),
            "source_type": "estimate",
            "reference_date": pd.to_datetime(
                rows["year"].astype(int).astype(str) + "-07-01"
            ).to_numpy(),
            "definition": definition,
            "sex": rows["sex"].to_numpy(),
            "age": "total",
            "migrants": rows["value"].to_numpy(dtype=np.float64),
            "observation_id": (
                "published-"
                + rows["location_code"].astype(str)
                + "-"
                + rows["year"].astype(str)
            ).to_numpy(),
        }
    ).reset_index(drop=True)


def backtest(
    table: pd.DataFrame,
    population: pd.DataFrame,
    /,
    *,
    keep_years: Sequence[int],
    held_out: Sequence[int],
    method: InterpolationMethod = "share",
    classification: pd.DataFrame | None = None,
    max_extrapolation_rate: float = 0.05,
) -> pd.DataFrame:
    """Estimate held-out published years and return the errors.

    Parameters
    ----------
    table :
        Tidy published tables (one revision).
    population :
        Tidy population table covering the countries.
    keep_years :
        Years given to the engine as observations.
    held_out :
        Years to estimate and compare.
    method :
        Interpolation method.
    classification :
        Country classification (comparable countries).
    max_extrapolation_rate :
        Passed to the engine.

    Returns
    -------
    pandas.DataFrame
        ``location_code``, ``year``, ``published``, ``estimated``, ``ape``
        (absolute percentage error), ``status`` — for countries with a
        positive published value and at least one observation.
    """
    obs = observations_from_published(table, years=keep_years)
    pop_codes = set(population["location_code"].unique())
    obs = obs[obs["location_code"].isin(pop_codes)]
    if classification is not None:
        classification = classification[classification["location_code"].isin(pop_codes)]
    result = estimate_stock(
        obs,
        population,
        classification=classification,
        years=held_out,
        method=method,
        max_extrapolation_rate=max_extrapolation_rate,
    )
    est = result.totals()[["location_code", "year", "migrants", "status"]]
    pub = table[
        (table["measure"] == "migrants")
        & table["is_country"]
        & (table["sex"] == "both")
        & table["year"].isin(list(held_out))
    ].drop_duplicates(["location_code", "year"])[["location_code", "year", "value"]]
    pub = pub.astype({"year": "int64"})
    merged = est.merge(pub, on=["location_code", "year"])
    merged = merged[(merged["value"] > 0) & (merged["status"] != "imputed")]
    merged = merged.rename(columns={"value": "published", "migrants": "estimated"})
    merged["ape"] = (
        100.0 * (merged["estimated"] - merged["published"]).abs() / merged["published"]
    )
    return merged.reset_index(drop=True)


def summarize_errors(errors: pd.DataFrame, /) -> dict[str, float]:
    """Median and 90th percentile of the absolute percentage error.

    Returns
    -------
    dict
        ``n``, ``median_ape`` and ``p90_ape`` (percent).
    """
    ape = errors["ape"].to_numpy(dtype=np.float64)
    return {
        "n": float(len(ape)),
        "median_ape": float(np.median(ape)) if len(ape) else float("nan"),
        "p90_ape": float(np.percentile(ape, 90)) if len(ape) else float("nan"),
    }
