"""Shared helpers of the migrant-stock tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest


def _find_shared_data() -> Path:
    # MIGDEV_SHARED_DATA wins; else the first ``shared/data`` next to the
    # repository or one of its parents (a worktree sits one level deeper).
    env = os.environ.get("MIGDEV_SHARED_DATA")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parents[2]
    for base in (root, *root.parents):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return root.parent / "shared" / "data"


SHARED_DATA = _find_shared_data()


def shared_file(*parts: str) -> Path:
    """Return a file of ``../shared/data`` or skip the test."""
    path = SHARED_DATA.joinpath(*parts)
    if not SHARED_DATA.is_dir():
        pytest.skip(
            "../shared/data is absent: the checks against the real UN DESA "
            "files need the public copies next to the repository"
        )
    if not path.is_file():
        pytest.skip(f"../shared/data is present but {'/'.join(parts)} is missing")
    return path


def observations(**overrides: object) -> pd.DataFrame:
    """A small valid observations table (two countries, two censuses)."""
    rows = [
        (4, "census", "2000-07-01", "foreign-born", "both", "total", 0, 1000.0),
        (4, "census", "2000-07-01", "foreign-born", "male", "total", 0, 600.0),
        (4, "census", "2000-07-01", "foreign-born", "female", "total", 0, 400.0),
        (4, "census", "2010-07-01", "foreign-born", "both", "total", 0, 2000.0),
        (8, "register", "2005-03-15", "citizenship", "both", "total", 0, 500.0),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "location_code",
            "source_type",
            "reference_date",
            "definition",
            "sex",
            "age",
            "origin_code",
            "migrants",
        ],
    )
    for key, value in overrides.items():
        frame[key] = value
    return frame


def population(codes: tuple[int, ...] = (4, 8, 12)) -> pd.DataFrame:
    """Constant populations of 100 000 from 1950 to 2030."""
    years = range(1950, 2031)
    return pd.DataFrame(
        [(c, y, 100_000.0) for c in codes for y in years],
        columns=["location_code", "year", "population"],
    )


def growing_population(codes: tuple[int, ...]) -> pd.DataFrame:
    """Populations of a million in 1995, growing 1 % a year to 2030."""
    years = np.arange(1995, 2031)
    return pd.DataFrame(
        {
            "location_code": np.repeat(codes, len(years)),
            "year": np.tile(years, len(codes)),
            "population": np.tile(1e6 * 1.01 ** (years - 1995), len(codes)),
        }
    )
