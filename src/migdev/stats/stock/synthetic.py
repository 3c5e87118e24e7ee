"""A synthetic world of observations, for tests and benchmarks.

The numbers follow a known truth so that estimates can be checked against
it. The truth can follow the engine's own model (exponential shares) or
other processes (linear change, level shocks, refugee surges), so that a
test does not merely find the model it assumed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

import numpy as np
import pandas as pd

from migdev.stats.stock.inputs import AGE_TOTAL, ORIGIN_TOTAL
from migdev.stats.stock.sexage import WPP_AGE_GROUPS

__all__ = ["PROCESSES", "Process", "SyntheticWorld", "synthetic_world"]

Process = Literal["exponential", "linear", "shocks", "refugee-surge"]
PROCESSES: Final = ("exponential", "linear", "shocks", "refugee-surge")


@dataclass(frozen=True)
class SyntheticWorld:
    """Inputs of :func:`~migdev.stats.stock.engine.estimate_stock`.

    Attributes
    ----------
    observations, population, classification, refugees :
        Tidy input tables.
    true_share :
        ``[location, year]`` the share the observations were drawn from, at
        1 July of ``years``.
    locations, years :
        Axes of ``true_share``.
    """

    observations: pd.DataFrame
    population: pd.DataFrame
    classification: pd.DataFrame
    refugees: pd.DataFrame
    true_share: np.ndarray
    locations: np.ndarray
    years: np.ndarray


def synthetic_world(
    *,
    n_destinations: int = 235,
    n_origins: int = 235,
    ages: Sequence[str] = WPP_AGE_GROUPS,
    years: Sequence[int] = (1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024),
    max_observations: int = 5,
    seed: int = 0,
    process: Process = "exponential",
) -> SyntheticWorld:
    """Build a synthetic world.

    Parameters
    ----------
    n_destinations :
        Number of countries (codes 1, 2, ...).
    n_origins :
        Number of origins laid out in the origin breakdowns (the first
        ``n_origins`` countries).
    ages :
        Age groups of the sex-by-age breakdowns.
    years :
        Years at which ``true_share`` is reported.
    max_observations :
        Most observations per country (0 to this many, most have 2 or more).
    seed :
        Random seed.
    process :
        How the true migrant share moves: ``"exponential"`` (constant
        rate), ``"linear"`` (constant change in points a year),
        ``"shocks"`` (exponential with a lasting jump of ±30 % or so in a
        random year for half the countries) or ``"refugee-surge"``
        (exponential plus, for a third of the countries, an inflow
        arriving in a random year and ebbing with a half-life of about six
        years).

    Returns
    -------
    SyntheticWorld
    """
    rng = np.random.default_rng(seed)
    codes = np.arange(1, n_destinations + 1, dtype=np.int64)
    n = n_destinations
    subregion = 910 + (np.arange(n) % 22)
    region = np.where(subregion < 916, 903, np.where(subregion < 922, 935, 908))
    classification = pd.DataFrame(
        {
            "location_code": codes,
            "name": [f"Country {c}" for c in codes],
            "region": region,
            "subregion": subregion,
            "development_group": np.where(rng.random(n) < 0.3, 901, 902),
            "income_group": rng.choice([1500, 1501, 1502, 1503], size=n),
        }
    )
    pop0 = np.exp(rng.uniform(np.log(5e4), np.log(2e8), n))
    pop_growth = rng.uniform(-0.005, 0.03, n)
    pop_years = np.arange(1950, 2031)
    population = pd.DataFrame(
        {
            "location_code": np.repeat(codes, len(pop_years)),
            "year": np.tile(pop_years, n),
            "population": (
                pop0[:, None] * np.exp(pop_growth[:, None] * (pop_years - 1950))
            ).ravel(),
        }
    )
    share0 = np.exp(rng.uniform(np.log(0.002), np.log(0.3), n))
    share_growth = rng.normal(0.01, 0.02, n)

    shock_year = rng.uniform(1992.0, 2022.0, n)
    shock = np.where(rng.random(n) < 0.5, rng.normal(0.0, 0.3, n), 0.0)
    surge = np.where(rng.random(n) < 0.33, share0 * rng.uniform(0.3, 1.5, n), 0.0)
    if process not in PROCESSES:
        raise ValueError(f"process must be one of {', '.join(PROCESSES)}")

    def share_at(i: np.ndarray, t: np.ndarray) -> np.ndarray:
        dt = t - 2000.0
        if process == "linear":
            base = share0[i] * np.maximum(1.0 + share_growth[i] * dt, 0.05)
        else:
            base = share0[i] * np.exp(share_growth[i] * dt)
        if process == "shocks":
            base = base * np.exp(np.where(t >= shock_year[i], shock[i], 0.0))
        if process == "refugee-surge":
            since = t - shock_year[i]
            base = base + np.where(
                since >= 0, surge[i] * np.exp(-np.log(2) * since / 6.0), 0.0
            )
        return np.asarray(np.minimum(base, 0.9), dtype=np.float64)

    def pop_at(i: np.ndarray, t: np.ndarray) -> np.ndarray:
        return np.asarray(pop0[i] * np.exp(pop_growth[i] * (t - 1950.5)))

    n_obs = rng.choice(
        np.arange(max_observations + 1),
        size=n,
        p=_obs_weights(max_observations),
    )
    country = np.repeat(np.arange(n), n_obs)
    k = np.concatenate([np.arange(m) for m in n_obs]) if n_obs.sum() else np.zeros(0)
    first = rng.integers(1985, 1995, n)
    obs_year = first[country] + 10 * k.astype(np.int64)
    obs_year = np.minimum(obs_year, 2023)
    month = rng.integers(1, 13, len(country))
    day = rng.integers(1, 29, len(country))
    # Observations capped at 2023 may fall on the same day: move the later
    # ones a day on, so that a country never has two observations of a date.
    while True:
        same = pd.DataFrame(
            {"c": country, "y": obs_year, "m": month, "d": day}
        ).duplicated()
        if not same.any():
            break
        day = np.where(same.to_numpy(), day + 1, day)
    dates = pd.to_datetime(
        pd.DataFrame({"year": obs_year, "month": month, "day": day})
    ).astype("datetime64[s]")
    t = obs_year + (month - 1) / 12.0 + (day - 1) / 365.0
    totals = share_at(country, t) * pop_at(country, t)
    totals = np.round(totals * rng.lognormal(0.0, 0.02, len(country)))
    fb = rng.random(n) < 0.8
    definition = np.where(fb[country], "foreign-born", "citizenship")
    source = rng.choice(
        ["census", "register", "survey"], size=len(country), p=[0.7, 0.2, 0.1]
    )
    obs_id = np.array(
        [f"c{codes[c]}-{d.date()}" for c, d in zip(country, dates, strict=True)]
    )
    base = pd.DataFrame(
        {
            "location_code": codes[country],
            "source_type": source,
            "reference_date": dates,
            "definition": definition,
            "observation_id": obs_id,
        }
    )
    frames = [
        base.assign(
            sex="both", age=AGE_TOTAL, origin_code=ORIGIN_TOTAL, migrants=totals
        )
    ]

    # Sex by age for about 70 % of observations.
    detail = rng.random(n)[country] < 0.7
    n_age = len(ages)
    female = rng.uniform(0.35, 0.6, len(country))
    age_profile = rng.dirichlet(np.full(n_age, 3.0), size=len(country))
    for s, sex in enumerate(("male", "female")):
        frac = female if s == 1 else 1.0 - female
        sex_total = totals * frac
        cells = sex_total[:, None] * age_profile
        cells = _round_preserving(cells, sex_total)
        sel = np.flatnonzero(detail)
        frames.append(
            base.iloc[np.repeat(sel, n_age)].assign(
                sex=sex,
                age=np.tile(np.asarray(ages, dtype=object), len(sel)),
                origin_code=ORIGIN_TOTAL,
                migrants=cells[sel].ravel(),
            )
        )
        frames.append(
            base.iloc[sel].assign(
                sex=sex,
                age=AGE_TOTAL,
                origin_code=ORIGIN_TOTAL,
                migrants=cells[sel].sum(axis=1),
            )
        )
    # Origin for about 60 % of observations, with an unknown part.
    by_origin = rng.random(n)[country] < 0.6
    sel = np.flatnonzero(by_origin)
    weights = rng.dirichlet(np.full(n_origins, 0.3), size=len(sel)) * 0.95
    cells = np.floor(totals[sel, None] * weights)
    frames.append(
        base.iloc[np.repeat(sel, n_origins)].assign(
            sex="both",
            age=AGE_TOTAL,
            origin_code=np.tile(codes[:n_origins], len(sel)),
            migrants=cells.ravel(),
        )
    )
    observations = pd.concat(frames, ignore_index=True)
    observations = observations[
        (observations["origin_code"] == ORIGIN_TOTAL) | (observations["migrants"] > 0)
    ].reset_index(drop=True)

    ref_countries = np.flatnonzero(rng.random(n) < 0.3)
    ref_years = np.arange(1990, 2025)
    refugees = pd.DataFrame(
        {
            "location_code": np.repeat(codes[ref_countries], len(ref_years)),
            "year": np.tile(ref_years, len(ref_countries)),
            "refugees": np.round(
                np.repeat(pop0[ref_countries] * 0.002, len(ref_years))
                * rng.uniform(0.5, 1.5, len(ref_countries) * len(ref_years))
            ),
            "counted_in_census": np.repeat(
                rng.random(len(ref_countries)) < 0.5, len(ref_years)
            ),
            "origin_code": np.repeat(
                codes[rng.integers(0, n_origins, len(ref_countries))], len(ref_years)
            ),
        }
    )
    year_arr = np.asarray(years, dtype=np.int64)
    t_ref = np.array(
        [(date(int(y), 7, 1) - date(int(y), 1, 1)).days / 365.0 + y for y in year_arr]
    )
    idx = np.repeat(np.arange(n), len(year_arr))
    true_share = share_at(idx, np.tile(t_ref, n)).reshape(n, len(year_arr))
    return SyntheticWorld(
        observations=observations,
        population=population,
        classification=classification,
        refugees=refugees,
        true_share=true_share,
        locations=codes,
        years=year_arr,
    )


def _obs_weights(max_observations: int) -> np.ndarray:
    w = np.ones(max_observations + 1)
    w[0] = 0.3
    if max_observations >= 1:
        w[1] = 0.5
    return np.asarray(w / w.sum(), dtype=np.float64)


def _round_preserving(cells: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Round rows of ``cells`` to integers that still sum to rounded ``totals``."""
    floor = np.floor(cells)
    short = (np.round(totals) - floor.sum(axis=1)).astype(np.int64)
    order = np.argsort(-(cells - floor), axis=1)
    ranks = np.argsort(order, axis=1)
    return np.asarray(floor + (ranks < short[:, None]), dtype=np.float64)
