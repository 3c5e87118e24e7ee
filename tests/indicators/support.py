"""Helpers of the indicators tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from migdev.indicators.generated import write_inputs
from migdev.stats.stock.engine import estimate_stock
from migdev.stats.stock.inputs import (
    validate_classification,
    validate_observations,
    validate_population,
    validate_refugees,
)
from migdev.stats.stock.writers import write_un_origin_workbook, write_un_workbook


def estimate_of(directory: Path):
    obs = validate_observations(pd.read_csv(directory / "observations.csv"))
    pop = validate_population(pd.read_csv(directory / "population.csv"))
    cls = validate_classification(pd.read_csv(directory / "classification.csv"))
    ref = validate_refugees(pd.read_csv(directory / "refugees.csv"))
    return estimate_stock(obs, pop, classification=cls, refugees=ref, validate=False)


def official_workbooks(directory: Path, *, seed: int = 0) -> tuple[Path, Path]:
    """A destination workbook and an origin workbook in the UN layouts,
    written by the engine's writers from an illustrative estimate."""
    inputs = write_inputs(directory / f"in{seed}", seed=seed)
    result = estimate_of(inputs)
    destination = directory / f"destination{seed}.xlsx"
    origin = directory / f"origin{seed}.xlsx"
    write_un_workbook(result, destination)
    write_un_origin_workbook(result, origin)
    return destination, origin
