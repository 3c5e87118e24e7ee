"""SDMX for migdev's value tables: a data structure definition (DSD) with
code lists, SDMX-ML 2.1 (structure and structure-specific data) and
SDMX-CSV, written and read with the ``sdmx1`` library; SDMX-CSV read back
into a value table.

A value table has the columns ``indicator``, ``area``, ``period``, ``sex``,
``age``, ``origin``, ``counterpart``, ``value`` and optionally ``flag``,
``lower_80``, ``upper_80``, ``lower_95``, ``upper_95``. They become the
dimensions INDICATOR, REF_AREA, SEX, AGE, ORIGIN, COUNTERPART_AREA and
TIME_PERIOD, the measure OBS_VALUE and the observation attributes OBS_FLAG,
LOWER_80 … UPPER_95. Areas are M49 codes written with three digits (``004``);
an empty origin is ``_T`` (all origins), an empty counterpart ``_Z`` (not
applicable), as SDMX's cross-domain code lists do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

import pandas as pd
import sdmx
from sdmx.message import DataMessage, StructureMessage
from sdmx.model import common, v21

from migdev.stats.stock.errors import StockInputError

__all__ = [
    "ATTRIBUTES",
    "DIMENSIONS",
    "SdmxStructure",
    "build_structure",
    "read_sdmx_csv",
    "read_sdmx_xml",
    "write_sdmx",
]

AGENCY: Final = "MIGDEV"
DIMENSIONS: Final = (
    ("INDICATOR", "indicator"),
    ("REF_AREA", "area"),
    ("SEX", "sex"),
    ("AGE", "age"),
    ("ORIGIN", "origin"),
    ("COUNTERPART_AREA", "counterpart"),
)
"""SDMX dimension → value-table column (TIME_PERIOD ← ``period`` follows)."""
ATTRIBUTES: Final = (
    ("OBS_FLAG", "flag"),
    ("LOWER_80", "lower_80"),
    ("UPPER_80", "upper_80"),
    ("LOWER_95", "lower_95"),
    ("UPPER_95", "upper_95"),
)
_CONCEPTS: Final = {
    "INDICATOR": "Indicator",
    "REF_AREA": "Reference area (M49)",
    "SEX": "Sex",
    "AGE": "Age",
    "ORIGIN": "Area of origin (M49)",
    "COUNTERPART_AREA": "Counterpart area (M49): the sending end of a corridor",
    "TIME_PERIOD": "Time period",
    "OBS_VALUE": "Observation value",
    "OBS_FLAG": "Observation flag (type of data or estimation status)",
    "LOWER_80": "Lower bound of the 80% interval",
    "UPPER_80": "Upper bound of the 80% interval",
    "LOWER_95": "Lower bound of the 95% interval",
    "UPPER_95": "Upper bound of the 95% interval",
}
_SEX: Final = {"_T": "Total", "M": "Male", "F": "Female"}
Names = Mapping[str, Mapping[str, Mapping[str, str]]]
"""Names of codes by dimension: ``{"REF_AREA": {"250": {"en": "France", …}}}``."""


def _area(code: Any, empty: str) -> str:
    if code is None or (isinstance(code, float) and math.isnan(code)) or code is pd.NA:
        return empty
    return f"{int(code):03d}"


def _codes(values: pd.DataFrame) -> pd.DataFrame:
    """The value table with its keys as SDMX codes."""
    out = pd.DataFrame(
        {
            "INDICATOR": values["indicator"].astype(str).str.upper().to_numpy(),
            "REF_AREA": [_area(c, "_Z") for c in values["area"]],
            "SEX": values["sex"].astype(str).to_numpy(),
            "AGE": values["age"].astype(str).str.replace("+", "_PLUS").to_numpy(),
            "ORIGIN": [_area(c, "_T") for c in values["origin"]],
            "COUNTERPART_AREA": [_area(c, "_Z") for c in values["counterpart"]],
            "TIME_PERIOD": values["period"]
            .astype(str)
            .str.replace(r"^(\d{4})Q(\d)$", r"\1-Q\2", regex=True)
            .to_numpy(),
            "OBS_VALUE": values["value"].astype("float64").to_numpy(),
        }
    )
    for attr, column in ATTRIBUTES:
        if column in values.columns:
            out[attr] = values[column].to_numpy()
    return out


@dataclass(frozen=True)
class SdmxStructure:
    """The structures of one dataset: code lists, concepts, DSD, dataflow."""

    message: StructureMessage
    dsd: v21.DataStructureDefinition
    dataflow: v21.DataflowDefinition


def build_structure(
    values: pd.DataFrame,
    /,
    *,
    dataset_id: str,
    version: str = "1.0",
    names: Names | None = None,
    title: Mapping[str, str] | None = None,
) -> SdmxStructure:
    """Build the DSD, its code lists and the dataflow of a value table.

    Parameters
    ----------
    values :
        The value table (see the module's description).
    dataset_id :
        Identifier of the dataflow (upper-cased, ``-`` and ``.`` become ``_``).
    version :
        Version of the structures (the release's version).
    names :
        Names of the codes in several languages, by dimension; a code
        without a name is named by itself.
    title :
        Name of the dataflow by language.

    Returns
    -------
    SdmxStructure
    """
    names = names or {}
    agency = common.Agency(id=AGENCY, name={"en": "migdev"})
    ident = dataset_id.upper().replace("-", "_").replace(".", "_")
    coded = _codes(values)
    message = StructureMessage()
    scheme = common.ConceptScheme(
        id=f"CS_{ident}", maintainer=agency, version=version, is_final=True
    )
    for concept_id, text in _CONCEPTS.items():
        scheme.append(common.Concept(id=concept_id, name={"en": text}))

    def concept(name: str) -> common.Concept:
        return cast(common.Concept, scheme.get(name))

    dsd = v21.DataStructureDefinition(
        id=f"DSD_{ident}", maintainer=agency, version=version, is_final=True
    )
    for order, (dim, _column) in enumerate(DIMENSIONS):
        codelist = common.Codelist(
            id=f"CL_{dim}_{ident}", maintainer=agency, version=version, is_final=True
        )
        given = names.get(dim, {})
        for code in sorted(set(coded[dim])):
            label = dict(given.get(code, {}))
            if not label:
                label = {"en": _SEX.get(code, code) if dim == "SEX" else code}
            codelist.append(common.Code(id=code, name=label))
        message.add(codelist)
        dsd.dimensions.append(
            v21.Dimension(
                id=dim,
                concept_identity=concept(dim),
                local_representation=common.Representation(enumerated=codelist),
                order=order,
            )
        )
    dsd.dimensions.append(
        v21.TimeDimension(
            id="TIME_PERIOD",
            concept_identity=concept("TIME_PERIOD"),
            order=len(DIMENSIONS),
        )
    )
    dsd.measures.append(
        v21.PrimaryMeasure(id="OBS_VALUE", concept_identity=concept("OBS_VALUE"))
    )
    for attr, _column in ATTRIBUTES:
        dsd.attributes.append(
            v21.DataAttribute(
                id=attr,
                concept_identity=concept(attr),
                related_to=v21.PrimaryMeasureRelationship(),
            )
        )
    flow = v21.DataflowDefinition(
        id=f"DF_{ident}",
        maintainer=agency,
        version=version,
        is_final=True,
        structure=dsd,
        name=dict(title or {"en": dataset_id}),
    )
    message.add(scheme)
    message.add(dsd)
    message.add(flow)
    return SdmxStructure(message=message, dsd=dsd, dataflow=flow)


def _dataset(
    values: pd.DataFrame, structure: SdmxStructure
) -> v21.StructureSpecificDataSet:
    dsd = structure.dsd
    measure = dsd.measures[0]
    attrs = {a.id: a for a in dsd.attributes}
    coded = _codes(values)
    keys = [d for d, _c in DIMENSIONS] + ["TIME_PERIOD"]
    observations: list[Any] = []
    for row in coded.to_dict("records"):
        attached = {}
        for attr, _column in ATTRIBUTES:
            value = row.get(attr)
            if (
                value is None
                or value == ""
                or (isinstance(value, float) and math.isnan(value))
            ):
                continue
            attached[attr] = common.AttributeValue(
                value=str(value), value_for=attrs[attr]
            )
        observations.append(
            v21.Observation(
                dimension=dsd.make_key(common.Key, {k: row[k] for k in keys}),
                value=row["OBS_VALUE"],
                value_for=measure,
                attached_attribute=attached,
            )
        )
    return v21.StructureSpecificDataSet(
        described_by=structure.dataflow, structured_by=dsd, obs=observations
    )


def write_sdmx(
    values: pd.DataFrame,
    directory: str | Path,
    /,
    *,
    dataset_id: str,
    version: str = "1.0",
    names: Names | None = None,
    title: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write a value table as SDMX: ``structure.xml`` (SDMX-ML 2.1 code
    lists, concepts, DSD and dataflow), ``data.xml`` (SDMX-ML 2.1
    structure-specific data) and ``data.csv`` (SDMX-CSV 2.0, which sdmx1 reads back).

    Returns
    -------
    dict of pathlib.Path
        ``structure``, ``data_xml`` and ``data_csv``.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    structure = build_structure(
        values, dataset_id=dataset_id, version=version, names=names, title=title
    )
    dataset = _dataset(values, structure)
    paths = {
        "structure": out / "structure.xml",
        "data_xml": out / "data.xml",
        "data_csv": out / "data.csv",
    }
    paths["structure"].write_bytes(sdmx.to_xml(structure.message, pretty_print=True))
    message = DataMessage(dataflow=structure.dataflow, data=[dataset])
    paths["data_xml"].write_bytes(sdmx.to_xml(message, pretty_print=True))
    sdmx.to_csv(dataset, path=paths["data_csv"], attributes="o")
    return paths


def read_sdmx_xml(structure: str | Path, data: str | Path) -> pd.DataFrame:
    """Read SDMX-ML 2.1 structure-specific data (with its structure) with
    sdmx1, into a value table."""
    with Path(structure).open("rb") as handle:
        structures: Any = sdmx.read_sdmx(handle)
    dsd = next(iter(structures.structure.values()))
    with Path(data).open("rb") as handle:
        message: Any = sdmx.read_sdmx(handle, structure=dsd)
    frame = sdmx.to_pandas(message.data[0], attributes="o").reset_index()
    return _from_codes(frame.rename(columns={"value": "OBS_VALUE"}), file=str(data))


def read_sdmx_csv(path: str | Path, /) -> pd.DataFrame:
    """Read SDMX-CSV (1.0: ``DATAFLOW`` first; 2.0: ``STRUCTURE``,
    ``STRUCTURE_ID``, ``ACTION``) with migdev's dimensions into a value table.

    Raises
    ------
    StockInputError
        Not SDMX-CSV, a dimension missing, a value that is not a number, a
        duplicate key; naming the file, row and column.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise StockInputError(f"cannot read as CSV ({exc})", file=str(path)) from None
    if not (
        {"DATAFLOW"} <= set(frame.columns) or {"STRUCTURE_ID"} <= set(frame.columns)
    ):
        raise StockInputError(
            "not SDMX-CSV: the first column must be DATAFLOW (1.0) or STRUCTURE (2.0)",
            file=str(path),
            row=1,
            column=str(frame.columns[0]) if len(frame.columns) else None,
        )
    return _from_codes(frame, file=str(path))


def _from_codes(frame: pd.DataFrame, *, file: str) -> pd.DataFrame:
    needed = [d for d, _c in DIMENSIONS] + ["TIME_PERIOD", "OBS_VALUE"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise StockInputError(
            f"no column {missing[0]!r}: the data do not follow migdev's structure "
            f"({', '.join(needed)})",
            file=file,
            row=1,
            column=missing[0],
        )
    value = pd.to_numeric(frame["OBS_VALUE"], errors="coerce")
    text = frame["OBS_VALUE"].astype(str).str.strip()
    bad = value.isna() & ~text.isin(("", "NaN", "nan"))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise StockInputError(
            f"OBS_VALUE {frame['OBS_VALUE'].iloc[i]!r} is not a number",
            file=file,
            row=i + 2,
            column="OBS_VALUE",
        )

    def area(series: pd.Series, column: str) -> list[Any]:
        out: list[Any] = []
        for i, code in enumerate(series.astype(str)):
            if code in ("_T", "_Z", ""):
                out.append(pd.NA)
            elif code.isdigit():
                out.append(int(code))
            else:
                raise StockInputError(
                    f"{code!r} is not an M49 code", file=file, row=i + 2, column=column
                )
        return out

    out = pd.DataFrame(
        {
            "indicator": frame["INDICATOR"].astype(str).str.lower().to_numpy(),
            "area": area(frame["REF_AREA"], "REF_AREA"),
            "period": frame["TIME_PERIOD"]
            .astype(str)
            .str.replace(r"^(\d{4})-Q(\d)$", r"\1Q\2", regex=True)
            .to_numpy(),
            "sex": frame["SEX"].astype(str).to_numpy(),
            "age": frame["AGE"].astype(str).str.replace("_PLUS", "+").to_numpy(),
            "origin": pd.array(area(frame["ORIGIN"], "ORIGIN"), dtype="Int64"),
            "counterpart": pd.array(
                area(frame["COUNTERPART_AREA"], "COUNTERPART_AREA"), dtype="Int64"
            ),
            "value": value.astype("float64").to_numpy(),
        }
    )
    for attr, column in ATTRIBUTES:
        if attr in frame.columns:
            raw = frame[attr]
            out[column] = (
                raw.fillna("").astype(str).to_numpy()
                if column == "flag"
                else pd.to_numeric(raw, errors="coerce").to_numpy()
            )
    keys = ["indicator", "area", "period", "sex", "age", "origin", "counterpart"]
    dup = out.duplicated(keys).to_numpy()
    if dup.any():
        i = int(dup.nonzero()[0][0])
        raise StockInputError(
            "duplicate key: two observations for the same indicator, area, "
            "period, sex, age, origin and counterpart",
            file=file,
            row=i + 2,
            column="REF_AREA",
        )
    return out
