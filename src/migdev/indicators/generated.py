"""Illustrative inputs of the stock engine, generated (never real data): the
engine's synthetic world, with its locations renamed to real M49 codes so
that a release made from them can be shown on a country's page."""

from __future__ import annotations

from pathlib import Path

from migdev.stats.stock.synthetic import synthetic_world

#: Real M49 codes the synthetic locations 1, 2, … take (Mexico, Philippines,
#: India, France, Egypt, Morocco, Senegal, Germany, Spain, United States, …).
M49_CODES = (484, 608, 356, 250, 818, 504, 686, 276, 724, 840, 124, 36, 710, 404, 76)


def write_inputs(directory: str | Path, *, n: int = 8, seed: int = 0) -> Path:
    """Write ``observations``, ``population``, ``classification`` and
    ``refugees`` CSV files of an illustrative world of ``n`` countries."""
    if n > len(M49_CODES):
        raise ValueError(f"at most {len(M49_CODES)} countries")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    world = synthetic_world(
        n_destinations=n, n_origins=n, seed=seed, ages=("0-14", "15-64", "65+")
    )
    codes = {i + 1: code for i, code in enumerate(M49_CODES[:n])}

    def rename(frame, *columns):
        frame = frame.copy()
        for column in columns:
            if column in frame.columns:
                frame[column] = frame[column].map(lambda c: codes.get(int(c), int(c)))
        return frame

    rename(world.observations, "location_code", "origin_code").to_csv(
        directory / "observations.csv", index=False
    )
    rename(world.population, "location_code").to_csv(
        directory / "population.csv", index=False
    )
    cls = rename(world.classification, "location_code")
    cls["name"] = [f"Illustrative {c}" for c in cls["location_code"]]
    cls.to_csv(directory / "classification.csv", index=False)
    rename(world.refugees, "location_code", "origin_code").to_csv(
        directory / "refugees.csv", index=False
    )
    return directory
