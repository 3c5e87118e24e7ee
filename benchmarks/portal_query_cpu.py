"""CPU time of one filtered data query inside Django, without a server.

The figure that the machine's load does not change: ``time.process_time()``
around requests sent through Django's WSGI handler (the test client), on the
data of ``benchmarks/portal_api.py`` (the IMS 2020 tables from ../shared/data,
else the demo's releases), production settings, PostgreSQL.

1. creates the database ``--database`` (``migdev_bench_query``; dropped first
   unless ``--reuse``), migrates it and loads and publishes the data;
2. asks ``--requests`` addresses never asked before (every answer computed),
   after 200 to warm up, then the same addresses again (answers kept per
   generation), and prints the CPU time per request of each;
3. ``--profile`` prints the functions that took the most (cProfile) over the
   computed answers; drops the database unless ``--keep``.

Run: .venv/bin/python benchmarks/portal_query_cpu.py [--requests 1000]
     [--profile] [--keep] [--reuse]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _procs import admin_sql, prepare
from portal_api import load_data, query_urls


def cpu_per_request(client, urls: list[str]) -> float:
    start = time.process_time()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
    return 1000 * (time.process_time() - start) / len(urls)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--database", default="migdev_bench_query")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--reuse", action="store_true", help="the database of a --keep run"
    )
    args = parser.parse_args()
    if not args.reuse:
        admin_sql(
            f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)',
            f'CREATE DATABASE "{args.database}"',
        )
    workdir = Path(tempfile.mkdtemp(prefix="migdev-query-cpu-"))
    try:
        prepare(workdir, args.database)
        what = "kept database" if args.reuse else load_data(args.database)
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        urls = query_urls("", 200 + 2 * args.requests, seed=15)
        cpu_per_request(client, urls[:200])
        computed = urls[200 : 200 + args.requests]
        new = cpu_per_request(client, computed)
        kept = cpu_per_request(client, computed)
        profiled = urls[200 + args.requests :]
        print(
            f"Data: {what}. {args.requests} filtered queries "
            "(/api/v1/data, one country, two origins, both sexes, 2020), "
            "production settings, PostgreSQL, in process (no server)\n"
            f"CPU per request: computed {new:.2f} ms, kept {kept:.2f} ms"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            cpu_per_request(client, profiled)
            profile.disable()
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats("migdev", 25)
            stats.sort_stats("tottime").print_stats(20)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_sql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
