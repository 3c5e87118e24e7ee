"""Load test of reply submissions over HTTP, on PostgreSQL or SQLite, behind gunicorn.

What it does, and undoes:

1. creates the database ``migdev_bench`` (dropped first if it exists; with
   ``--database sqlite`` an SQLite file in a temporary folder, in the
   production settings with MIGDEV_ALLOW_SQLITE=1), migrates it, loads the
   reference data, and creates an open campaign for the 195
   States (193 Member States, the Holy See and Palestine) with a five-question
   questionnaire, a focal point per State (so each submission enqueues a
   receipt) and one access link per State;
2. starts gunicorn on 127.0.0.1 and a free port, with the production settings
   (DEBUG off, PostgreSQL, persistent connections), e-mail to memory;
3. for ``--seconds`` (15), ``--clients`` (50) concurrent keep-alive clients
   POST replies to ``/api/v1/links/{token}/reply``, each with a new
   ``submission_key`` and the ``based_on`` it last saw. Some are sent again on
   purpose: re-sent after the answer (a retry), re-sent after the connection
   was dropped before the answer (a network failure), or sent twice at once on
   two connections (a double click). A request whose connection fails is sent
   again, with the same key, until it is answered (as the reply form and any
   careful client do). ``--kill-worker-at S`` kills one gunicorn worker with
   SIGKILL S seconds into the run, in the middle of whatever it was doing;
   gunicorn starts another;
4. stops gunicorn and counts, in the database, the replies acknowledged (201 or
   200) but absent (*lost*) and the submission keys saved more than once or
   versions saved that no client submitted (*duplicated*): both must be 0;
5. prints submissions/s, latency percentiles, errors, lost and duplicated, and
   drops the database (``--keep`` keeps it).

Traffic goes to 127.0.0.1 only; the run stops by itself.

Run: .venv/bin/python benchmarks/consultation_submissions.py
     [--database postgresql|sqlite] [--seconds 15] [--clients 50] [--rate 200 | --rate 0]
     [--workers 4] [--threads 2] [--kill-worker-at SECONDS] [--port PORT]
     [--receipts task|on_commit|job] [--no-health-checks] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import _procs
from _procs import (
    HOST,
    SERVER_URL,
    admin_sql,
    cpu_seconds,
    free_port,
    postgres_pids,
    process_tree,
)

REPO = Path(__file__).resolve().parents[1]
DB_NAME = "migdev_bench"

#: The reply benchmark's settings, after those of every run (_procs.SETTINGS).
SETTINGS = (
    _procs.SETTINGS.replace("{", "{{").replace("}", "}}")
    + """
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = {media!r}
MIGDEV_RECEIPT_DELIVERY = {delivery!r}
# The site's default is True; --no-health-checks measures without the
# per-request check (one "SELECT 1" round trip per request).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = {health_checks!r}
"""
)

TEXTS = [
    "The Government considers the Global Forum on Migration and Development a "
    "useful outcome of the High-level Dialogue, an informal and State-led space "
    "for sharing practices on remittances, circular migration and diasporas.",
    "Le Gouvernement estime que le Forum mondial est un résultat utile du "
    "Dialogue ; la question doit rester inscrite à l'ordre du jour de "
    "l'Assemblée générale et faire l'objet de réunions régionales.",
    "El Gobierno considera que el Foro es un resultado útil del Diálogo, que "
    "no sustituye el seguimiento en las Naciones Unidas.",
    "ترى الحكومة أن المنتدى العالمي نتيجة مفيدة للحوار الرفيع المستوى.",
    "Правительство считает Глобальный форум полезным итогом Диалога.",
    "政府认为全球移民与发展论坛是高级别对话的有益成果。",
]


# --- Database and server --------------------------------------------------------


def configure(
    workdir: Path,
    *,
    delivery: str,
    health_checks: bool = True,
    database: str = "postgresql",
) -> dict[str, str]:
    (workdir / "media").mkdir(exist_ok=True)
    return _procs.environment(
        workdir,
        f"{SERVER_URL}/{DB_NAME}"
        if database == "postgresql"
        else f"sqlite:///{workdir / 'bench.sqlite3'}",
        SETTINGS.format(
            media=str(workdir / "media"),
            delivery=delivery,
            health_checks=health_checks,
        ),
    )


def prepare() -> list[dict]:
    """Migrate, load reference data, create the campaign; return the links."""
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.utils import timezone

    from migdev.consultation.campaigns.links import link_issue
    from migdev.consultation.campaigns.models import Campaign, Recipient
    from migdev.consultation.questionnaires.models import (
        Choice,
        Question,
        Questionnaire,
        Section,
    )
    from migdev.core.i18n import LocalizedText
    from migdev.outreach.models import Recipient as OutreachRecipient
    from migdev.outreach.models import Request
    from migdev.registry.models import Contact, Country
    from migdev.registry.services import reference_data_load

    def six(text: str) -> LocalizedText:
        return LocalizedText(
            dict.fromkeys(("ar", "zh-hans", "en", "fr", "ru", "es"), text)
        )

    call_command("migrate", interactive=False, verbosity=0)
    reference_data_load()
    today = timezone.localdate()
    with transaction.atomic():
        q = Questionnaire.objects.create(
            code="bench", version="1", title=six("Follow-up of the Dialogue")
        )
        s = Section.objects.create(
            questionnaire=q, name="forum", order=1, label=six("Forum")
        )
        spec = [
            ("forum_view", Question.Type.TEXT, True, "", ""),
            ("sole_followup", Question.Type.YES_NO, False, "", ""),
            ("why_sole", Question.Type.TEXT, False, "${sole_followup} = 'yes'", ""),
            ("level", Question.Type.SELECT_ONE, False, "", "level"),
            ("proposals", Question.Type.SELECT_MULTIPLE, False, "", "proposal"),
        ]
        for i, (name, kind, required, relevant, choices) in enumerate(spec):
            Question.objects.create(
                questionnaire=q,
                section=s,
                name=name,
                order=i,
                type=kind,
                required=required,
                relevant=relevant,
                choice_list=choices,
                label=six(name.replace("_", " ").capitalize() + "?"),
            )
        for i, name in enumerate(["global", "regional", "national"]):
            Choice.objects.create(
                questionnaire=q, list_name="level", name=name, order=i, label=six(name)
            )
        for i, name in enumerate(["ga_agenda", "regional", "hld", "multilateral"]):
            Choice.objects.create(
                questionnaire=q,
                list_name="proposal",
                name=name,
                order=i,
                label=six(name),
            )
        request = Request.objects.create(
            owner=f"{Campaign.OWNER}:bench",
            status=Request.Status.OPEN,
            opened_at=timezone.now(),
            opens_on=today - dt.timedelta(days=10),
            deadline=today + dt.timedelta(days=20),
        )
        campaign = Campaign.objects.create(
            request=request,
            questionnaire=q,
            title=six("Benchmark consultation"),
            letter=six("<p>Letter</p>"),
        )
        states = Country.objects.filter(
            status__in=[Country.Status.MEMBER, Country.Status.OBSERVER]
        ).order_by("m49")
        languages = ["en", "fr", "es", "ar", "ru", "zh-hans"]
        links = []
        for i, country in enumerate(states):
            recipient = Recipient.objects.create(
                campaign=campaign,
                country=country,
                outreach=OutreachRecipient.objects.create(
                    request=request,
                    key=f"country:{country.iso3}",
                    language=languages[i % 6],
                ),
            )
            Contact.objects.create(
                kind=Contact.Kind.FOCAL_POINT,
                country=country,
                name="Focal point",
                email=f"focal.{country.iso3.lower()}@example.org",
                start=dt.date(2000, 1, 1),
            )
            links.append(
                {
                    "recipient": recipient.pk,
                    "token": link_issue(recipient),
                    "language": recipient.language,
                }
            )
    connections.close_all()
    return links


def start_server(
    env: dict[str, str], port: int, workers: int, threads: int
) -> subprocess.Popen:
    return _procs.start_gunicorn(env, port, workers, threads, backlog=512)


# --- Load ---------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    acknowledged: dict[str, tuple[int, int]] = field(
        default_factory=dict
    )  # key → (recipient, number)
    errors: list[str] = field(default_factory=list)
    retries: Counter = field(default_factory=Counter)
    cpu: dict[str, float] = field(default_factory=dict)
    killed: list[tuple[int, float]] = field(default_factory=list)


class Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.transport.abort()
        self.reader = self.writer = None

    def _request(self, path: str, body: bytes) -> bytes:
        return (
            f"POST {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    async def send(self, path: str, body: bytes) -> None:
        if self.writer is None:
            await self.open()
        self.writer.write(self._request(path, body))
        await self.writer.drain()

    async def receive(self) -> tuple[int, bytes]:
        status_line = await self.reader.readline()
        if not status_line.endswith(b"\n"):
            raise ConnectionError("connection closed by the server")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while True:
            line = await self.reader.readline()
            if not line.endswith(b"\n"):
                raise ConnectionError("connection closed inside the headers")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and "close" in value.lower():
                close = True
        if chunked:
            parts = []
            while True:
                line = await self.reader.readline()
                if not line.endswith(b"\n"):
                    # The server went away inside the body (a worker killed):
                    # a broken connection, to be sent again with the same key.
                    raise ConnectionError("connection closed inside a chunked body")
                size = int(line.strip(), 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            body = b"".join(parts)
        else:
            body = await self.reader.readexactly(length)
        if close:
            self.close()
        return status, body

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        for attempt in range(2):
            try:
                await self.send(path, body)
                return await self.receive()
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")


async def post_until_answered(
    conn: Connection, path: str, body: bytes, stats: Stats
) -> tuple[int, bytes]:
    """Send until an answer comes back: a connection that breaks (a worker
    killed, a network failure) gets the same request again, same key."""
    for _attempt in range(20):
        try:
            return await conn.post(path, body)
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            conn.close()
            stats.retries["re-sent after a broken connection"] += 1
            await asyncio.sleep(0.25)
    return await conn.post(path, body)


def payload(rng: random.Random, language: str, based_on: int | None) -> dict:
    sole = rng.random() < 0.17
    answers = {
        "forum_view": rng.choice(TEXTS) + f" ({uuid.uuid4().hex[:8]})",
        "sole_followup": "yes" if sole else "no",
        "level": rng.choice(["global", "regional", "national"]),
        "proposals": rng.sample(
            ["ga_agenda", "regional", "hld", "multilateral"], k=rng.randint(1, 3)
        ),
    }
    if sole:
        answers["why_sole"] = "Other mechanisms would duplicate the Forum."
    return {
        "kind": "draft" if rng.random() < 0.15 else "submission",
        "answers": answers,
        "submission_key": str(uuid.uuid4()),
        "based_on": based_on,
        "language": language,
    }


def _record(
    stats: Stats,
    latest: dict[int, int | None],
    status: int,
    body: bytes,
    key: str,
    recipient: int,
    started: float,
) -> None:
    """Count one answer; an acknowledged version becomes the State's latest."""
    stats.latencies.append(time.perf_counter() - started)
    stats.statuses[status] += 1
    if status in (200, 201):
        number = json.loads(body)["number"]
        previous = stats.acknowledged.get(key)
        if previous is not None and previous != (recipient, number):
            stats.errors.append(f"key {key} acknowledged as {previous} and {number}")
        stats.acknowledged[key] = (recipient, number)
        latest[recipient] = max(latest[recipient] or 0, number)
    elif len(stats.errors) < 20:
        stats.errors.append(f"HTTP {status}: {body[:200]!r}")


async def client(
    n: int,
    port: int,
    links: list[dict],
    stop_at: float,
    stats: Stats,
    seed: int,
    interval: float = 0.0,
    first_at: float = 0.0,
) -> None:
    """One focal point's browser: it owns some States and knows their latest
    version, as a single person editing their own State's reply does."""
    rng = random.Random(seed)
    conn = Connection(port)
    latest: dict[int, int | None] = {link["recipient"]: None for link in links}

    def record(
        status: int, body: bytes, key: str, recipient: int, started: float
    ) -> None:
        _record(stats, latest, status, body, key, recipient, started)

    def due() -> float:
        """When the submission being sent was due: its scheduled moment if it
        is late (the wait in the queue counts), else now."""
        now = time.perf_counter()
        return min(now, scheduled) if interval else now

    scheduled = first_at
    while time.perf_counter() < stop_at:
        if interval:
            # Open model: submissions arrive on a schedule whether or not the
            # server keeps up; latency counts from the scheduled moment, so a
            # slow server cannot hide its queue (no coordinated omission).
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if scheduled >= stop_at:
                break
        link = rng.choice(links)
        recipient = link["recipient"]
        path = f"/api/v1/links/{link['token']}/reply"
        data = payload(rng, link["language"], latest[recipient])
        body = json.dumps(data).encode()
        key = data["submission_key"]
        roll = rng.random()
        try:
            if roll < 0.03:
                # Network failure: the request leaves, the answer never arrives.
                stats.retries["dropped then re-sent"] += 1
                started = due()
                await conn.send(path, body)
                conn.close()
                status, answer = await post_until_answered(conn, path, body, stats)
                record(status, answer, key, recipient, started)
            elif roll < 0.05:
                # Double click: the same submission twice at once.
                stats.retries["sent twice at once"] += 1
                twin = Connection(port)
                started = due()
                first, second = await asyncio.gather(
                    post_until_answered(conn, path, body, stats),
                    post_until_answered(twin, path, body, stats),
                )
                twin.close()
                record(*first, key, recipient, started)
                record(*second, key, recipient, started)
                if sorted((first[0], second[0])) != [200, 201]:
                    stats.errors.append(
                        f"double click answered {first[0]} and {second[0]}"
                    )
            else:
                started = due()
                status, answer = await post_until_answered(conn, path, body, stats)
                record(status, answer, key, recipient, started)
                if roll < 0.10 and status in (200, 201):
                    # Retry after a timeout on the client's side: same request again.
                    stats.retries["re-sent after the answer"] += 1
                    started = time.perf_counter()
                    again = await post_until_answered(conn, path, body, stats)
                    record(*again, key, recipient, started)
                    if again[0] != 200:
                        stats.errors.append(f"retry answered {again[0]}")
        except Exception as exc:  # a benchmark counts failures, it does not stop
            stats.statuses["exception"] += 1
            if len(stats.errors) < 20:
                stats.errors.append(f"client {n}: {type(exc).__name__}: {exc}")
            conn.close()
        scheduled += interval
    conn.close()


async def warm_up(port: int, links: list[dict], clients: int) -> None:
    """Until every worker answers: each opens its database connection and
    reads the questionnaire once, as a server that has been up for a while has."""

    async def get(link: dict) -> None:
        reader, writer = await asyncio.open_connection(HOST, port)
        writer.write(
            f"GET /api/v1/links/{link['token']}/reply HTTP/1.1\r\nHost: {HOST}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        await reader.read()
        writer.close()

    for _round in range(3):
        await asyncio.gather(*(get(links[i % len(links)]) for i in range(clients)))


async def load(
    port: int,
    links: list[dict],
    clients: int,
    seconds: float,
    stats: Stats,
    server,
    rate: float,
    kill_at: float | None = None,
) -> float:
    await warm_up(port, links, clients)
    app, db = process_tree(server.pid), postgres_pids(DB_NAME)
    before = (
        cpu_seconds(app),
        cpu_seconds(db),
        time.process_time(),
        os.getloadavg()[0],
    )
    # Each client owns a disjoint set of States, so that its based_on is exact
    # (conflicts are the API's answer to stale clients, tested elsewhere).
    shares = [links[i::clients] for i in range(clients)]
    active = [i for i in range(clients) if shares[i]]
    # Open model: each client sends on its own schedule, one submission every
    # ``interval`` seconds, the clients' schedules staggered evenly, so that
    # together they offer ``rate`` submissions per second (deliberate repeats
    # come on top).
    interval = len(active) / rate if rate else 0.0
    started = time.perf_counter()
    stop_at = started + seconds

    async def kill_a_worker() -> None:
        await asyncio.sleep(kill_at)
        workers = process_tree(server.pid)[1:]
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            stats.killed.append((workers[0], time.perf_counter() - started))

    killer = asyncio.create_task(kill_a_worker()) if kill_at is not None else None
    await asyncio.gather(
        *(
            client(
                i,
                port,
                shares[i],
                stop_at,
                stats,
                seed=i,
                interval=interval,
                first_at=started + interval * n / len(active),
            )
            for n, i in enumerate(active)
        )
    )
    elapsed = time.perf_counter() - started
    if killer is not None:
        await killer
    stats.cpu = {
        "app": cpu_seconds(app) - before[0],
        "db": cpu_seconds(db) - before[1],
        "client": time.process_time() - before[2],
        "load_before": before[3],
        "load_after": os.getloadavg()[0],
    }
    return elapsed


# --- Counting -------------------------------------------------------------------------


def count(stats: Stats) -> dict[str, int]:
    from django.db import connections
    from django.db.models import Count

    from migdev.consultation.responses.models import ResponseVersion

    connections.close_all()
    saved = dict(ResponseVersion.objects.values_list("submission_key", "recipient_id"))
    numbers = {
        key: (recipient, number)
        for key, recipient, number in ResponseVersion.objects.values_list(
            "submission_key", "recipient_id", "number"
        )
    }
    duplicated_keys = (
        ResponseVersion.objects.values("recipient_id", "submission_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    lost = sum(1 for key, ack in stats.acknowledged.items() if numbers.get(key) != ack)
    unacknowledged = sum(1 for key in saved if key not in stats.acknowledged)
    from migdev.outreach.models import Message

    return {
        "versions": len(saved),
        "lost": lost,
        "duplicated": duplicated_keys + unacknowledged,
        "receipts": Message.objects.filter(kind="receipt").count(),
        "receipts_pending": Message.objects.filter(
            kind="receipt", status="pending"
        ).count(),
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    global DB_NAME
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--rate",
        type=float,
        default=200.0,
        help="Submissions per second offered, spread over the clients (open "
        "model; latency counted from the scheduled moment). 0: each client "
        "sends as fast as it is answered (closed model: the maximum throughput).",
    )
    parser.add_argument(
        "--database",
        choices=["postgresql", "sqlite"],
        default="postgresql",
        help="postgresql (on 127.0.0.1:5432) or an SQLite file (WAL, busy "
        "timeout, BEGIN IMMEDIATE: the site's SQLite settings).",
    )
    parser.add_argument(
        "--kill-worker-at",
        type=float,
        default=None,
        metavar="SECONDS",
        help="SIGKILL one gunicorn worker this many seconds into the run.",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="Port for gunicorn (default: a free one)."
    )
    parser.add_argument(
        "--db-name",
        default=DB_NAME,
        help=f"PostgreSQL database to create and drop (default {DB_NAME}).",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--receipts",
        choices=["task", "on_commit", "job"],
        default="task",
        help="task (the site's default): each submission enqueues its receipt and "
        "a delivery task for the worker (no worker runs here, so they stay "
        "queued); on_commit: the request's thread sends after the commit "
        "(e-mail to memory); job: enqueue only, the scheduled job sends.",
    )
    parser.add_argument(
        "--no-health-checks",
        dest="health_checks",
        action="store_false",
        help="Do not check each persistent connection at the start of every "
        "request (CONN_HEALTH_CHECKS, on by default): one round trip less per request.",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the database afterwards."
    )
    args = parser.parse_args()
    DB_NAME = args.db_name
    if not 1 <= args.clients <= 500 or not 1 <= args.seconds <= 300:
        parser.error("use 1–500 clients and 1–300 seconds")

    workdir = Path(tempfile.mkdtemp(prefix="migdev-bench-"))
    env = configure(
        workdir,
        delivery=args.receipts,
        health_checks=args.health_checks,
        database=args.database,
    )
    postgres = args.database == "postgresql"
    if postgres:
        admin_sql(
            f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)',
            f'CREATE DATABASE "{DB_NAME}"',
        )
    server = None
    try:
        t0 = time.perf_counter()
        links = prepare()
        print(
            f"Prepared {len(links)} recipients with links in {time.perf_counter() - t0:.1f} s"
        )
        port = args.port or free_port()
        server = start_server(env, port, args.workers, args.threads)
        offered = (
            f"{args.rate:.0f} submissions/s offered"
            if args.rate
            else "as fast as answered"
        )
        print(
            f"{args.database}; "
            f"gunicorn: {args.workers} workers x {args.threads} threads (gthread) on "
            f"{HOST}:{port}; {args.clients} clients for {args.seconds:.0f} s, "
            f"{offered}; "
            f"receipts {args.receipts}; connection health checks "
            f"{'on' if args.health_checks else 'off'}"
        )
        stats = Stats()
        elapsed = asyncio.run(
            load(
                port,
                links,
                args.clients,
                args.seconds,
                stats,
                server,
                args.rate,
                args.kill_worker_at,
            )
        )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    try:
        result = count(stats)
    finally:
        from django.db import connections

        connections.close_all()
        if postgres and not args.keep:
            admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    answered = stats.statuses[200] + stats.statuses[201]
    lat_ms = [x * 1000 for x in stats.latencies]
    errors = sum(v for k, v in stats.statuses.items() if k not in (200, 201))
    print(f"\nDuration                 {elapsed:.1f} s")
    print(
        f"Submissions answered     {answered} ({answered / elapsed:.0f}/s): "
        f"{stats.statuses[201]} new versions (201), {stats.statuses[200]} repeats recognized (200)"
    )
    print(f"New versions per second  {stats.statuses[201] / elapsed:.0f}")
    print(
        "Deliberate repeats       "
        + ", ".join(f"{v} {k}" for k, v in sorted(stats.retries.items()))
    )
    print(
        f"Latency (ms)             p50 {percentile(lat_ms, 50):.1f}  p95 {percentile(lat_ms, 95):.1f}  "
        f"p99 {percentile(lat_ms, 99):.1f}  max {max(lat_ms, default=float('nan')):.1f}"
        f"  mean {statistics.fmean(lat_ms) if lat_ms else float('nan'):.1f}"
    )
    requests = max(1, len(stats.latencies))
    cpu = stats.cpu
    print(
        f"CPU per request (ms)     gunicorn {1000 * cpu['app'] / requests:.1f}  "
        + (f"PostgreSQL {1000 * cpu['db'] / requests:.1f}  " if postgres else "")
        + f"client {1000 * cpu['client'] / requests:.1f}"
        f"  (machine load average {cpu['load_before']:.1f} before, {cpu['load_after']:.1f} after; "
        f"{os.cpu_count()} CPUs)"
    )
    for pid, at in stats.killed:
        print(f"Worker killed            PID {pid} with SIGKILL at {at:.1f} s")
    print(
        f"Errors                   {errors} { {k: v for k, v in stats.statuses.items() if k not in (200, 201)} }"
    )
    print(
        f"Versions in the database {result['versions']}; receipts {result['receipts']} "
        f"({result['receipts_pending']} left for the job)"
    )
    print(f"Lost replies             {result['lost']}")
    print(f"Duplicated replies       {result['duplicated']}")
    for message in stats.errors[:10]:
        print("  ", message)
    ok = result["lost"] == 0 and result["duplicated"] == 0 and not stats.errors
    print("\nRESULT: " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
