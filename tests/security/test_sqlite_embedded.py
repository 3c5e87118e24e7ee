"""SQLite as the embedded default: WAL, a busy timeout and BEGIN IMMEDIATE, so
that many writers at once wait their turn instead of failing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from migdev.settings.env import database_from_env

# Eight threads, each 25 transactions that read and then write the same row, as
# a reply does (look the link up, then save the version), on an SQLite file.
SCRIPT = r"""
import json, threading
import django
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as c:
    c.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
    c.execute("INSERT INTO counter VALUES (1, 0)")
    mode = c.execute("PRAGMA journal_mode").fetchone()[0]
    busy = c.execute("PRAGMA busy_timeout").fetchone()[0]
connections.close_all()
errors = []

def work():
    try:
        for _ in range(25):
            try:
                with transaction.atomic():
                    with connection.cursor() as c:
                        n = c.execute("SELECT n FROM counter WHERE id = 1").fetchone()[0]
                        c.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
            except Exception as exc:
                errors.append(str(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
with connection.cursor() as c:
    n = c.execute("SELECT n FROM counter WHERE id = 1").fetchone()[0]
print(json.dumps({"mode": mode, "busy": busy, "n": n, "errors": errors[:3], "failed": len(errors)}))
"""


def test_sqlite_settings_ask_for_wal_busy_timeout_and_immediate(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_concurrent_writers_on_sqlite_wait_instead_of_failing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DJANGO_SETTINGS_MODULE": "migdev.settings.dev",
        "MIGDEV_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/concurrent.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["mode"] == "wal"
    assert outcome["busy"] >= 5000
    assert outcome["failed"] == 0, outcome["errors"]
    # No update was lost: each transaction saw the previous one's write.
    assert outcome["n"] == 8 * 25
