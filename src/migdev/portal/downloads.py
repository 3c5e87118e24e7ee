"""Downloads of the data API: any query, or a release whole, as CSV, Excel
(XLSX), SDMX-CSV or SDMX-ML (a ZIP of the structure and the
structure-specific data, which needs its structure to be read).

CSV and XLSX carry one row per value with the codes and names of the area,
the origin and the counterpart in the language asked, the release it comes
from, and (XLSX) a second sheet citing every release: source, licence,
publisher, the address of its metadata."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from migdev.core.i18n import LocalizedText
from migdev.indicators.models import Indicator, Release, Value
from migdev.indicators.sdmx_io import SEX_NAMES, area_code_names
from migdev.indicators.tables import VALUE_COLUMNS
from migdev.portal.selectors import area_keys, area_names, release_cite
from migdev.stats.sdmx import write_sdmx

# The value table's columns, and the release each value belongs to.
FIELDS = (*VALUE_COLUMNS, "release_id")


def _frame(rows: QuerySet[Value]) -> pd.DataFrame:
    codes = dict(Indicator.objects.values_list("pk", "code"))
    frame = pd.DataFrame.from_records(
        list(
            rows.values_list(
                *[f if f != "indicator" else "indicator_id" for f in FIELDS]
            )
        ),
        columns=list(FIELDS),
    )
    frame["indicator"] = frame["indicator"].map(codes)
    return frame


def _columns() -> list[str]:
    return [
        _("indicator"),
        _("indicator name"),
        _("unit"),
        _("area (M49)"),
        _("area (ISO3)"),
        _("area name"),
        _("period"),
        _("sex"),
        _("age"),
        _("origin (M49)"),
        _("origin name"),
        _("counterpart (M49)"),
        _("counterpart name"),
        _("value"),
        _("lower bound 80%"),
        _("upper bound 80%"),
        _("lower bound 95%"),
        _("upper bound 95%"),
        _("flag"),
        _("release"),
    ]


def _none(value: Any) -> Any:
    return (
        None
        if value is None or (isinstance(value, float) and value != value)
        else value
    )


def table_rows(
    frame: pd.DataFrame, releases: Sequence[Release], language: str
) -> list[list[Any]]:
    """The rows of a CSV or XLSX download, names in ``language``."""
    indicators = {
        i.code: (LocalizedText(i.name).get_text(language), i.unit)
        for i in Indicator.objects.all()
    }
    codes: set[int] = set()
    for column in ("area", "origin", "counterpart"):
        codes |= {int(c) for c in frame[column].dropna().unique()}
    names, keys = area_names(codes, language), area_keys(codes)
    identifiers = {r.pk: r.identifier for r in releases}

    def code(value: Any) -> int | None:
        value = _none(value)
        return int(value) if value is not None else None

    out = []
    for row in frame.itertuples(index=False):
        area, origin, other = code(row.area), code(row.origin), code(row.counterpart)
        name, unit = indicators.get(row.indicator, ("", ""))
        out.append(
            [
                row.indicator,
                name,
                unit,
                area,
                keys.get(area) if area is not None else None,
                names.get(area) if area is not None else None,
                row.period,
                row.sex,
                row.age,
                origin,
                names.get(origin) if origin is not None else None,
                other,
                names.get(other) if other is not None else None,
                _none(row.value),
                _none(row.lower_80),
                _none(row.upper_80),
                _none(row.lower_95),
                _none(row.upper_95),
                row.flag,
                identifiers.get(row.release_id, ""),
            ]
        )
    return out


def as_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_columns())
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    # A byte-order mark, so that spreadsheet programs read UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def as_xlsx(
    rows: list[list[Any]], releases: Sequence[Release], language: str, query: str
) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    data = book.create_sheet(_("data"))
    if language == "ar":
        data.sheet_view.rightToLeft = True
    data.append(_columns())
    for row in rows:
        data.append(row)
    about = book.create_sheet(_("sources"))
    if language == "ar":
        about.sheet_view.rightToLeft = True
    about.append([_("query"), query])
    about.append([])
    about.append(
        [
            _("release"),
            _("title"),
            _("source"),
            _("publisher"),
            _("licence"),
            _("illustrative"),
            _("published"),
            _("metadata"),
        ]
    )
    for r in releases:
        cite = release_cite(r, language)
        about.append(
            [
                cite["identifier"],
                cite["title"],
                cite["source"],
                cite["publisher"],
                cite["licence"],
                _("yes") if cite["illustrative"] else _("no"),
                cite["published_at"] or "",
                cite["url"],
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sdmx_files(frame: pd.DataFrame, dataset_id: str) -> dict[str, bytes]:
    indicators = {i.code.upper(): dict(i.name) for i in Indicator.objects.all()}
    areas = area_code_names()
    values = frame.drop(columns=["release_id"])
    with tempfile.TemporaryDirectory(prefix="migdev-sdmx-") as tmp:
        paths = write_sdmx(
            values,
            Path(tmp),
            dataset_id=dataset_id,
            names={
                "REF_AREA": areas,
                "ORIGIN": areas,
                "COUNTERPART_AREA": areas,
                "SEX": SEX_NAMES,
                "INDICATOR": indicators,
            },
        )
        return {name: path.read_bytes() for name, path in paths.items()}


def as_sdmx_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("structure.xml", files["structure"])
        archive.writestr("data.xml", files["data_xml"])
    return buffer.getvalue()


def render(
    rows: QuerySet[Value],
    fmt: str,
    *,
    releases: Sequence[Release],
    language: str,
    query: str,
    dataset_id: str = "MIGDEV_QUERY",
) -> bytes:
    """The download of ``rows`` in ``fmt`` (csv, xlsx, sdmx-csv, sdmx-ml)."""
    frame = _frame(rows)
    if fmt in ("sdmx-csv", "sdmx-ml"):
        files = _sdmx_files(frame, dataset_id)
        return files["data_csv"] if fmt == "sdmx-csv" else as_sdmx_zip(files)
    with translation.override(language):
        table = table_rows(frame, releases, language)
        if fmt == "csv":
            return as_csv(table)
        return as_xlsx(table, releases, language, query)


def release_file(release: Release, fmt: str, language: str = "en") -> bytes:
    """A release whole, in ``fmt`` (the common downloads, rendered once)."""
    rows = Value.objects.filter(release=release).order_by(
        "indicator_id", "period", "area", "id"
    )
    return render(
        rows,
        fmt,
        releases=[release],
        language=language,
        query=f"release={release.identifier}",
        dataset_id=release.identifier.upper().replace(".", "_").replace("-", "_"),
    )
