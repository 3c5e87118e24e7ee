"""The ``migdev stock`` command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from stock_support import observations, population

from migdev.stats.cli import main
from migdev.stats.stock.synthetic import synthetic_world


def _inputs(directory: Path) -> Path:
    world = synthetic_world(
        n_destinations=10, n_origins=5, seed=1, ages=("0-14", "15+")
    )
    directory.mkdir()
    world.observations.to_csv(directory / "observations.csv", index=False)
    world.population.to_csv(directory / "population.csv", index=False)
    world.classification.to_csv(directory / "classification.csv", index=False)
    world.refugees.to_csv(directory / "refugees.csv", index=False)
    return directory


def test_estimate_writes_tidy_tables_and_workbook(tmp_path: Path) -> None:
    source = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["estimate", str(source), "-o", str(out), "--xlsx", "-q"]) == 0
    totals = pd.read_csv(out / "totals.csv")
    assert {"migrants", "status", "data_type", "observation_ids"} <= set(totals.columns)
    assert (out / "migrant_stock.xlsx").is_file()
    assert (out / "migrant_stock_by_age.xlsx").is_file()
    assert (out / "migrant_stock_by_origin.xlsx").is_file()
    assert (out / "aggregates.csv").is_file()


def test_bad_row_is_reported_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    obs = observations()
    obs.loc[2, "migrants"] = -5
    obs.to_csv(source / "observations.csv", index=False)
    population().to_csv(source / "population.csv", index=False)
    out = tmp_path / "out"
    assert main(["estimate", str(source), "-o", str(out), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "observations.csv" in err and "row 4" in err and "'migrants'" in err
    assert not out.exists()


def test_missing_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    assert main(["estimate", str(tmp_path / "in"), "-o", str(tmp_path / "o")]) == 2
    assert (
        "observations.csv (or observations.parquet) is missing"
        in capsys.readouterr().err
    )


def test_read_un_rejects_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "x.xlsx"
    bogus.write_text("not a workbook")
    assert main(["read-un", str(bogus), "-o", str(tmp_path / "t.csv")]) == 2
    assert "x.xlsx" in capsys.readouterr().err
    assert not (tmp_path / "t.csv").exists()


def test_module_entry_point(tmp_path: Path) -> None:
    source = _inputs(tmp_path / "in")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "migdev.stats.cli",
            "estimate",
            str(source),
            "-o",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "stock" in run.stderr  # the progress bar


def test_estimate_with_intervals(tmp_path: Path) -> None:
    """``--intervals`` writes 80 % and 95 % bounds in the tidy tables and Table 7."""
    from migdev.stats.stock.readers import read_un_workbook

    source = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    argv = ["estimate", str(source), "-o", str(out), "--xlsx", "--intervals", "-q"]
    assert main(argv) == 0
    totals = pd.read_csv(out / "totals.csv")
    for sex in ("", "_male", "_female"):
        lo80, hi80 = (
            totals[f"migrants{sex}_lower_80"],
            totals[f"migrants{sex}_upper_80"],
        )
        lo95, hi95 = (
            totals[f"migrants{sex}_lower_95"],
            totals[f"migrants{sex}_upper_95"],
        )
        value = totals[f"migrants{sex}"]
        assert (lo95 <= lo80 + 1e-6).all() and (lo80 <= value + 1e-6).all()
        assert (value <= hi80 + 1e-6).all() and (hi80 <= hi95 + 1e-6).all()
    estimated = totals["status"] != "observed"
    assert (
        totals.loc[estimated, "migrants_upper_95"] > totals.loc[estimated, "migrants"]
    ).all()
    assert set(totals["situation"]) >= {"interpolated", "extrapolated 1-5"}
    observed = totals[~estimated]
    assert (observed["migrants_lower_95"] == observed["migrants"]).all()
    world = pd.read_csv(out / "aggregates.csv").query("location_code == 900")
    assert (world["migrants_lower_95"] < world["migrants"]).all()
    assert (world["migrants"] < world["migrants_upper_95"]).all()
    table = read_un_workbook(out / "migrant_stock.xlsx", sheets=["Table 7"])
    bounds = table.pivot_table(
        index=["location_code", "year"], columns="measure", values="value"
    )
    mine = totals.set_index(["location_code", "year"])
    for column in ("migrants_lower_80", "migrants_upper_95"):
        joined = bounds[column].dropna()
        joined = joined[joined.index.get_level_values(0) < 900]
        pd.testing.assert_series_equal(
            joined,
            mine.loc[joined.index.intersection(mine.index), column].reindex(
                joined.index
            ),
            check_names=False,
            rtol=1e-9,
        )
    without = tmp_path / "plain"
    assert main(["estimate", str(source), "-o", str(without), "-q"]) == 0
    assert "migrants_lower_80" not in pd.read_csv(without / "totals.csv").columns


def test_estimate_with_an_ensemble_file(tmp_path: Path) -> None:
    """``--ensemble FILE.json`` runs the geometric mean of the members' paths:
    the totals equal those of the Python API with the same ensemble, and
    differ from the single default path where the rules disagree."""
    import json

    from migdev.stats.stock.engine import estimate_stock

    source = _inputs(tmp_path / "in")
    members = [
        {"method": "count", "linear_weight": 0.5},
        {"method": "share", "damping": 1.0, "path": "pchip"},
    ]
    spec = tmp_path / "ensemble.json"
    spec.write_text(json.dumps(members), encoding="utf-8")
    out = tmp_path / "out"
    assert (
        main(["estimate", str(source), "-o", str(out), "--ensemble", str(spec), "-q"])
        == 0
    )
    totals = pd.read_csv(out / "totals.csv")
    api = estimate_stock(
        pd.read_csv(source / "observations.csv"),
        pd.read_csv(source / "population.csv"),
        classification=pd.read_csv(source / "classification.csv"),
        refugees=pd.read_csv(source / "refugees.csv"),
        ensemble=members,
    ).totals()
    merged = totals.merge(api, on=["location_code", "year"], suffixes=("", "_api"))
    assert len(merged) == len(api) > 0
    assert np.allclose(merged["migrants"], merged["migrants_api"], rtol=1e-9)
    moving = merged["status"].isin(["interpolated", "extrapolated"])
    assert moving.any()
    says = merged["estimation"].str.contains("geometric mean of 2 interpolation rules")
    assert says[moving].any() and not says[~moving].any()
    single = tmp_path / "single"
    assert main(["estimate", str(source), "-o", str(single), "-q"]) == 0
    plain = pd.read_csv(single / "totals.csv")
    assert not np.allclose(
        plain.loc[moving.to_numpy(), "migrants"],
        totals.loc[moving.to_numpy(), "migrants"],
    )
    # Inline JSON gives the same numbers as the file.
    inline = tmp_path / "inline"
    argv = [
        "estimate",
        str(source),
        "-o",
        str(inline),
        "-q",
        "--ensemble",
        json.dumps(members),
    ]
    assert main(argv) == 0
    again = pd.read_csv(inline / "totals.csv")
    assert np.allclose(again["migrants"], totals["migrants"], rtol=1e-12)


def test_ensemble_members_may_interpolate_the_parts(tmp_path: Path) -> None:
    """Members with ``parts`` run from the command line as from Python."""
    import json

    from migdev.stats.stock.engine import estimate_stock

    source = _inputs(tmp_path / "in")
    members = [{"parts": "sex"}, {"parts": "origin", "linear_weight": 0.5}]
    out = tmp_path / "out"
    argv = ["estimate", str(source), "-o", str(out), "-q", "--ensemble"]
    assert main([*argv, json.dumps(members)]) == 0
    api = estimate_stock(
        pd.read_csv(source / "observations.csv"),
        pd.read_csv(source / "population.csv"),
        classification=pd.read_csv(source / "classification.csv"),
        refugees=pd.read_csv(source / "refugees.csv"),
        ensemble=members,
    ).totals()
    totals = pd.read_csv(out / "totals.csv")
    merged = totals.merge(api, on=["location_code", "year"], suffixes=("", "_api"))
    assert len(merged) == len(api) > 0
    assert np.allclose(merged["migrants"], merged["migrants_api"], rtol=1e-9)
    plain = tmp_path / "plain"
    without = [{k: v for k, v in m.items() if k != "parts"} for m in members]
    assert main([*argv[:3], str(plain), "-q", "--ensemble", json.dumps(without)]) == 0
    assert not np.allclose(
        pd.read_csv(plain / "totals.csv")["migrants"], totals["migrants"], rtol=1e-6
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"method": "counts"}]', "member 1: method must be 'share' or 'count'"),
        (
            '[{"method": "count"}, {"max_rate": 0.1}]',
            "member 2: ensemble member setting(s) max_rate unknown",
        ),
        ('[{"damping": 2}]', "member 1: damping must be a number from 0 to 1"),
        ('[{"path": "cubic"}]', "member 1: path must be one of"),
        (
            '[{"trend_damping": 0}]',
            "member 1: trend_damping must be a number above 0 and at most 1",
        ),
        ('[{"parts": "age"}]', "member 1: parts must be one of"),
        ('{"method": "count"}', "must be a non-empty JSON list of objects"),
        ("[]", "must be a non-empty JSON list of objects"),
        ('[{"method": ', "is neither an existing file nor valid JSON"),
    ],
)
def test_bad_ensemble_is_reported_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    source = _inputs(tmp_path / "in")
    spec = tmp_path / "members.json"
    spec.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert (
        main(["estimate", str(source), "-o", str(out), "--ensemble", str(spec), "-q"])
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "members.json" in err and expected in err, err
    assert not out.exists()
