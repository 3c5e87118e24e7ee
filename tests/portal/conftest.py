"""Fixtures of the portal's tests: two small published releases whose every
number is written here, so that a profile, a query or a download can be
checked against them."""

from __future__ import annotations

import pandas as pd
import pytest

from migdev.indicators import services, tables
from migdev.indicators.services import InputFile, ReleaseMeta

FRA, MAR, ESP, DZA, AFRICA = 250, 504, 724, 12, 903

#: (indicator, area, period, sex, age, origin, counterpart, value, bounds)
STOCK = [
    (
        "migrant_stock",
        FRA,
        "2010",
        "_T",
        "_T",
        None,
        None,
        7000.0,
        (6800, 7200, 6500, 7500),
    ),
    (
        "migrant_stock",
        FRA,
        "2020",
        "_T",
        "_T",
        None,
        None,
        8500.0,
        (8200, 8800, 8000, 9000),
    ),
    ("migrant_stock", FRA, "2020", "M", "_T", None, None, 4000.0, None),
    ("migrant_stock", FRA, "2020", "F", "_T", None, None, 4500.0, None),
    ("migrant_stock", FRA, "2010", "M", "_T", None, None, 3600.0, None),
    ("migrant_stock", FRA, "2010", "F", "_T", None, None, 3400.0, None),
    ("migrant_stock", FRA, "2020", "M", "0-14", None, None, 500.0, None),
    ("migrant_stock", FRA, "2020", "F", "0-14", None, None, 450.0, None),
    ("migrant_stock", FRA, "2020", "M", "65+", None, None, 700.0, None),
    ("migrant_stock", FRA, "2020", "F", "65+", None, None, 900.0, None),
    ("migrant_stock", FRA, "2020", "M", "15-64", None, None, 2800.0, None),
    ("migrant_stock", FRA, "2020", "F", "15-64", None, None, 3150.0, None),
    ("population", FRA, "2020", "M", "0-14", None, None, 6000.0, None),
    ("population", FRA, "2020", "F", "0-14", None, None, 5800.0, None),
    ("population", FRA, "2020", "M", "15-64", None, None, 20000.0, None),
    ("population", FRA, "2020", "F", "15-64", None, None, 20500.0, None),
    ("population", FRA, "2020", "M", "65+", None, None, 6000.0, None),
    ("population", FRA, "2020", "F", "65+", None, None, 7700.0, None),
    ("migrant_share", FRA, "2010", "_T", "_T", None, None, 10.9, None),
    ("migrant_share", FRA, "2020", "_T", "_T", None, None, 13.1, None),
    ("refugees", FRA, "2020", "_T", "_T", None, None, 400.0, None),
    ("refugee_share", FRA, "2020", "_T", "_T", None, None, 4.7, None),
    # France's immigrants by origin, 2020.
    ("migrant_stock", FRA, "2020", "_T", "_T", DZA, None, 1500.0, None),
    ("migrant_stock", FRA, "2020", "_T", "_T", MAR, None, 1000.0, None),
    ("migrant_stock", FRA, "2020", "_T", "_T", ESP, None, 250.0, None),
    ("migrant_stock", FRA, "2020", "_T", "_T", 2003, None, 50.0, None),
    # Morocco's emigrants, 2020.
    ("migrant_stock", MAR, "2020", "_T", "_T", None, None, 100.0, None),
    ("migrant_stock", ESP, "2020", "_T", "_T", MAR, None, 700.0, None),
    # Africa (UN DESA code 903).
    ("migrant_stock", AFRICA, "2010", "_T", "_T", None, None, 20000.0, None),
    ("migrant_stock", AFRICA, "2020", "_T", "_T", None, None, 25000.0, None),
]

#: Remittance flows and costs (area receives, counterpart sends).
FLOWS = [
    ("remittances_received", MAR, "2022", "_T", "_T", None, None, 11.2e9, None),
    ("remittances_paid", MAR, "2022", "_T", "_T", None, None, 0.1e9, None),
    ("remittances_received_gdp", MAR, "2022", "_T", "_T", None, None, 8.0, None),
    ("remittance_cost_200", MAR, "2024Q1", "_T", "_T", None, FRA, 4.0, None),
    ("remittance_cost_200", MAR, "2024Q2", "_T", "_T", None, FRA, 2.5, None),
    ("remittance_cost_200", MAR, "2024Q2", "_T", "_T", None, ESP, 6.0, None),
    ("remittance_cost_200", MAR, "2024Q2", "_T", "_T", None, None, 4.25, None),
]


def frame(rows: list[tuple]) -> pd.DataFrame:
    records = []
    for ind, area, period, sex, age, origin, counterpart, value, bounds in rows:
        lo80, hi80, lo95, hi95 = bounds or (None, None, None, None)
        records.append(
            {
                "indicator": ind,
                "area": area,
                "period": period,
                "sex": sex,
                "age": age,
                "origin": origin,
                "counterpart": counterpart,
                "value": value,
                "lower_80": lo80,
                "upper_80": hi80,
                "lower_95": lo95,
                "upper_95": hi95,
                "flag": "",
            }
        )
    return tables.finish(pd.DataFrame.from_records(records))


def make_release(
    dataset: str, rows: list[tuple], *, kind: str = "stock", tag: str = "1"
):
    meta = ReleaseMeta(
        dataset=dataset,
        dataset_kind=kind,
        dataset_name={"en": dataset, "fr": f"{dataset} (fr)"},
        title={"en": f"{dataset} for tests", "fr": f"{dataset} pour les tests"},
        source="written by the tests",
        method="as written",
        licence="CC BY 4.0",
        publisher="tests",
        reference_dates=["2020-07-01"],
        command="pytest",
    )
    inputs = [InputFile(f"{dataset}-{tag}.csv", 1, f"{dataset}-{tag}".ljust(64, "0"))]
    return services.release_import(
        actor=None, meta=meta, values=frame(rows), inputs=inputs
    ).release


@pytest.fixture
def secretariat(make_user):
    return make_user(make_user.SECRETARIAT)


@pytest.fixture
def published(secretariat):
    """A stock release and a remittance release, both published."""
    stock = make_release("test-stock", STOCK)
    services.release_publish(actor=secretariat, release=stock)
    flows = make_release("test-remittances", FLOWS, kind="remittance_flows")
    services.release_publish(actor=secretariat, release=flows)
    stock.refresh_from_db()
    flows.refresh_from_db()
    return stock, flows
