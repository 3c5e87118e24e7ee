"""What the benchmarks share: the PostgreSQL admin connection and the CPU time
of the processes they measure, read from /proc (Linux)."""

from __future__ import annotations

import os
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
