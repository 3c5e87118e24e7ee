"""Illustrative inputs of the stock engine, generated (never real data): the
engine's synthetic world, with its locations renamed to real M49 codes so
that a release made from them can be shown on a country's page."""

from __future__ import annotations

from pathlib import Path

from migdev.stats.stock.synthetic import synthetic_world

#: Real M49 codes the synthetic locations 1, 2, … take (Mexico, Philippines,
#: India, France, Egypt, Morocco, Senegal, Germany, Spain, United States, …).
M49_CODES = (484, 608, 356, 250, 818, 504, 686, 276, 724, 840, 124, 36, 710, 404, 76)


def write_inputs(directory: str | Path, *, n: int = 8, seed: int = 0) -> Path:
    """Write ``observations``, ``population``, ``classification`` and
    ``refugees`` CSV files of an illustrative world of ``n`` countries."""
    if n > len(M49_CODES):
        raise ValueError(f"at most {len(M49_CODES)} countries")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    world = synthetic_world(
        n_destinations=n, n_origins=n, seed=seed, ages=("0-14", "15-64", "65+")
    )
    codes = {i + 1: code for i, code in enumerate(M49_CODES[:n])}

    def rename(frame, *columns):
        frame = frame.copy()
        for column in columns:
            if column in frame.columns:
                frame[column] = frame[column].map(lambda c: codes.get(int(c), int(c)))
        return frame

    rename(world.observations, "location_code", "origin_code").to_csv(
        directory / "observations.csv", index=False
    )
    rename(world.population, "location_code").to_csv(
        directory / "population.csv", index=False
    )
    cls = rename(world.classification, "location_code")
    cls["name"] = [f"Illustrative {c}" for c in cls["location_code"]]
    cls.to_csv(directory / "classification.csv", index=False)
    rename(world.refugees, "location_code", "origin_code").to_csv(
        directory / "refugees.csv", index=False
    )
    return directory


#: Illustrative corridors (sending ISO3, receiving ISO3, sending currency,
#: USD rate of the sending currency, mid-market rate to the receiving currency).
CORRIDORS = (
    ("USA", "MEX", "USD", 1.0, 17.5),
    ("USA", "PHL", "USD", 1.0, 56.0),
    ("FRA", "SEN", "EUR", 0.92, 655.957),
    ("FRA", "MAR", "EUR", 0.92, 10.9),
    ("DEU", "EGY", "EUR", 0.92, 33.5),
    ("ESP", "MAR", "EUR", 0.92, 10.9),
    ("USA", "IND", "USD", 1.0, 83.0),
    ("ZAF", "ZWE", "ZAR", 18.5, 20.0),
)
PROVIDERS = (
    ("Illustrative Bank A", "bank"),
    ("Illustrative Bank B", "bank"),
    ("Illustrative Transfer Co.", "money transfer operator"),
    ("Illustrative Remit Ltd", "money transfer operator"),
    ("Illustrative Post", "post office"),
    ("Illustrative Mobile Money", "mobile operator"),
)


def write_quotes(path: str | Path, *, seed: int = 0, quarters: int = 4) -> Path:
    """Write a CSV of illustrative price quotes (the layout of
    :data:`migdev.stats.remittances.QUOTE_COLUMNS`): each corridor, five or
    six providers, USD 200 and 500, ``quarters`` quarters of 2024."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    rows = []
    for sending, receiving, currency, per_usd, mid in CORRIDORS:
        level = rng.uniform(2.0, 9.0)  # the corridor's typical cost, percent
        for q in range(1, quarters + 1):
            trend = 1.0 - 0.03 * (q - 1)
            for provider, kind in PROVIDERS[: 5 + int(rng.integers(0, 2))]:
                bias = {
                    "bank": 1.6,
                    "money transfer operator": 0.8,
                    "post office": 1.1,
                    "mobile operator": 0.6,
                }[kind]
                for usd in (200, 500):
                    cost = max(0.3, level * bias * trend * rng.uniform(0.7, 1.3))
                    cost *= 0.8 if usd == 500 else 1.0
                    margin = cost * rng.uniform(0.2, 0.6)
                    amount = round(usd * per_usd, 2)
                    rows.append(
                        {
                            "sending": sending,
                            "receiving": receiving,
                            "provider": provider,
                            "provider_type": kind,
                            "product": "account to cash"
                            if kind != "mobile operator"
                            else "wallet to wallet",
                            "access_instrument": "branch"
                            if kind == "bank"
                            else "agent",
                            "payment_instrument": "cash",
                            "period": f"2024Q{q}",
                            "amount_usd": usd,
                            "currency": currency,
                            "amount": amount,
                            "fee": round(amount * (cost - margin) / 100, 2),
                            "exchange_rate": round(mid * (1 - margin / 100), 6),
                            "mid_rate": mid,
                            "smart_eligible": kind != "bank",
                        }
                    )
    path = Path(path)
    pd.DataFrame(rows).to_csv(path, index=False)
    return path
