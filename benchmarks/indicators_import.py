"""Import of the IMS 2020 tables as one release: the destination workbook
(30,564 cells) and the origin × destination × sex table (170,618 rows), on
SQLite and on PostgreSQL. Target: under 60 s each.

For each database it migrates an empty database (SQLite: a file in a
temporary directory; PostgreSQL: ``migdev_indicators``, dropped and created
again), loads the reference data, then times, in a child process:

* reading both files through the readers (``migdev.stats.stock.readers``);
* the whole import (read + checks + one transaction of inserts), as
  ``migdev data import-un`` does it, in wall time and in CPU time of the
  importing process (steadier on a loaded machine; the database server's
  own work is not in it);
* the same import again (recognised by checksum: nothing done);
* a country's profile (France, every value) through the selector, and on
  PostgreSQL the plan of that query (EXPLAIN).

Needs ../shared/data (the public copies of the UN DESA files).

Run: nice .venv/bin/python benchmarks/indicators_import.py [--only sqlite|postgresql] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _procs import SERVER_URL, admin_sql

REPO = Path(__file__).resolve().parents[1]
DATABASE = "migdev_indicators"
TARGET_S = 60.0


def _shared() -> Path:
    env = os.environ.get("MIGDEV_SHARED_DATA")
    if env:
        return Path(env)
    for base in (REPO, *REPO.parents):
        if (base.parent / "shared" / "data").is_dir():
            return base.parent / "shared" / "data"
    sys.exit("../shared/data is absent: the benchmark needs the UN DESA files")


def child() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migdev.settings.test")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from migdev.indicators import importers, selectors
    from migdev.registry.services import reference_data_load
    from migdev.stats.stock.readers import read_un_workbook
    from migdev.stats.stock.readers.un_origin import read_origin_destination

    call_command("migrate", verbosity=0)
    reference_data_load()
    data = _shared() / "migrant_stock"
    workbook = data / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
    origin = data / "ims2020_origin_destination_by_sex_1990_2020.csv"
    t = time.perf_counter()
    cells = len(read_un_workbook(workbook))
    rows = len(read_origin_destination(origin))
    read_s = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    result = importers.import_un([workbook, origin])
    import_s = time.perf_counter() - t
    import_cpu_s = time.process_time() - cpu
    t = time.perf_counter()
    again = importers.import_un([workbook, origin])
    again_s = time.perf_counter() - t
    assert not again.created
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE indicators_value")
    query = selectors.country_profile(result.release, 250)
    t = time.perf_counter()
    profile = len(list(query))
    profile_ms = (time.perf_counter() - t) * 1000
    plan = ""
    if connection.vendor == "postgresql":
        plan = query.explain()
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "cells": cells,
                "rows": rows,
                "values": result.release.value_count,
                "read_s": read_s,
                "import_s": import_s,
                "import_cpu_s": import_cpu_s,
                "again_s": again_s,
                "profile_values": profile,
                "profile_ms": profile_ms,
                "plan": plan,
            }
        )
    )


def run(vendor: str, keep: bool) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "migdev.settings.test"}
    tmp = tempfile.mkdtemp(prefix="migdev-bench-")
    if vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        admin_sql(
            f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)',
            f'CREATE DATABASE "{DATABASE}"',
        )
        env["DATABASE_URL"] = f"{SERVER_URL}/{DATABASE}"
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=tmp,
        ).stdout
    finally:
        if vendor == "postgresql" and not keep:
            admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--keep", action="store_true", help="keep the PG database")
    args = parser.parse_args()
    if args.child:
        child()
        return
    print(f"load average before: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    for vendor in ("sqlite", "postgresql"):
        if args.only and vendor != args.only:
            continue
        r = run(vendor, args.keep)
        verdict = "met" if r["import_s"] < TARGET_S else "MISSED"
        print(
            f"{vendor:10} {r['cells']:,} workbook cells + {r['rows']:,} origin rows "
            f"→ {r['values']:,} values; read {r['read_s']:.1f} s; import "
            f"{r['import_s']:.1f} s (target < {TARGET_S:.0f} s: {verdict}; CPU "
            f"of the importing process {r['import_cpu_s']:.1f} s, "
            f"{1e6 * r['import_cpu_s'] / r['values']:.1f} µs a value); "
            f"again {r['again_s']:.2f} s (no-op); France's profile "
            f"{r['profile_values']:,} values in {r['profile_ms']:.1f} ms"
        )
        if r["plan"]:
            print("  plan: " + r["plan"].replace("\n", "\n        "))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
