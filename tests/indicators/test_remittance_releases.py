"""Remittance flows and prices as releases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from stock_support import shared_file

from migdev.indicators import importers
from migdev.indicators.generated import write_quotes
from migdev.indicators.models import Release, Value
from migdev.stats.remittances import RemittanceInputError

pytestmark = pytest.mark.django_db


def test_quotes_become_corridor_averages_and_sdg_10c1(tmp_path: Path) -> None:
    path = write_quotes(tmp_path / "quotes.csv")
    release = importers.import_quotes(path, illustrative=True).release
    assert release.illustrative and release.identifier == "remittance-prices.v1"
    quotes = pd.read_csv(path)
    mex = quotes[
        (quotes["receiving"] == "MEX")
        & (quotes["period"] == "2024Q1")
        & (quotes["amount_usd"] == 200)
    ]
    by_hand = (
        100 * mex["fee"] / mex["amount"]
        + 100 * (mex["mid_rate"] - mex["exchange_rate"]) / mex["mid_rate"]
    ).mean()
    corridor = Value.objects.get(
        release=release,
        indicator__code="remittance_cost_200",
        area=484,
        counterpart=840,
        period="2024Q1",
    )
    assert corridor.value == pytest.approx(by_hand)
    assert (
        Value.objects.filter(
            release=release, area=900, indicator__code="remittance_cost_200"
        ).count()
        == 4
    )
    assert Value.objects.filter(
        release=release, indicator__code="remittance_cost_smart"
    ).exists()
    assert not importers.import_quotes(path).created


@pytest.mark.parametrize(
    ("column", "bad", "words"),
    [
        ("currency", "", "column 'currency': no currency"),
        ("period", "", "column 'period': no date"),
        ("receiving", "XYZ", "column 'receiving': country code 'XYZ' is unknown"),
    ],
)
def test_bad_quotes_are_refused_whole(tmp_path: Path, column, bad, words) -> None:
    path = write_quotes(tmp_path / "quotes.csv")
    frame = pd.read_csv(path)
    frame[column] = frame[column].astype(object)
    frame.loc[6, column] = bad
    frame.to_csv(path, index=False)
    with pytest.raises(RemittanceInputError) as caught:
        importers.import_quotes(path)
    assert "quotes.csv" in str(caught.value) and "row 8" in str(caught.value)
    assert words in str(caught.value)
    assert not Release.objects.exists() and not Value.objects.exists()


@pytest.mark.shared_data
def test_wdi_and_knomad_releases_keep_the_file_totals() -> None:
    wdi_path = shared_file("remittances", "wdi_remittances_gdp_netmig_1990_2023.csv")
    knomad_path = shared_file(
        "remittances", "wb_knomad_bilateral_remittances_2017_matrix.csv"
    )
    wdi = pd.read_csv(wdi_path)
    wdi_release = importers.import_wdi(wdi_path).release
    for indicator, code in (
        ("remittances_received", "remin"),
        ("remittances_paid", "remout"),
    ):
        stored = Value.objects.filter(release=wdi_release, indicator__code=indicator)
        assert sum(stored.values_list("value", flat=True)) == pytest.approx(
            wdi.loc[wdi["indicator"] == code, "value"].sum(), rel=1e-12
        )
    knomad = pd.read_csv(
        shared_file("remittances", "wb_knomad_bilateral_remittances_2017_long.csv")
    )
    release = importers.import_knomad(knomad_path).release
    stored = Value.objects.filter(
        release=release, indicator__code="remittances_bilateral"
    )
    assert stored.count() == knomad["remittances_usd_millions"].notna().sum()
    assert sum(stored.values_list("value", flat=True)) == pytest.approx(
        knomad["remittances_usd_millions"].sum(), rel=1e-12
    )
    # India receives from the United States (area receives, counterpart sends).
    assert stored.filter(area=356, counterpart=840, period="2017").exists()
