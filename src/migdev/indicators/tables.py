"""Turn what the readers and engines of :mod:`migdev.stats` return into the
tidy value table of a release (pandas only; no database here).

The value table has :data:`VALUE_COLUMNS`; ``sex`` uses the SDMX codes
``_T``, ``M``, ``F``, ``age`` ``_T`` for all ages; ``origin`` and
``counterpart`` are missing where they do not apply.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

VALUE_COLUMNS: Final = (
    "indicator",
    "area",
    "period",
    "sex",
    "age",
    "origin",
    "counterpart",
    "value",
    "lower_80",
    "upper_80",
    "lower_95",
    "upper_95",
    "flag",
)
#: A value's columns as stored (``indicators.models.Value``'s attributes),
#: in the table's order: what an import writes and a data page reads.
STORED_COLUMNS: Final = ("release_id", "indicator_id", *VALUE_COLUMNS[1:])
KEY_COLUMNS: Final = (
    "indicator",
    "area",
    "period",
    "sex",
    "age",
    "origin",
    "counterpart",
)
SEX_CODES: Final = {
    "both": "_T",
    "male": "M",
    "female": "F",
    "_T": "_T",
    "M": "M",
    "F": "F",
}
INTERVALS: Final = ("lower_80", "upper_80", "lower_95", "upper_95")

#: Measures of the UN DESA tables (``read_un_workbook``) → indicator codes.
MEASURES: Final = {
    "migrants": "migrant_stock",
    "population_thousands": "population",
    "migrant_share": "migrant_share",
    "female_share": "female_share",
    "growth_rate": "growth_rate",
    "refugees": "refugees",
    "refugee_share": "refugee_share",
    "refugee_growth_rate": "refugee_growth_rate",
}
_BOUNDS: Final = {
    "migrants_lower_80": "lower_80",
    "migrants_upper_80": "upper_80",
    "migrants_lower_95": "lower_95",
    "migrants_upper_95": "upper_95",
}


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Give ``frame`` every value column, in order, with its type."""
    out = frame.copy()
    for column in VALUE_COLUMNS:
        if column not in out.columns:
            out[column] = (
                np.nan
                if column in ("value", *INTERVALS)
                else (pd.NA if column in ("origin", "counterpart") else "")
            )
    out["sex"] = out["sex"].replace("", "_T").map(lambda s: SEX_CODES.get(s, s))
    out["age"] = out["age"].replace({"": "_T", "total": "_T"}).fillna("_T").astype(str)
    out["period"] = out["period"].astype(str)
    out["area"] = out["area"].astype("int64")
    for column in ("origin", "counterpart"):
        out[column] = pd.array(out[column], dtype="Int64")
    out["flag"] = out["flag"].fillna("").astype(str).str.slice(0, 16)
    for column in ("value", *INTERVALS):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out[list(VALUE_COLUMNS)].reset_index(drop=True)


def from_un_destination(table: pd.DataFrame) -> pd.DataFrame:
    """Values of a UN DESA destination workbook read by ``read_un_workbook``.

    Measures without an indicator (e.g. the rate of change of refugees) are
    left out; the interval blocks (Table 7 of migdev's own workbooks) become
    the bounds of the migrant stock.
    """
    table = table[table["value"].notna()]
    period = (
        table["year"]
        .astype("Int64")
        .astype(str)
        .where(table["year"].notna(), table["period"])
    )
    base = pd.DataFrame(
        {
            "measure": table["measure"].to_numpy(),
            "area": table["location_code"].astype("int64").to_numpy(),
            "period": period.to_numpy(),
            "sex": table["sex"].to_numpy(),
            "age": table["age"].fillna("_T").to_numpy(),
            "value": table["value"].astype("float64").to_numpy(),
            "flag": table["data_type"].fillna("").to_numpy(),
        }
    )
    main = base[base["measure"].isin(MEASURES)].copy()
    main["indicator"] = main["measure"].map(MEASURES)
    bounds = base[base["measure"].isin(_BOUNDS)]
    if len(bounds):
        wide = bounds.pivot_table(
            index=["area", "period", "sex", "age"],
            columns="measure",
            values="value",
            aggfunc="first",
        ).rename(columns=_BOUNDS)
        is_stock = main["indicator"] == "migrant_stock"
        merged = main[is_stock].merge(
            wide.reset_index(), on=["area", "period", "sex", "age"], how="left"
        )
        main = pd.concat([main[~is_stock], merged], ignore_index=True)
    out = finish(main.drop(columns="measure"))
    # An area printed twice with the same numbers (Australia/New Zealand, 927,
    # is both an SDG region and a sub-region of Oceania) is one area.
    return out.drop_duplicates([*KEY_COLUMNS, "value"]).reset_index(drop=True)


def from_origin_destination(table: pd.DataFrame) -> pd.DataFrame:
    """Values of the origin × destination × sex table (``read_origin_destination``)."""
    return finish(
        pd.DataFrame(
            {
                "indicator": "migrant_stock",
                "area": table["destination_code"].to_numpy(),
                "period": table["year"].astype(str).to_numpy(),
                "sex": table["sex"].to_numpy(),
                "origin": table["origin_code"].to_numpy(),
                "value": table["migrants"].to_numpy(),
                "flag": table["data_type"].fillna("").to_numpy(),
            }
        )
    )


def from_estimate(
    totals: pd.DataFrame, aggregates: pd.DataFrame, by_sex_age: pd.DataFrame
) -> pd.DataFrame:
    """Values of a stock estimate: ``write_tidy``'s totals and aggregates
    (with the intervals where they are given) and the cells by sex and age."""
    frames = []
    for table, is_country in ((totals, True), (aggregates, False)):
        for sex, suffix in (("both", ""), ("male", "_male"), ("female", "_female")):
            column = f"migrants{suffix}"
            if column not in table.columns:
                continue
            frame = pd.DataFrame(
                {
                    "indicator": "migrant_stock",
                    "area": table["location_code"].to_numpy(),
                    "period": table["year"].astype(str).to_numpy(),
                    "sex": sex,
                    "value": table[column].to_numpy(),
                    "flag": (
                        table["status"].to_numpy()
                        if is_country and "status" in table.columns
                        else "aggregate"
                    ),
                }
            )
            for bound in INTERVALS:
                name = f"migrants_{bound}{suffix}"
                if name in table.columns:
                    frame[bound] = table[name].to_numpy()
            frames.append(frame)
        for column, indicator in (
            ("migrant_share", "migrant_share"),
            ("female_share", "female_share"),
            ("growth_rate", "growth_rate"),
        ):
            if column in table.columns:
                frames.append(
                    pd.DataFrame(
                        {
                            "indicator": indicator,
                            "area": table["location_code"].to_numpy(),
                            "period": table["year"].astype(str).to_numpy(),
                            "sex": "both",
                            "value": table[column].to_numpy(),
                        }
                    )
                )
    ages = by_sex_age[by_sex_age["age"].astype(str) != "total"]
    frames.append(
        pd.DataFrame(
            {
                "indicator": "migrant_stock",
                "area": ages["location_code"].to_numpy(),
                "period": ages["year"].astype(str).to_numpy(),
                "sex": ages["sex"].to_numpy(),
                "age": ages["age"].astype(str).to_numpy(),
                "value": ages["migrants"].to_numpy(),
            }
        )
    )
    out = finish(pd.concat(frames, ignore_index=True))
    return out[out["value"].notna()].reset_index(drop=True)
