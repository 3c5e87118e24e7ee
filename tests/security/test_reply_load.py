"""The reply load benchmark, short, with a gunicorn worker killed mid-run: on
SQLite (the embedded default) always, on PostgreSQL when the suite runs on it.
No reply acknowledged may be lost, none saved twice, no request may fail."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow


def _run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    port = os.environ.get("MIGDEV_TEST_PORT")
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "benchmarks" / "consultation_submissions.py"),
            "--seconds",
            "6",
            "--clients",
            "24",
            "--rate",
            "60",
            "--kill-worker-at",
            "3",
            *(["--port", port] if port else []),
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _check(out: str) -> None:
    assert re.search(r"^Worker killed\s+PID \d+ with SIGKILL", out, re.M), out
    assert re.search(r"^Lost replies\s+0$", out, re.M), out
    assert re.search(r"^Duplicated replies\s+0$", out, re.M), out
    assert re.search(r"^Errors\s+0 ", out, re.M), out
    new = int(re.search(r"(\d+) new versions \(201\)", out).group(1))
    assert new >= 60, out  # the load did happen


def test_reply_load_on_sqlite_with_a_worker_killed():
    _check(_run("--database", "sqlite"))


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL run: run the suite with DATABASE_URL=postgres://…",
)
def test_reply_load_on_postgresql_with_a_worker_killed():
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    _check(_run("--database", "postgresql", "--db-name", f"{base}_bench"))
