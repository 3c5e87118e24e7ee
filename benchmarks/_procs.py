"""What the benchmarks share: the PostgreSQL admin connection, the servers
they start and stop (gunicorn in the production layout of docs/deployment.md,
nginx), wrk and its summary, and the CPU time of the processes they measure,
read from /proc (Linux)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SERVER_URL = "postgres://postgres@127.0.0.1:5432"


def admin_sql(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of processes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def process_tree(pid: int) -> list[int]:
    """A process and its direct children (a server's master and workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [pid, *map(int, children.read_text().split())]
    except OSError:
        return [pid]


def postgres_pids(database: str) -> list[int]:
    """The PostgreSQL backends serving ``database``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"postgres" in cmdline and f" {database} ".encode() in cmdline:
                pids.append(int(entry.name))
    return pids


# --- servers and wrk ------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"

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

#: What every nginx of the benchmarks starts with: in the foreground, its
#: files in the run's folder, keep-alive without limit ({pid}: its pid file).
NGINX_HEAD = """
daemon off;
worker_processes auto;
pid {dir}/{pid};
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
"""

NGINX_CONF = (
    NGINX_HEAD.replace("{pid}", "nginx.pid")
    + """    server {{
        listen {host}:{port};
        location = {path} {{
            default_type "{content_type}";
            alias {dir}/body;
        }}
    }}
}}
"""
)

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


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


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


def environment(
    workdir: Path, database_url: str, settings: str = SETTINGS
) -> dict[str, str]:
    """The production settings of a run (``settings``: the module's text,
    written to ``workdir``) and the environment that names them, also set in
    this process."""
    (workdir / "bench_settings.py").write_text(settings)
    env = {
        "DATABASE_URL": database_url,
        "MIGDEV_ALLOW_SQLITE": "1",
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
    return env


def prepare(workdir: Path, database: str) -> dict[str, str]:
    """The environment of a run on the PostgreSQL database ``database``,
    migrated, with the reference data."""
    env = environment(workdir, f"{SERVER_URL}/{database}")
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
    env: dict[str, str],
    port: int,
    workers: int,
    threads: int,
    worker_class: str = "gthread",
    *,
    backlog: int = 1024,
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
        str(backlog),
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


def measure(url: str, args, script: Path, pids, warmup: Path | None = None) -> dict:
    # Warm-up: every worker thread opens its database connection (``warmup``:
    # another script, when the measured requests must not have been seen).
    wrk(
        url, seconds=2, connections=args.connections, threads=2, script=warmup or script
    )
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
