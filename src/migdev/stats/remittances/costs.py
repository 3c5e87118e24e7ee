"""The cost of sending remittances, as the World Bank's Remittance Prices
Worldwide (RPW) measures it.

RPW collects, each quarter, the price of sending the equivalent of US$ 200
and US$ 500 through each service (a provider's product with its access and
payment instruments) in each corridor (a sending and a receiving country).
The **total cost** of a service is the fee plus the exchange-rate margin,
in percent of the amount sent::

    fee %        = 100·fee / amount                   (both in the sending currency)
    margin %     = 100·(mid-market rate − rate offered) / mid-market rate
    total cost % = fee % + margin %

A **corridor average** is the simple average of the total costs of the
corridor's services in the quarter. Averages over several corridors — by
sending country, receiving country, region, or the world — are the simple
average of the corridor averages, or their average weighted by the
corridors' remittance flows (the World Bank uses the bilateral remittance
estimates). The **SmaRT** average of a corridor is the average of the three
cheapest services that meet its criteria (a transparent price, delivery
within five days, and an instrument most senders and receivers can use —
here the column ``smart_eligible``). SDG indicator **10.c.1** is the
remittance cost as a proportion of the amount remitted: the average total
cost of sending US$ 200, per receiving country (series SI_RMT_COST_BC), per
sending country (SI_RMT_COST_SC) and globally; target 10.c asks for costs
below 3 % and no corridor above 5 % by 2030.

Sources: World Bank, *Remittance Prices Worldwide: methodology* and the
quarterly *Remittance Prices Worldwide* reports (remittanceprices.worldbank.org);
United Nations Statistics Division, metadata of indicator 10.c.1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from migdev.stats.remittances.errors import RemittanceInputError

__all__ = [
    "PROVIDER_TYPES",
    "QUOTE_COLUMNS",
    "SDG_CEILING",
    "SDG_TARGET",
    "average",
    "competition",
    "corridor_averages",
    "sdg_10c1",
    "smart_averages",
    "target_distance",
    "total_cost",
    "validate_quotes",
]

SDG_TARGET: Final = 3.0
"""Target 10.c: reduce the transaction costs of remittances to less than 3 %."""
SDG_CEILING: Final = 5.0
"""Target 10.c: eliminate corridors with costs higher than 5 %."""
PROVIDER_TYPES: Final = (
    "bank",
    "money transfer operator",
    "post office",
    "mobile operator",
    "other",
)
"""Provider types of RPW; ``other``: the non-bank financial institutions,
credit unions and building societies RPW also surveys."""
QUOTE_COLUMNS: Final = (
    "sending",
    "receiving",
    "provider",
    "provider_type",
    "product",
    "access_instrument",
    "payment_instrument",
    "period",
    "amount_usd",
    "currency",
    "amount",
    "fee",
    "exchange_rate",
    "mid_rate",
)
"""Columns of a price quote. ``sending`` and ``receiving``: country codes
(ISO alpha-3 or M49); ``period``: quarter, ``2017Q1``; ``amount_usd``: 200
or 500; ``currency``: ISO 4217 code of the sending currency; ``amount`` and
``fee`` in that currency; ``exchange_rate`` (offered) and ``mid_rate``
(interbank): units of the receiving currency per unit of the sending one.
Optional: ``smart_eligible`` (bool), ``market_share`` (0–1 within the
corridor), ``total_cost_pct`` and ``fx_margin_pct`` where the source gives
them already (RPW does)."""

_PERIOD = re.compile(r"^(19|20)\d\dQ[1-4]$")
_TYPE_ALIASES: Final = {
    "bank": "bank",
    "commercial bank": "bank",
    "money transfer operator": "money transfer operator",
    "mto": "money transfer operator",
    "money transfer operator/bank": "money transfer operator",
    "post office": "post office",
    "post": "post office",
    "mobile operator": "mobile operator",
    "mobile": "mobile operator",
    "mobile money": "mobile operator",
    "other": "other",
}


def _fail(message: str, i: int, column: str, row_base: int, file: str | None) -> None:
    raise RemittanceInputError(message, file=file, row=i + row_base, column=column)


def _refuse_duplicates(out: pd.DataFrame, *, row_base: int, file: str | None) -> None:
    """Two quotes for one service, amount and quarter are refused."""
    key = [
        "sending",
        "receiving",
        "provider",
        "product",
        "access_instrument",
        "payment_instrument",
        "period",
        "amount_usd",
    ]
    if "service_id" in out.columns:  # a source's own key of a service (RPW id)
        key.append("service_id")
    dup = out.duplicated(key).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        _fail(
            "two quotes for the same service, amount and quarter",
            i,
            "provider",
            row_base,
            file,
        )


def validate_quotes(
    quotes: pd.DataFrame,
    /,
    *,
    known_countries: Sequence[str] | None = None,
    file: str | None = None,
    row_base: int = 0,
) -> pd.DataFrame:
    """Check price quotes and return a clean copy.

    Parameters
    ----------
    quotes :
        :data:`QUOTE_COLUMNS` (``amount``, ``fee``, ``exchange_rate``,
        ``mid_rate`` may be missing where ``total_cost_pct`` is given).
    known_countries :
        Codes a corridor end may take; others are refused.
    file, row_base :
        Named in errors; ``row_base`` is added to the 0-based position (2
        for CSV line numbers).

    Returns
    -------
    pandas.DataFrame
        The quotes, ``provider_type`` normalised to :data:`PROVIDER_TYPES`.

    Raises
    ------
    RemittanceInputError
        A missing column, currency or period; an amount other than 200 or
        500; a negative fee; a non-positive rate; an unknown country code or
        provider type; two quotes for the same service, amount and quarter.
    """
    required = [
        c
        for c in QUOTE_COLUMNS
        if c not in quotes.columns
        and not (
            c in ("amount", "fee", "exchange_rate", "mid_rate")
            and "total_cost_pct" in quotes.columns
        )
    ]
    if required:
        raise RemittanceInputError(
            f"no column {required[0]!r}; a price quote needs "
            f"{', '.join(QUOTE_COLUMNS)}",
            file=file,
            column=required[0],
        )
    out = quotes.reset_index(drop=True).copy()
    for column in ("currency", "period", "sending", "receiving", "provider"):
        text = out[column].astype("string").str.strip()
        empty = (text.isna() | (text == "")).to_numpy()
        if empty.any():
            what = {
                "currency": "no currency: say in which currency the amount and the fee are",
                "period": "no date: say in which quarter the price was collected (2017Q1)",
            }.get(column, f"no {column}")
            _fail(what, int(np.flatnonzero(empty)[0]), column, row_base, file)
        out[column] = text.astype(object)
    bad = ~out["period"].map(lambda p: bool(_PERIOD.match(str(p)))).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        _fail(
            f"period {out['period'].iloc[i]!r} is not a quarter such as 2017Q1",
            i,
            "period",
            row_base,
            file,
        )
    if known_countries is not None:
        known = {str(c) for c in known_countries}
        for column in ("sending", "receiving"):
            unknown = ~out[column].astype(str).isin(known).to_numpy()
            if unknown.any():
                i = int(np.flatnonzero(unknown)[0])
                _fail(
                    f"country code {out[column].iloc[i]!r} is unknown",
                    i,
                    column,
                    row_base,
                    file,
                )
    amount_usd = pd.to_numeric(out["amount_usd"], errors="coerce")
    bad = ~amount_usd.isin((200, 500)).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        _fail(
            f"amount {out['amount_usd'].iloc[i]!r} USD: RPW prices 200 and 500",
            i,
            "amount_usd",
            row_base,
            file,
        )
    out["amount_usd"] = amount_usd.astype("int64")
    types = (
        out["provider_type"]
        .astype("string")
        .str.strip()
        .str.lower()
        .map(lambda t: _TYPE_ALIASES.get(t) if isinstance(t, str) else None)
    )
    bad = types.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        _fail(
            f"provider type {out['provider_type'].iloc[i]!r} is not one of "
            f"{', '.join(PROVIDER_TYPES)}",
            i,
            "provider_type",
            row_base,
            file,
        )
    out["provider_type"] = types.astype(object)
    for column, positive in (
        ("amount", True),
        ("fee", False),
        ("exchange_rate", True),
        ("mid_rate", True),
    ):
        if column not in out.columns:
            continue
        values = pd.to_numeric(out[column], errors="coerce")
        given = "total_cost_pct" in out.columns
        missing = values.isna().to_numpy() & (
            ~given or out["total_cost_pct"].isna().to_numpy()
        )
        wrong = (values <= 0).to_numpy() if positive else (values < 0).to_numpy()
        bad = missing | wrong
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            _fail(
                f"{column} {out[column].iloc[i]!r} must be a number "
                + ("above 0" if positive else "of 0 or more"),
                i,
                column,
                row_base,
                file,
            )
        out[column] = values.astype("float64")
    for column in ("product", "access_instrument", "payment_instrument"):
        out[column] = out[column].fillna("").astype(str)
    _refuse_duplicates(out, row_base=row_base, file=file)
    return out


def total_cost(quotes: pd.DataFrame, /) -> pd.DataFrame:
    """Add ``fee_pct``, ``fx_margin_pct`` and ``total_cost_pct`` to quotes.

    Parameters
    ----------
    quotes :
        Validated quotes (:func:`validate_quotes`).

    Returns
    -------
    pandas.DataFrame
        A copy with the three columns (percent of the amount sent). Where
        the quotes carry ``total_cost_pct`` already (RPW), it is kept and
        the components filled where they can be computed.

    Examples
    --------
    Sending 200 (USD 200 in a dollar country) for a fee of 5 at 9.70 where
    the mid-market rate is 10.00: fee 2.5 %, margin 3 %, total 5.5 %.
    """
    out = quotes.copy()
    with np.errstate(all="ignore"):
        fee = 100.0 * out["fee"] / out["amount"] if "fee" in out else np.nan
        margin = (
            100.0 * (out["mid_rate"] - out["exchange_rate"]) / out["mid_rate"]
            if "mid_rate" in out
            else np.nan
        )
    out["fee_pct"] = fee
    if "fx_margin_pct" in out.columns:
        out["fx_margin_pct"] = out["fx_margin_pct"].where(
            out["fx_margin_pct"].notna(), margin
        )
    else:
        out["fx_margin_pct"] = margin
    computed = out["fee_pct"] + out["fx_margin_pct"]
    if "total_cost_pct" in out.columns:
        out["total_cost_pct"] = (
            pd.to_numeric(out["total_cost_pct"], errors="coerce")
            .where(lambda s: s.notna(), computed)
            .astype("float64")
        )
    else:
        out["total_cost_pct"] = computed.astype("float64")
    return out


def corridor_averages(
    quotes: pd.DataFrame, /, *, amount_usd: int = 200
) -> pd.DataFrame:
    """Simple average total cost of each corridor and quarter.

    Parameters
    ----------
    quotes :
        Quotes with ``total_cost_pct`` (:func:`total_cost`).
    amount_usd :
        200 (SDG 10.c.1) or 500.

    Returns
    -------
    pandas.DataFrame
        ``sending``, ``receiving``, ``period``, ``mean`` (percent),
        ``services``, ``cheapest``, ``dearest``.
    """
    rows = quotes[quotes["amount_usd"] == amount_usd]
    grouped = rows.groupby(["sending", "receiving", "period"], sort=True)[
        "total_cost_pct"
    ]
    return grouped.agg(
        mean="mean", services="count", cheapest="min", dearest="max"
    ).reset_index()


def average(
    corridors: pd.DataFrame,
    /,
    *,
    by: Sequence[str] = (),
    weights: pd.DataFrame | None = None,
    value: str = "mean",
) -> pd.DataFrame:
    """Average corridor averages over sending or receiving countries, a
    region, or the world: simple, or weighted by remittance flows.

    Parameters
    ----------
    corridors :
        One row per corridor (and ``period``): ``sending``, ``receiving``,
        ``value`` and the columns of ``by``.
    by :
        Grouping columns (``("receiving",)``, ``("sending",)``,
        ``("region",)``; empty for the world). ``period`` is always kept
        when present.
    weights :
        ``sending``, ``receiving``, ``flow``: the weight of each corridor
        (e.g. the bilateral remittance estimate). Corridors without a flow
        are left out of the weighted average.
    value :
        Column to average.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns (and ``period``), ``simple`` (mean of the
        corridor values), ``corridors`` and, with ``weights``,
        ``weighted`` and ``weighted_corridors``.
    """
    keys = [*by, *(["period"] if "period" in corridors.columns else [])]
    frame = corridors[corridors[value].notna()]
    if keys:
        grouped = frame.groupby(keys, sort=True)[value]
        out = grouped.agg(simple="mean", corridors="count").reset_index()
    else:
        out = pd.DataFrame(
            {"simple": [frame[value].mean()], "corridors": [int(frame[value].count())]}
        )
    if weights is None:
        return out
    w = frame.merge(
        weights[["sending", "receiving", "flow"]],
        on=["sending", "receiving"],
        how="inner",
    )
    w = w[w["flow"].notna() & (w["flow"] > 0)]
    w = w.assign(product=w[value] * w["flow"])
    if keys:
        sums = w.groupby(keys, sort=True)[["product", "flow"]].sum()
        counts = w.groupby(keys, sort=True)["flow"].count().rename("weighted_corridors")
        result = (sums["product"] / sums["flow"]).rename("weighted").to_frame()
        result = result.join(counts).reset_index()
        return out.merge(result, on=keys, how="left")
    out["weighted"] = (w["product"].sum() / w["flow"].sum()) if len(w) else np.nan
    out["weighted_corridors"] = len(w)
    return out


def smart_averages(quotes: pd.DataFrame, /, *, n: int = 3) -> pd.DataFrame:
    """The SmaRT average of each corridor and quarter: the mean total cost of
    the ``n`` cheapest eligible services for USD 200.

    Parameters
    ----------
    quotes :
        Quotes with ``total_cost_pct`` and ``smart_eligible``.
    n :
        How many of the cheapest services (3 in RPW).

    Returns
    -------
    pandas.DataFrame
        ``sending``, ``receiving``, ``period``, ``smart`` (percent) and
        ``services`` (how many entered, at most ``n``).
    """
    if "smart_eligible" not in quotes.columns:
        raise RemittanceInputError(
            "no column 'smart_eligible': say which services meet the SmaRT criteria",
            column="smart_eligible",
        )
    rows = quotes[
        (quotes["amount_usd"] == 200) & quotes["smart_eligible"].astype(bool)
    ].sort_values("total_cost_pct", kind="stable")
    cheapest = rows.groupby(["sending", "receiving", "period"], sort=True).head(n)
    return (
        cheapest.groupby(["sending", "receiving", "period"], sort=True)[
            "total_cost_pct"
        ]
        .agg(smart="mean", services="count")
        .reset_index()
    )


def target_distance(corridors: pd.DataFrame, /, *, value: str = "mean") -> pd.DataFrame:
    """How far corridors are from target 10.c, per quarter.

    Returns
    -------
    pandas.DataFrame
        ``period`` (where given), ``corridors``, ``above_5`` (how many
        corridors cost more than 5 %), ``share_above_5`` (percent of the
        corridors), ``at_most_3`` and ``share_at_most_3``, and
        ``distance_to_3`` (the simple average minus 3, percentage points).
    """

    def summary(frame: pd.DataFrame) -> pd.Series:
        values = frame[value].dropna()
        n = len(values)
        above = int((values > SDG_CEILING).sum())
        within = int((values <= SDG_TARGET).sum())
        return pd.Series(
            {
                "corridors": n,
                "above_5": above,
                "share_above_5": 100.0 * above / n if n else np.nan,
                "at_most_3": within,
                "share_at_most_3": 100.0 * within / n if n else np.nan,
                "distance_to_3": values.mean() - SDG_TARGET if n else np.nan,
            }
        )

    if "period" in corridors.columns:
        parts = [
            summary(group).rename(period)
            for period, group in corridors.groupby("period")
        ]
        out = pd.DataFrame(parts)
        out.index.name = "period"
        return out.reset_index()
    return summary(corridors).to_frame().T


def sdg_10c1(
    corridors: pd.DataFrame, /, *, value: str = "mean"
) -> dict[str, pd.DataFrame]:
    """SDG indicator 10.c.1 from the USD 200 corridor averages.

    Returns
    -------
    dict of pandas.DataFrame
        ``"receiving"`` (SI_RMT_COST_BC: average cost of sending to each
        country), ``"sending"`` (SI_RMT_COST_SC: from each country) and
        ``"global"`` (SI_RMT_COST: the global average), each from
        :func:`average`, with ``simple`` the indicator's value in percent.
    """
    return {
        "receiving": average(corridors, by=("receiving",), value=value),
        "sending": average(corridors, by=("sending",), value=value),
        "global": average(corridors, value=value),
    }


def competition(quotes: pd.DataFrame, /, *, amount_usd: int = 200) -> pd.DataFrame:
    """Competition in each corridor and quarter.

    Returns
    -------
    pandas.DataFrame
        ``sending``, ``receiving``, ``period``, ``providers`` (distinct),
        one column per provider type (``bank``, ``money transfer
        operator``, ``post office``, ``mobile operator``: distinct
        providers of that type), ``spread`` (dearest minus cheapest total
        cost, percentage points) and ``hhi`` (Herfindahl–Hirschman index,
        0–10,000, from ``market_share`` when every provider of the corridor
        has one; missing otherwise).
    """
    rows = quotes[quotes["amount_usd"] == amount_usd]
    keys = ["sending", "receiving", "period"]
    grouped = rows.groupby(keys, sort=True)
    out = grouped.agg(
        providers=("provider", "nunique"),
        cheapest=("total_cost_pct", "min"),
        dearest=("total_cost_pct", "max"),
    )
    out["spread"] = out["dearest"] - out["cheapest"]
    by_type = (
        rows.groupby([*keys, "provider_type"])["provider"]
        .nunique()
        .unstack(fill_value=0)
    )
    for kind in PROVIDER_TYPES:
        out[kind] = by_type[kind] if kind in by_type.columns else 0
        out[kind] = out[kind].fillna(0).astype("int64")
    if "market_share" in rows.columns:
        shares = rows.drop_duplicates([*keys, "provider"])[
            [*keys, "provider", "market_share"]
        ]

        def hhi(frame: pd.DataFrame) -> float:
            s = pd.to_numeric(frame["market_share"], errors="coerce")
            if s.isna().any():
                return float("nan")
            return float(((100.0 * s) ** 2).sum())

        out["hhi"] = shares.groupby(keys, sort=True)[["market_share"]].apply(hhi)
    else:
        out["hhi"] = np.nan
    return out.drop(columns=["cheapest", "dearest"]).reset_index()
