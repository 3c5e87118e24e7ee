"""The IMS 2020 tables imported as a release (the public copies in
../shared/data; skipped without them)."""

from __future__ import annotations

import pandas as pd
import pytest
from stock_support import shared_file

from migdev.indicators import importers
from migdev.indicators.models import Value

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data, pytest.mark.slow]


def test_ims_2020_world_total_and_every_country_total() -> None:
    workbook = shared_file(
        "migrant_stock", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
    )
    origin = shared_file(
        "migrant_stock", "ims2020_origin_destination_by_sex_1990_2020.csv"
    )
    tidy = pd.read_csv(
        shared_file("migrant_stock", "ims2020_by_destination_sex_1990_2020.csv")
    )
    result = importers.import_un([workbook, origin])
    release = result.release
    assert release.identifier == "ims-2020.v1"
    stock = Value.objects.filter(
        release=release,
        indicator__code="migrant_stock",
        sex="_T",
        age="_T",
        origin__isnull=True,
    )
    assert stock.get(area=900, period="2020").value == 280_598_105
    imported = {
        (v.area, int(v.period)): v.value
        for v in stock.filter(area__lt=900).only("area", "period", "value")
    }
    published = tidy[(tidy["is_country_or_area"] == 1) & tidy["migrants_both"].notna()]
    assert len(published) >= 1600  # 230 countries and areas × 7 years with data
    mismatches = [
        (code, year)
        for code, year, value in published[
            ["location_code", "year", "migrants_both"]
        ].itertuples(index=False)
        if imported.get((int(code), int(year))) != value
    ]
    assert mismatches == []
    assert len(imported) == len(published)
    # The origin table: origins and sexes add up to the same totals.
    od = Value.objects.filter(
        release=release, origin__isnull=False, period="2020"
    ).values_list("value", flat=True)
    assert sum(od) == 280_598_105
