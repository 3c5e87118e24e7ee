"""Choice of the definition of an international migrant, per country.

References
----------
UN DESA (2020). *International Migrant Stock 2020: Methodology*
(POP/DB/MIG/Stock/Rev.2020), section "Definition of international
migrant": the foreign-born population is used where data on place of birth
exist, foreign citizens otherwise; the choice is kept across the series.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

__all__ = ["DATA_TYPE_CODES", "choose_definition", "observations_for_definition"]

DATA_TYPE_CODES: Final = {"foreign-born": "B", "citizenship": "C"}
"""Data-type letter of each definition in the official tables."""


def choose_definition(observations: pd.DataFrame, /) -> pd.DataFrame:
    """Choose one definition per destination and record why.

    Parameters
    ----------
    observations :
        A validated observations table.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``location_code``: ``definition`` (``foreign-born`` or
        ``citizenship``), ``data_type`` (``B`` or ``C``),
        ``dates_foreign_born`` and ``dates_citizenship`` (distinct
        observation dates per definition) and ``reason``.

    Notes
    -----
    Foreign-born wins whenever the country has at least one foreign-born
    observation, even if citizenship data cover more dates: the series is
    then consistent in time, as the methodology asks. UN DESA occasionally
    splices the two definitions for one country; migdev never does.
    """
    dates = (
        observations.groupby(["location_code", "definition"])["reference_date"]
        .nunique()
        .unstack("definition")
        .reindex(columns=["foreign-born", "citizenship"])
        .fillna(0)
        .astype("int64")
    )
    has_fb = dates["foreign-born"] > 0
    out = pd.DataFrame(
        {
            "definition": has_fb.map({True: "foreign-born", False: "citizenship"}),
            "dates_foreign_born": dates["foreign-born"],
            "dates_citizenship": dates["citizenship"],
        }
    )
    out["data_type"] = out["definition"].map(DATA_TYPE_CODES)
    out["reason"] = has_fb.map(
        {
            True: "place-of-birth data available",
            False: "no place-of-birth data; foreign citizens used",
        }
    )
    out.index.name = "location_code"
    return out


def observations_for_definition(
    observations: pd.DataFrame, choice: pd.DataFrame, /
) -> pd.DataFrame:
    """Keep the observations of each country's chosen definition.

    Parameters
    ----------
    observations :
        A validated observations table.
    choice :
        The result of :func:`choose_definition`.

    Returns
    -------
    pandas.DataFrame
        A filtered copy.
    """
    wanted = observations["location_code"].map(choice["definition"])
    return observations[observations["definition"] == wanted].copy()
