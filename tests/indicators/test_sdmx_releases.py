"""A release out to SDMX and back in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sdmx
from django.core.management import call_command

from migdev.indicators import importers, sdmx_io
from migdev.indicators.generated import write_inputs
from migdev.indicators.models import Release

pytestmark = pytest.mark.django_db


def test_release_exported_read_by_sdmx1_and_imported_again(tmp_path: Path) -> None:
    release = importers.estimate(write_inputs(tmp_path / "in")).release
    out = io.StringIO()
    call_command(
        "data",
        "export-sdmx",
        release.identifier,
        "-o",
        str(tmp_path / "sdmx"),
        stdout=out,
    )
    paths = {Path(p).name: Path(p) for p in out.getvalue().split()}
    with paths["structure.xml"].open("rb") as handle:
        structures = sdmx.read_sdmx(handle)
    areas = next(
        c for k, c in structures.codelist.items() if k.startswith("CL_REF_AREA")
    )
    assert areas["250"].name.localizations["fr"] == "France"
    assert areas["250"].name.localizations["zh-hans"]
    dsd = next(iter(structures.structure.values()))
    with paths["data.xml"].open("rb") as handle:
        data = sdmx.read_sdmx(handle, structure=dsd)
    assert len(sdmx.to_pandas(data.data[0])) == release.value_count
    original = sdmx_io.release_frame(release)
    out = io.StringIO()
    call_command(
        "data",
        "import-sdmx",
        str(paths["data.csv"]),
        "--dataset",
        "copy",
        "-q",
        stdout=out,
    )
    assert "copy.v1" in out.getvalue()
    copy = Release.objects.get(identifier="copy.v1")
    assert copy.value_count == release.value_count
    again = sdmx_io.release_frame(copy)
    keys = ["indicator", "area", "period", "sex", "age", "origin", "counterpart"]
    merged = original.merge(again, on=keys, suffixes=("", "_copy"))
    assert len(merged) == len(original)
    assert (merged["value"] - merged["value_copy"]).abs().max() < 1e-6
    assert (
        merged["lower_95"].fillna(-1) - merged["lower_95_copy"].fillna(-1)
    ).abs().max() < 1e-6
    assert (merged["flag"] == merged["flag_copy"]).all()
    assert Release.objects.count() == 2
