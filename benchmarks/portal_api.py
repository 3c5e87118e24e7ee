"""The portal's data API in its production layout, beside nginx serving the
same profile bytes from a file, in the same run.

What it does, and undoes:

1. creates the PostgreSQL database ``--database`` (``migdev_bench_portal``;
   dropped first), migrates it, loads the reference data and imports the
   UN DESA International Migrant Stock 2020 tables from ``../shared/data``
   (destination workbook and the origin × destination × sex table; without
   them, the demo's illustrative releases), publishes the release and renders
   the portal's files (``migdev portal render``);
2. starts gunicorn with the production settings (``--workers`` ×
   ``--threads``, gthread) and, in front of it, nginx with the configuration
   of docs/deployment.md: profiles and whole-release downloads from the
   rendered files, everything else proxied to gunicorn;
3. starts a second nginx serving the profile's bytes as one static file
   (the reference);
4. drives each case with wrk at ``--connections`` connections for
   ``--seconds``:

   a.  ``profile/front``: ``/api/v1/areas/FRA/profile`` through the production
       front (nginx, the rendered file);
   a'. ``profile/app``: the same address from gunicorn directly (Django serves
       the rendered file: the layout of ``make demo`` without a front server);
   b.  ``query``: a filtered data query that cannot be rendered in advance —
       migrant stock by sex in 2020 for one country drawn at random per
       request among all countries with data, plus two origins — through the
       front, answered by Django and PostgreSQL;
   c.  ``304``: the same kind of query with ``If-None-Match`` (the entity tag
       of each query fetched beforehand), answered by Django with no query;
   d.  ``nginx``: the profile's bytes as a static file;

5. prints requests/s, p50/p95/p99, errors, CPU time per request of gunicorn,
   PostgreSQL and nginx, and the ratio to nginx; stops everything and drops
   the database (``--keep`` keeps it).

Setup: scripts/system-deps.sh bench (wrk, nginx-light).

Run: .venv/bin/python benchmarks/portal_api.py [--seconds 10] [--connections 64]
     [--workers 2] [--threads 4] [--database migdev_bench_portal] [--keep]

Traffic goes to 127.0.0.1 only; every run stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from _procs import (
    HOST,
    NGINX_HEAD,
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
    wait_listening,
)

REPO = Path(__file__).resolve().parents[1]
PROFILE = "/api/v1/areas/FRA/profile"
TARGETS = {"profile": (30.0, 50), "query": (1000, 100)}
#: Different addresses for ``query/new``, more than a run of 10 s asks for,
#: so that every answer is computed.
FRESH = 50_000

#: The front server of docs/deployment.md ("The portal behind nginx"), with
#: the paths of this run.
FRONT_CONF = (
    NGINX_HEAD.replace("{pid}", "front.pid")
    + """    upstream migdev {{ server {host}:{app_port}; keepalive 64; }}
{portal}
    server {{
        listen {host}:{port};
{locations}
        location / {{
            proxy_pass http://migdev;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
        location @django {{
            proxy_pass http://migdev;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""
)


def portal_conf(portal_root: Path) -> tuple[str, str]:
    """The ``http`` maps and the ``server`` locations of docs/deployment.md."""
    doc = (REPO / "docs" / "deployment.md").read_text()
    blocks = doc.split("```nginx")[1:]
    maps = blocks[0].split("```")[0]
    locations = blocks[1].split("```")[0]
    return maps, locations.replace("/srv/migdev/var/portal", str(portal_root))


def load_data(database: str) -> str:
    """Import and publish the IMS 2020 tables (or the demo's releases) and
    render the portal's files; returns what was loaded."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections

    from migdev.indicators import importers, services
    from migdev.registry.services import role_assign

    shared = next(
        (
            base.parent / "shared" / "data" / "migrant_stock"
            for base in (REPO, *REPO.parents)
            if (base.parent / "shared" / "data").is_dir()
        ),
        REPO / "absent",
    )
    files = [
        shared / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
        shared / "ims2020_origin_destination_by_sex_1990_2020.csv",
    ]
    user = get_user_model().objects.create_user("bench-secretariat")
    role_assign(actor=None, user=user, role="secretariat")
    if all(f.exists() for f in files):
        release = importers.import_un(files, argv=["data", "import-un"]).release
        services.release_publish(actor=user, release=release)
        what = (
            f"{release.identifier}: {release.value_count:,} values (UN DESA IMS 2020)"
        )
    else:
        from migdev.indicators.demo import load_demo
        from migdev.indicators.models import Release

        load_demo()
        for release in Release.objects.exclude(status=Release.Status.PUBLISHED):
            services.release_publish(actor=user, release=release)
        what = "the demo's illustrative releases (../shared/data is absent)"
    call_command("portal", "render", "-q")
    connections.close_all()
    return what


def query_urls(base: str, n: int = 400, *, seed: int = 14) -> list[str]:
    """Filtered queries no file holds: one country at random, two origins
    (``n`` different addresses when ``seed`` differs from 14's repeats)."""
    from migdev.indicators.models import Value

    areas = sorted(
        set(
            Value.objects.filter(area__lt=900)
            .values_list("area", flat=True)
            .order_by()
            .distinct()
        )
    )
    origins_held = (
        sorted(
            set(
                Value.objects.filter(origin__lt=900)
                .values_list("origin", flat=True)
                .order_by()
                .distinct()
            )
        )
        or areas
    )
    rng = random.Random(seed)
    urls: dict[str, None] = {}  # in order, each once
    while len(urls) < n:
        area = rng.choice(areas)
        origins = ",".join(str(o) for o in rng.sample(origins_held, 2))
        urls[
            f"{base}/api/v1/data?indicator=migrant_stock&area={area}"
            f"&year=2020&sex=M,F&origin=_T,{origins}"
        ] = None
    return list(urls)


def fresh_script(path: Path, paths: list[str], threads: int) -> Path:
    """A wrk script whose threads share out ``paths`` so that no address is
    asked twice (while there are enough): every answer is computed."""
    path.write_text(
        "local paths = {\n" + ",\n".join(json.dumps(p) for p in paths) + "\n}\n"
        "local counter = 0\n"
        "setup = function(thread)\n"
        "  counter = counter + 1\n"
        "  thread:set('id', counter)\n"
        "end\n"
        "init = function(args)\n"
        "  i = id - 1\n"
        "end\n"
        "request = function()\n"
        f"  i = i + {threads}\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
        "end\n" + WRK_SCRIPT
    )
    return path


def rotating_script(path: Path, requests: list[tuple[str, str | None]]) -> Path:
    """A wrk script that sends ``requests`` (path, If-None-Match) in turn."""
    rows = ",\n".join(
        f"{{{json.dumps(p)}, {json.dumps(e) if e else 'nil'}}}" for p, e in requests
    )
    path.write_text(
        "local reqs = {\n" + rows + "\n}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #reqs + 1\n"
        "  local r = reqs[i]\n"
        "  if r[2] then\n"
        "    return wrk.format('GET', r[1], {['If-None-Match'] = r[2]})\n"
        "  end\n"
        "  return wrk.format('GET', r[1])\n"
        "end\n" + WRK_SCRIPT
    )
    return path


def fetch(url: str, etag: str | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url)
    if etag:
        request.add_header("If-None-Match", etag)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def start_front(workdir: Path, port: int, app_port: int, portal_root: Path):
    ngx = workdir / "front"
    (ngx / "tmp").mkdir(parents=True)
    for p in (workdir, ngx, ngx / "tmp"):
        p.chmod(0o755)
    # nginx's workers (nobody) read the rendered files.
    for p in [portal_root, *portal_root.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    parent = portal_root
    while parent != parent.parent and parent != workdir:
        parent = parent.parent
        parent.chmod(0o755)
    maps, locations = portal_conf(portal_root)
    conf = ngx / "nginx.conf"
    conf.write_text(
        FRONT_CONF.format(
            dir=ngx,
            host=HOST,
            port=port,
            app_port=app_port,
            portal=maps,
            locations=locations,
        )
    )
    proc = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(ngx), "-c", str(conf)]
    )
    wait_listening(proc, port, "nginx (front)")
    return proc


def rate(r: dict) -> float:
    return r["requests"] / (r["duration_us"] / 1e6)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--database", default="migdev_bench_portal")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    args.worker_class = "gthread"
    if not 1 <= args.connections <= 1000 or not 1 <= args.seconds <= 120:
        parser.error("use 1–1000 connections and 1–120 seconds")
    if not shutil.which("wrk") or not Path("/usr/sbin/nginx").exists():
        raise SystemExit("missing wrk or nginx: run scripts/system-deps.sh bench")

    workdir = Path(tempfile.mkdtemp(prefix="migdev-portal-bench-"))
    admin_sql(
        f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)',
        f'CREATE DATABASE "{args.database}"',
    )
    app_port, front_port, static_port = free_port(), free_port(), free_port()
    gunicorn = front = static = None
    results: dict[str, dict] = {}
    try:
        env = prepare(workdir, args.database)
        what = load_data(args.database)
        from django.conf import settings

        portal_root = Path(settings.PORTAL_ROOT)
        gunicorn = start_gunicorn(env, app_port, args.workers, args.threads, "gthread")
        front = start_front(workdir, front_port, app_port, portal_root)
        app = f"http://{HOST}:{app_port}"
        edge = f"http://{HOST}:{front_port}"
        status, body, headers = fetch(edge + PROFILE)
        assert status == 200, (status, body[:300])
        assert body == fetch(app + PROFILE)[1], "gunicorn and nginx differ"
        assert fetch(edge + PROFILE, headers["ETag"])[0] == 304
        static = start_nginx(
            workdir, static_port, PROFILE, body, headers["Content-Type"]
        )
        queries = query_urls("")
        tagged = []
        for path in queries:
            status, _body, h = fetch(edge + path)
            assert status == 200, (path, status, _body[:300])
            tagged.append((path, h["ETag"]))
        assert fetch(edge + tagged[0][0], tagged[0][1])[0] == 304
        plain = rotating_script(workdir / "query.lua", [(p, None) for p in queries])
        # Addresses never asked before: no process has their answer yet.
        fresh = fresh_script(
            workdir / "fresh.lua",
            [p for p in query_urls("", FRESH, seed=15) if p not in set(queries)],
            args.wrk_threads,
        )
        conditional = rotating_script(workdir / "304.lua", tagged)
        fixed = workdir / "report.lua"
        fixed.write_text(WRK_SCRIPT)
        print(
            f"Data: {what}. GET {PROFILE}: {len(body):,} bytes. {args.connections} "
            f"connections for {args.seconds} s, wrk {args.wrk_threads} threads; "
            f"gunicorn {args.workers} workers x {args.threads} threads (gthread), "
            f"production settings, PostgreSQL; nginx {shutil.which('nginx')}; "
            f"{os.cpu_count()} CPUs; load average before "
            f"{os.getloadavg()[0]:.1f}\n"
        )
        pids = {
            "gunicorn": lambda: process_tree(gunicorn.pid),
            "PostgreSQL": lambda: postgres_pids(args.database),
            "nginx": lambda: process_tree(front.pid),
        }
        cases = [
            ("profile/front", edge + PROFILE, fixed, pids),
            ("profile/app", app + PROFILE, fixed, pids),
            ("query", edge + "/", plain, pids),
            ("query/new", edge + "/", fresh, pids, plain),
            ("304", edge + "/", conditional, pids),
            (
                "nginx",
                f"http://{HOST}:{static_port}{PROFILE}",
                fixed,
                {"nginx": lambda: process_tree(static.pid)},
            ),
        ]
        for name, url, script, who, *warmup in cases:
            results[name] = measure(url, args, script, who, *warmup)
    finally:
        stop(gunicorn)
        stop(front, signal.SIGQUIT)
        stop(static, signal.SIGQUIT)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_sql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)

    for name, r in results.items():
        print(report(name, r).replace(f"{name:<9}", f"{name:<13}", 1))
    reference = rate(results["nginx"])
    print()
    for name in ("profile/front", "profile/app", "query", "query/new", "304"):
        print(
            f"{name:<13} {100 * rate(results[name]) / reference:5.1f} % of nginx's rate"
        )
    share, p95 = TARGETS["profile"]
    front_r = results["profile/front"]
    print(
        f"\nTarget profile >= {share:.0f} % of nginx, p95 < {p95} ms: "
        + (
            "met"
            if 100 * rate(front_r) / reference >= share and front_r["p95"] / 1000 < p95
            else "NOT met"
        )
    )
    rps, p95 = TARGETS["query"]
    for name in ("query", "query/new"):
        q = results[name]
        print(
            f"Target {name} >= {rps} req/s, p95 < {p95} ms: "
            + ("met" if rate(q) >= rps and q["p95"] / 1000 < p95 else "NOT met")
        )
    errors = sum(
        r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
        for r in results.values()
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
