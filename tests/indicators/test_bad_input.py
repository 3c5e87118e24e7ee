"""Bad input: a clear message naming file, sheet, row and column; nothing
half-imported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from migdev.indicators import importers, services, tables
from migdev.indicators.models import Release, Value
from migdev.stats.stock.errors import LayoutError, StockInputError
from tests.indicators.support import official_workbooks

pytestmark = pytest.mark.django_db

OD_HEADER = "year,dest_iso3,dest_m49,orig_iso3,orig_m49,sex,migrants,type_b,type_c,type_r,type_i\n"


def nothing_imported() -> bool:
    return not Release.objects.exists() and not Value.objects.exists()


def test_unknown_workbook_layout(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Table 1"
    sheet.append(["Country", "Value"])
    sheet.append(["France", 3])
    path = tmp_path / "other.xlsx"
    book.save(path)
    with pytest.raises(LayoutError) as caught:
        importers.import_un([path])
    assert "other.xlsx" in str(caught.value) and "'Table 1'" in str(caught.value)
    assert nothing_imported()


def test_duplicate_key_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "od.csv"
    path.write_text(
        OD_HEADER
        + "2020,FRA,250,MAR,504,female,10,1,0,0,0\n"
        + "2020,FRA,250,MAR,504,male,12,1,0,0,0\n"
        + "2020,FRA,250,MAR,504,male,13,1,0,0,0\n"
    )
    with pytest.raises(LayoutError) as caught:
        importers.import_un([path], dataset="od")
    message = str(caught.value)
    assert "od.csv" in message and "row 4" in message and "duplicate" in message
    assert nothing_imported()


def test_half_an_official_table(tmp_path: Path) -> None:
    path = tmp_path / "od.csv"
    path.write_text(
        OD_HEADER
        + "2020,FRA,250,MAR,504,female,10,1,0,0,0\n"
        + "2020,FRA,250,MAR,504,male,12,1,0,0,0\n"
        + "2020,ESP,724,MAR,504,female,10,1,0,0,0\n"
    )
    with pytest.raises(LayoutError) as caught:
        importers.import_un([path], dataset="od")
    message = str(caught.value)
    assert "row 4" in message and "column 'sex'" in message and "part of" in message
    assert nothing_imported()


def test_origin_workbook_without_the_females_table(tmp_path: Path) -> None:
    _, origin = official_workbooks(tmp_path)
    from openpyxl import load_workbook

    book = load_workbook(origin)
    del book["Table 3"]
    half = tmp_path / "half.xlsx"
    book.save(half)
    with pytest.raises(LayoutError, match=r"half.xlsx.*female.*part of it"):
        importers.import_un([half], dataset="od")
    assert nothing_imported()


def test_unknown_country_code(tmp_path: Path) -> None:
    path = tmp_path / "od.csv"
    path.write_text(
        OD_HEADER
        + "2020,XXX,999,MAR,504,female,10,1,0,0,0\n"
        + "2020,XXX,999,MAR,504,male,12,1,0,0,0\n"
    )
    # 999 is an aggregate code (≥ 900); 899 is no country.
    path.write_text(path.read_text().replace("999", "899"))
    with pytest.raises(
        StockInputError, match=r"899.*not a country.*column 'area'|column 'area'.*899"
    ):
        importers.import_un([path], dataset="od")
    assert nothing_imported()


def test_failure_midway_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    destination, _ = official_workbooks(tmp_path)

    def broken(rows, total, progress):
        services._insert.__wrapped__(rows, total, progress)  # type: ignore[attr-defined]
        raise RuntimeError("disk full")

    original = services._insert
    broken.__wrapped__ = original  # type: ignore[attr-defined]
    services._insert.__wrapped__ = original  # type: ignore[attr-defined]
    monkeypatch.setattr(services, "_insert", broken)
    with pytest.raises(RuntimeError):
        importers.import_un([destination], dataset="od")
    assert nothing_imported()


def test_values_with_duplicate_keys_are_refused() -> None:
    values = tables.finish(
        pd.DataFrame(
            {
                "indicator": ["migrant_stock", "migrant_stock"],
                "area": [250, 250],
                "period": ["2020", "2020"],
                "sex": ["both", "both"],
                "value": [1.0, 2.0],
            }
        )
    )
    meta = services.ReleaseMeta(
        dataset="x",
        dataset_kind="other",
        dataset_name={"en": "x"},
        title="x",
        source="x",
        method="x",
        licence="x",
        publisher="x",
    )
    with pytest.raises(services.ImportRefused, match=r"duplicate key.*area=250"):
        services.release_import(
            actor=None,
            meta=meta,
            values=values,
            inputs=[services.InputFile("x.csv", 1, "0" * 64)],
        )
    assert nothing_imported()


def test_a_dataset_code_that_cannot_be_cited_is_refused(tmp_path: Path) -> None:
    destination, _ = official_workbooks(tmp_path)
    with pytest.raises(services.ImportRefused) as caught:
        importers.import_un([destination], dataset="IMS 2020/final")
    message = str(caught.value)
    assert "column 'dataset'" in message and "'IMS 2020/final'" in message
    assert nothing_imported()


def test_a_csv_that_is_neither_rpw_nor_quotes(tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text("corridor,cost\nUSAMEX,5.1\n")
    with pytest.raises(services.ImportRefused) as caught:
        importers.import_quotes(path)
    message = str(caught.value)
    assert "prices.csv" in message and "row 1" in message
    assert "no column 'source_code'" in message and "no column 'sending'" in message
    assert nothing_imported()


def test_a_refused_import_prints_no_progress_bar(tmp_path: Path, capsys) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "prices.csv"
    path.write_text("corridor,cost\nUSAMEX,5.1\n")
    with pytest.raises(CommandError, match=r"prices\.csv"):
        call_command("data", "import-rpw", str(path))
    assert "values:" not in capsys.readouterr().err


def test_value_filters_that_name_nothing_are_refused(tmp_path: Path) -> None:
    from django.test import Client

    from migdev.indicators.generated import write_quotes

    release = importers.import_quotes(write_quotes(tmp_path / "q.csv")).release
    Release.objects.filter(pk=release.pk).update(status="published")
    url = f"/api/v1/releases/{release.identifier}/values"
    client = Client()
    for params, field in (
        ({"indicator": "remittance_cost_2000"}, "indicator"),
        ({"sex": "X"}, "sex"),
        ({"period": "2024Q9"}, "period"),
    ):
        answer = client.get(url, params)
        assert answer.status_code == 400, params
        assert field in answer.content.decode()
    named = client.get(url, {"indicator": "remittance_cost_2000"}).json()["error"]
    assert "remittance_cost_2000" in str(named) and "/api/v1/indicators" in str(named)
    french = client.get(url, {"indicator": "x"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Aucun indicateur" in french.content.decode()
    ok = client.get(url, {"indicator": "remittance_cost_200", "period": "2024Q1"})
    assert ok.status_code == 200 and ok.json()["count"] > 0
