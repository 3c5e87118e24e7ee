"""Throughput and latency of one API read, beside nginx serving the same bytes.

What it does, and undoes:

1. creates the PostgreSQL database ``--database`` (``migdev_bench_api``; dropped
   first if it exists), migrates it and loads the reference data;
2. starts gunicorn on 127.0.0.1:``--port`` with the production settings (DEBUG
   off, PostgreSQL, persistent connections with health checks), ``--workers`` x
   ``--threads`` (gthread);
3. fetches ``--path`` (``/api/v1/states/FRA``) once, writes the bytes to a file
   and starts nginx on ``--port`` + 1 serving that file at the same path;
4. warms both up, then drives each in turn with wrk for ``--seconds`` at
   ``--connections`` keep-alive connections (wrk runs on the same machine, as the
   reverse proxy would);
5. prints requests/s, latency percentiles, errors and the CPU time gunicorn and
   PostgreSQL spent per request, for both servers; stops them and drops the
   database (``--keep`` keeps it).

Setup (Debian packages, not needed by the tests):
    scripts/system-deps.sh bench        # or: apt-get install wrk nginx-light

Run: .venv/bin/python benchmarks/api_read.py
     [--seconds 10] [--connections 64] [--workers 2] [--threads 2] [--worker-class gthread|sync]
     [--path /api/v1/states/FRA] [--port 8180] [--database migdev_bench_api] [--keep]

Traffic goes to 127.0.0.1 only; every run stops by itself.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import urllib.request
from pathlib import Path

from _procs import (
    HOST,
    WRK_SCRIPT,
    admin_sql,
    free_port,
    measure,
    postgres_pids,
    prepare,
    process_tree,
    report,
    start_gunicorn,
    start_nginx,
    stop,
)

TARGET_RPS, TARGET_P95_MS = 1000, 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    # Cached reads make no I/O: as many workers as cores does best here.
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument(
        "--worker-class",
        choices=["gthread", "sync"],
        default="gthread",
        help="gunicorn's worker (sync: one request at a time, no keep-alive)",
    )
    parser.add_argument("--path", default="/api/v1/states/FRA")
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="gunicorn's port; nginx takes the next (default: free ports)",
    )
    parser.add_argument("--database", default="migdev_bench_api")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    if not 1 <= args.connections <= 1000 or not 1 <= args.seconds <= 120:
        parser.error("use 1–1000 connections and 1–120 seconds")
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if missing and not Path("/usr/sbin/nginx").exists():
        raise SystemExit(
            f"missing: {', '.join(missing)}; run scripts/system-deps.sh bench "
            "(apt-get install wrk nginx-light)"
        )
    if not args.path.startswith("/") or any(c in args.path for c in " ;{}'\""):
        parser.error("--path must be a plain absolute path")
    port = args.port
    if not port:
        port = free_port()

    workdir = Path(tempfile.mkdtemp(prefix="migdev-api-bench-"))
    script = workdir / "report.lua"
    script.write_text(WRK_SCRIPT)
    admin_sql(
        f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)',
        f'CREATE DATABASE "{args.database}"',
    )
    gunicorn = nginx = None
    try:
        env = prepare(workdir, args.database)
        gunicorn = start_gunicorn(
            env, port, args.workers, args.threads, args.worker_class
        )
        url = f"http://{HOST}:{port}{args.path}"
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
            content_type = response.headers["Content-Type"]
        nginx = start_nginx(workdir, port + 1, args.path, body, content_type)
        with urllib.request.urlopen(
            f"http://{HOST}:{port + 1}{args.path}", timeout=10
        ) as response:
            assert response.read() == body, "nginx does not serve the same bytes"
        print(
            f"GET {args.path}: {len(body)} bytes ({content_type}); "
            f"{args.connections} connections for {args.seconds:.0f} s, "
            f"wrk {args.wrk_threads} threads; gunicorn {args.workers} workers x "
            f"{args.threads} threads ({args.worker_class}), production settings; "
            f"{os.cpu_count()} CPUs\n"
        )
        app = measure(
            url,
            args,
            script,
            {
                "gunicorn": lambda: process_tree(gunicorn.pid),
                "PostgreSQL": lambda: postgres_pids(args.database),
            },
        )
        static = measure(
            f"http://{HOST}:{port + 1}{args.path}",
            args,
            script,
            {"nginx": lambda: process_tree(nginx.pid)},
        )
    finally:
        stop(gunicorn)
        stop(nginx, signal.SIGQUIT)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_sql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)

    print(report("gunicorn", app))
    print(report("nginx", static))
    app_rps = app["requests"] / (app["duration_us"] / 1e6)
    static_rps = static["requests"] / (static["duration_us"] / 1e6)
    print(f"\ngunicorn serves {100 * app_rps / static_rps:.1f} % of nginx's rate.")
    met = app_rps >= TARGET_RPS and app["p95"] / 1000 < TARGET_P95_MS
    errors = app["connect"] + app["read"] + app["write"] + app["status"]
    print(
        f"Target (>= {TARGET_RPS} req/s, p95 < {TARGET_P95_MS} ms): "
        + ("met" if met else "NOT met")
    )
    return 1 if errors or app["timeout"] else 0


if __name__ == "__main__":
    sys.exit(main())
