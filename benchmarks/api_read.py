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
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _procs import SERVER_URL, admin_sql, cpu_seconds, postgres_pids, process_tree

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
TARGET_RPS, TARGET_P95_MS = 1000, 100

SETTINGS = """
from migdev.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "ERROR"}}
"""

NGINX_CONF = """
daemon off;
worker_processes auto;
pid {dir}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    keepalive_requests 1000000;
    server {{
        listen {host}:{port};
        location = {path} {{
            default_type "{content_type}";
            alias {dir}/body;
        }}
    }}
}}
"""

# wrk prints its summary through this script as one JSON line (latencies in µs).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


def wait_listening(proc: subprocess.Popen, port: int, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"{what} did not start listening on {HOST}:{port} within 30 s")


def stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def prepare(workdir: Path, database: str) -> dict[str, str]:
    (workdir / "bench_settings.py").write_text(SETTINGS)
    env = {
        "DATABASE_URL": f"{SERVER_URL}/{database}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": f"http://{HOST}",
        "MIGDEV_VAR_DIR": str(workdir / "var"),
        "PYTHONPATH": os.pathsep.join(
            [str(workdir), str(REPO / "src"), os.environ.get("PYTHONPATH", "")]
        ),
    }
    os.environ.update(env)
    sys.path.insert(0, str(workdir))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from migdev.registry.services import reference_data_load

    call_command("migrate", interactive=False, verbosity=0)
    reference_data_load()
    connections.close_all()
    return env


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, threads: int, worker_class: str
):
    cmd = [
        str(REPO / ".venv/bin/gunicorn"),
        "migdev.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        worker_class,
        "--keep-alive",
        "30",
        "--backlog",
        "1024",
        "--log-level",
        "warning",
        "--preload",
    ]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=str(REPO))
    wait_listening(proc, port, "gunicorn")
    return proc


def start_nginx(workdir: Path, port: int, path: str, body: bytes, content_type: str):
    ngx = workdir / "nginx"
    (ngx / "tmp").mkdir(parents=True)
    (ngx / "body").write_bytes(body)
    # nginx's workers drop root for "nobody", who must read the file.
    for p in (workdir, ngx, ngx / "tmp"):
        p.chmod(0o755)
    (ngx / "body").chmod(0o644)
    conf = ngx / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            dir=ngx, host=HOST, port=port, path=path, content_type=content_type
        )
    )
    proc = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(ngx), "-c", str(conf)]
    )
    wait_listening(proc, port, "nginx")
    return proc


def wrk(url: str, *, seconds: float, connections: int, threads: int, script: Path):
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{round(seconds)}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    return json.loads(line[4:])


def measure(url: str, args, script: Path, pids) -> dict:
    # Warm-up: every worker thread opens its database connection.
    wrk(url, seconds=2, connections=args.connections, threads=2, script=script)
    load0 = os.getloadavg()[0]
    cpu0 = {k: cpu_seconds(v()) for k, v in pids.items()}
    result = wrk(
        url,
        seconds=args.seconds,
        connections=args.connections,
        threads=args.wrk_threads,
        script=script,
    )
    result["cpu"] = {k: cpu_seconds(v()) - cpu0[k] for k, v in pids.items()}
    result["load"] = (load0, os.getloadavg()[0])
    return result


def report(name: str, r: dict) -> str:
    seconds = r["duration_us"] / 1e6
    rps = r["requests"] / seconds
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    cpu = "  ".join(
        f"{k} {1000 * v / max(1, r['requests']):.2f}" for k, v in r["cpu"].items()
    )
    return (
        f"{name:<9} {rps:>9.0f} req/s   p50 {r['p50'] / 1000:6.1f}  p90 "
        f"{r['p90'] / 1000:6.1f}  p95 {r['p95'] / 1000:6.1f}  p99 {r['p99'] / 1000:6.1f}"
        f"  max {r['max'] / 1000:7.1f} ms   errors {errors} (connect {r['connect']}, "
        f"read {r['read']}, write {r['write']}, status {r['status']}, timeout "
        f"{r['timeout']})   CPU ms/request: {cpu}"
        f"   (load {r['load'][0]:.1f} -> {r['load'][1]:.1f})"
    )


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
        with socket.socket() as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]

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
