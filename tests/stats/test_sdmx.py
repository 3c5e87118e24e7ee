"""SDMX round trips: migdev writes, sdmx1 reads back the same values; sdmx1
writes SDMX-CSV, migdev reads the same values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sdmx
from sdmx.model import common, v21

from migdev.stats.sdmx import build_structure, read_sdmx_csv, read_sdmx_xml, write_sdmx
from migdev.stats.stock.errors import StockInputError

VALUES = pd.DataFrame(
    {
        "indicator": [
            "migrant_stock",
            "migrant_stock",
            "migrant_stock",
            "remittance_cost_200",
        ],
        "area": [250, 4, 900, 484],
        "period": ["2020", "2020", "2020", "2024Q1"],
        "sex": ["_T", "F", "_T", "_T"],
        "age": ["_T", "65+", "_T", "_T"],
        "origin": pd.array([pd.NA, 504, pd.NA, pd.NA], dtype="Int64"),
        "counterpart": pd.array([pd.NA, pd.NA, pd.NA, 840], dtype="Int64"),
        "value": [8_524_876.0, 1234.5, 280_598_105.0, 4.625],
        "flag": ["B", "", "", "n=4"],
        "lower_80": [np.nan, 1000.0, np.nan, np.nan],
        "upper_80": [np.nan, 1500.0, np.nan, np.nan],
        "lower_95": [np.nan, 900.0, np.nan, np.nan],
        "upper_95": [np.nan, 1700.0, np.nan, np.nan],
    }
)
NAMES = {"REF_AREA": {"250": {"en": "France", "fr": "France", "ar": "فرنسا"}}}


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    keys = ["indicator", "area", "period", "sex", "age", "origin", "counterpart"]
    a = a.sort_values(keys, key=lambda s: s.astype(str)).reset_index(drop=True)
    b = b.sort_values(keys, key=lambda s: s.astype(str)).reset_index(drop=True)
    for column in keys:
        assert a[column].astype(str).tolist() == b[column].astype(str).tolist(), column
    for column in ("value", "lower_80", "upper_95"):
        np.testing.assert_allclose(a[column].astype(float), b[column].astype(float))
    assert a["flag"].fillna("").tolist() == b["flag"].fillna("").tolist()


def test_written_by_migdev_read_back_by_sdmx1(tmp_path: Path) -> None:
    paths = write_sdmx(
        VALUES, tmp_path, dataset_id="ims-2020.v1", version="1.0", names=NAMES
    )
    with paths["structure"].open("rb") as handle:
        structures = sdmx.read_sdmx(handle)
    dsd = structures.structure["DSD_IMS_2020_V1"]
    assert [d.id for d in dsd.dimensions] == [
        "INDICATOR",
        "REF_AREA",
        "SEX",
        "AGE",
        "ORIGIN",
        "COUNTERPART_AREA",
        "TIME_PERIOD",
    ]
    areas = structures.codelist["CL_REF_AREA_IMS_2020_V1"]
    assert areas["250"].name.localizations["ar"] == "فرنسا"
    assert {c.id for c in areas} == {"004", "250", "484", "900"}
    assert {c.id for c in structures.codelist["CL_SEX_IMS_2020_V1"]} == {"_T", "F"}
    # SDMX-ML data, read by sdmx1:
    with paths["data_xml"].open("rb") as handle:
        data = sdmx.read_sdmx(handle, structure=dsd)
    series = sdmx.to_pandas(data.data[0])
    assert len(series) == 4
    assert series.xs("250", level="REF_AREA").iloc[0] == 8_524_876.0
    same(read_sdmx_xml(paths["structure"], paths["data_xml"]), VALUES)
    # SDMX-CSV, read by sdmx1 with the dataflow:
    flow = structures.dataflow["DF_IMS_2020_V1"]
    with paths["data_csv"].open("rb") as handle:
        csv_data = sdmx.read_sdmx(handle, structure=flow, format="csv")
    assert sorted(sdmx.to_pandas(csv_data.data[0]).tolist()) == sorted(VALUES["value"])
    same(read_sdmx_csv(paths["data_csv"]), VALUES)


def test_written_by_sdmx1_read_by_migdev(tmp_path: Path) -> None:
    structure = build_structure(VALUES, dataset_id="wdi")
    dsd = structure.dsd
    flag = next(a for a in dsd.attributes if a.id == "OBS_FLAG")
    obs = []
    for area, value in (("356", 125.0), ("484", 63.3)):
        obs.append(
            v21.Observation(
                dimension=dsd.make_key(
                    common.Key,
                    {
                        "INDICATOR": "MIGRANT_STOCK",
                        "REF_AREA": area,
                        "SEX": "_T",
                        "AGE": "_T",
                        "ORIGIN": "_T",
                        "COUNTERPART_AREA": "_Z",
                        "TIME_PERIOD": "2023",
                    },
                ),
                value=value,
                value_for=dsd.measures[0],
                attached_attribute={
                    "OBS_FLAG": common.AttributeValue(value="E", value_for=flag)
                },
            )
        )
    ds = v21.StructureSpecificDataSet(
        described_by=structure.dataflow, structured_by=dsd, obs=obs
    )
    for name, options in (
        ("v1.csv", sdmx.format.csv.v1.FormatOptions()),
        ("v2.csv", None),
    ):
        path = tmp_path / name
        if options is None:
            sdmx.to_csv(ds, path=path, attributes="o")
        else:
            sdmx.to_csv(ds, path=path, attributes="o", format_options=options)
        read = read_sdmx_csv(path).sort_values("area")
        assert read["area"].tolist() == [356, 484]
        assert read["value"].tolist() == [125.0, 63.3]
        assert read["flag"].tolist() == ["E", "E"]
        assert read["origin"].isna().all() and read["counterpart"].isna().all()


def test_bad_sdmx_csv(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B\n1,2\n")
    with pytest.raises(StockInputError, match=r"bad.csv.*row 1.*not SDMX-CSV"):
        read_sdmx_csv(path)
    paths = write_sdmx(VALUES, tmp_path / "ok", dataset_id="x")
    text = paths["data_csv"].read_text().splitlines()
    text.append(text[1])
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(StockInputError, match=r"row 6.*duplicate key"):
        read_sdmx_csv(path)
    path.write_text(paths["data_csv"].read_text().replace("8524876.0", "lots"))
    with pytest.raises(StockInputError, match=r"row \d, column 'OBS_VALUE'"):
        read_sdmx_csv(path)
