"""Time the whole migrant-stock estimation on a full-size synthetic world.

About 235 destinations x 235 origins x 2 sexes x 21 age groups x 8
reference years, several observations per country. Prints, for the
estimation and for a plain numpy pass over the same input arrays, both the
CPU time of the process (``time.process_time``: other jobs on a shared
machine count only through shared caches and memory bandwidth) and the
wall time (``time.perf_counter``: what a user waits, which grows with the
machine's load), the ratio of the two passes in each (target: at most 10;
the two alternate, and the ratio is given of the best times and as the
median of the pairs, so that a shared machine's load falls on both), the
load average, the time of the estimate with its 80 % and 95 % intervals
(target: under 2 s) and the peak memory (target: under 1 GB).

Run: .venv/bin/python benchmarks/stock_world.py
"""

from __future__ import annotations

import gc
import os
import resource
import time
import tracemalloc

import numpy as np

from migdev.stats.stock.engine import estimate_stock
from migdev.stats.stock.interpolate import mid_year
from migdev.stats.stock.intervals import aggregate_intervals, cell_intervals
from migdev.stats.stock.sexage import WPP_AGE_GROUPS
from migdev.stats.stock.synthetic import synthetic_world

REPEATS = 7


def run(world, *, intervals: bool = False):
    result = estimate_stock(
        world.observations,
        world.population,
        classification=world.classification,
        refugees=world.refugees,
        years=world.years,
        ages=WPP_AGE_GROUPS,
    )
    cube = result.cube()
    aggregates = result.aggregates()
    if intervals:
        cell_intervals(result)
        aggregate_intervals(result)
    return result, cube, aggregates


def numpy_pass(world) -> tuple[float, float]:
    """Exponential interpolation and the full cube, on ready-made arrays."""
    obs = world.observations
    totals = obs[
        (obs["sex"] == "both") & (obs["age"] == "total") & (obs["origin_code"] == 0)
    ]
    n_loc = len(world.locations)
    k = totals.groupby("location_code").cumcount().to_numpy()
    loc = totals["location_code"].to_numpy() - 1
    t = np.full((n_loc, k.max() + 1), np.nan)
    y = np.full_like(t, np.nan)
    t[loc, k] = totals["reference_date"].dt.year.to_numpy() + 0.5
    y[loc, k] = totals["migrants"].to_numpy()
    rng = np.random.default_rng(0)
    sex_age = rng.dirichlet(np.ones(2 * 21), size=n_loc).reshape(n_loc, 2, 21)
    origin = rng.dirichlet(np.ones(236), size=n_loc)
    targets = mid_year(world.years)

    start, wall = time.process_time(), time.perf_counter()
    tt = np.where(np.isnan(t), np.inf, t)
    pos = np.clip((tt[:, :, None] <= targets).sum(axis=1), 1, None)
    n = (~np.isnan(t)).sum(axis=1)[:, None]
    left = np.clip(np.minimum(pos - 1, n - 2), 0, None)
    right = np.minimum(left + 1, np.maximum(n - 1, 0))
    tl, tr = np.take_along_axis(tt, left, 1), np.take_along_axis(tt, right, 1)
    yl = np.take_along_axis(np.nan_to_num(y), left, 1)
    yr = np.take_along_axis(np.nan_to_num(y), right, 1)
    with np.errstate(all="ignore"):
        rate = np.where(tr > tl, np.log(yr / yl) / (tr - tl), 0.0)
        total = np.nan_to_num(yl * np.exp(rate * (targets - tl)))
    cube = (
        origin[:, :, None, None, None]
        * sex_age[:, None, :, :, None]
        * total[:, None, None, None, :]
    )
    elapsed = time.process_time() - start, time.perf_counter() - wall
    del cube
    return elapsed


def main() -> None:
    world = synthetic_world()
    n_obs = world.observations.drop_duplicates(["location_code", "reference_date"])
    print(
        f"world: {len(world.locations)} destinations, 235 origins + unknown, 2 sexes, "
        f"{len(WPP_AGE_GROUPS)} age groups, {len(world.years)} years; "
        f"{len(n_obs)} observations in {len(world.observations):,} rows"
    )
    run(world)  # warm caches and imports
    numpy_pass(world)
    gc.collect()
    # Estimation and numpy pass alternate, so that both see the same load
    # on a shared machine; the ratio is given for the best times and as the
    # median of the ratios of the pairs.
    times, walls, plains, plain_walls = [], [], [], []
    load_before = os.getloadavg()[0]
    for _ in range(REPEATS):
        start, wall = time.process_time(), time.perf_counter()
        result, cube, _ = run(world)
        times.append(time.process_time() - start)
        walls.append(time.perf_counter() - wall)
        del result, cube
        gc.collect()
        cpu, elapsed = numpy_pass(world)
        plains.append(cpu)
        plain_walls.append(elapsed)
        gc.collect()
    with_intervals, with_intervals_wall = [], []
    for _ in range(3):
        start, wall = time.process_time(), time.perf_counter()
        run(world, intervals=True)
        with_intervals.append(time.process_time() - start)
        with_intervals_wall.append(time.perf_counter() - wall)
        gc.collect()
    tracemalloc.start()
    run(world, intervals=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load_after = os.getloadavg()[0]
    print(f"cube shape: {cube_shape(world)}")
    print(
        f"load average (1 min) {load_before:.1f} before, {load_after:.1f} after, "
        f"on {os.cpu_count()} cores"
    )
    print(
        f"estimation: CPU best {min(times):.3f} s, median {np.median(times):.3f} s; "
        f"wall best {min(walls):.3f} s, median {np.median(walls):.3f} s"
    )
    print(
        f"estimation with 80%/95% intervals: CPU best {min(with_intervals):.3f} s, "
        f"wall best {min(with_intervals_wall):.3f} s "
        f"(target < 2 s: {'met' if min(with_intervals) < 2 else 'MISSED'} in CPU time, "
        f"{'met' if min(with_intervals_wall) < 2 else 'MISSED'} in wall time)"
    )
    print(
        f"estimation peak memory (tracemalloc, with intervals): {peak / 2**20:.0f} MiB"
    )
    print(
        f"process peak RSS (incl. building the world): {rss:.0f} MiB "
        f"(target < 1024: {'met' if rss < 1024 else 'MISSED'})"
    )
    print(
        f"plain numpy pass (interpolate + cube): CPU best {min(plains):.3f} s, "
        f"median {np.median(plains):.3f} s; wall best {min(plain_walls):.3f} s, "
        f"median {np.median(plain_walls):.3f} s"
    )
    for name, est, plain in (
        ("CPU time", times, plains),
        ("wall time", walls, plain_walls),
    ):
        ratio = min(est) / min(plain)
        paired = float(np.median(np.asarray(est) / np.asarray(plain)))
        print(
            f"ratio estimation / numpy pass, {name}: {ratio:.1f}x of the best times, "
            f"{paired:.1f}x median of {REPEATS} alternating pairs "
            f"(target <= 10: {'met' if max(ratio, paired) <= 10 else 'MISSED'})"
        )


def cube_shape(world) -> tuple[int, ...]:
    return (len(world.locations), 236, 2, len(WPP_AGE_GROUPS), len(world.years))


if __name__ == "__main__":
    main()
