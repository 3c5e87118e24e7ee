"""`migdev backup` and `migdev restore` round-trip the whole database and the
uploaded files, on SQLite and on PostgreSQL: the demo is set up in one
database, backed up, restored into a fresh one, and every table (every row of
it) and every file is compared."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _migdev(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "-m", "migdev.cli", *args],
        capture_output=True,
        text=True,
        env=base | env,
        timeout=900,
    )


def _instance(tmp_path: Path, name: str, database_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "migdev.settings.dev",
        "MIGDEV_VAR_DIR": str(tmp_path / name),
        "MEDIA_ROOT": str(tmp_path / name / "media"),
        "DATABASE_URL": database_url,
        "EMAIL_URL": "console:",
    }


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _round_trip(tmp_path: Path, source_url: str, target_url: str) -> None:
    source = _instance(tmp_path, "source", source_url)
    target = _instance(tmp_path, "target", target_url)
    made = _migdev("demo", "--no-serve", env=source)
    assert made.returncode == 0, made.stderr
    # One more upload than the demo's, with a name in another script.
    extra = Path(source["MEDIA_ROOT"]) / "replies" / "2008" / "réponse-égypte.txt"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_text("رد مصر\n")
    archive = tmp_path / "backup.tar.gz"
    saved = _migdev("backup", str(archive), env=source)
    assert saved.returncode == 0, saved.stderr
    assert "Backed up the" in saved.stdout

    restored = _migdev("restore", str(archive), env=target)
    assert restored.returncode == 0, restored.stderr
    files = _files(Path(source["MEDIA_ROOT"]))
    assert len(files) > 1
    assert _files(Path(target["MEDIA_ROOT"])) == files

    # Restoring again over the restored instance needs --force, then works.
    again = _migdev("restore", str(archive), env=target)
    assert again.returncode != 0
    assert "--force" in again.stderr
    forced = _migdev("restore", "--force", str(archive), env=target)
    assert forced.returncode == 0, forced.stderr
    assert _files(Path(target["MEDIA_ROOT"])) == files


def _sqlite_tables(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }


def test_sqlite_round_trip(tmp_path):
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    _round_trip(tmp_path, f"sqlite:///{source}", f"sqlite:///{target}")
    before, after = _sqlite_tables(source), _sqlite_tables(target)
    assert sum(len(rows) for rows in before.values()) > 1000
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], name


def _postgres_server() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return (
        url.rsplit("/", 1)[0]
        if url.startswith(("postgres://", "postgresql://"))
        else None
    )


def _pg_tables(url: str) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(url) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        tables = {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }
        # The sequences too: a restored database must not hand out used ids.
        tables["(sequences)"] = conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = 'public' ORDER BY sequencename"
        ).fetchall()
        return tables


@pytest.mark.skipif(
    _postgres_server() is None,
    reason="PostgreSQL round trip: run the suite with DATABASE_URL=postgres://…",
)
def test_postgresql_round_trip(tmp_path):
    import psycopg

    server = _postgres_server()
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    names = [f"{base}_backup_source", f"{base}_backup_target"]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        source, target = (f"{server}/{name}" for name in names)
        _round_trip(tmp_path, source, target)
        before, after = _pg_tables(source), _pg_tables(target)
        assert sum(len(rows) for rows in before.values()) > 1000
        assert before.keys() == after.keys()
        for name in before:
            assert before[name] == after[name], name
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_refuses_another_engine_and_a_damaged_archive(tmp_path):
    import io
    import json
    import tarfile

    archive = tmp_path / "pg.tar.gz"
    manifest = json.dumps({"format": 1, "engine": "postgresql", "files": {}}).encode()
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    env = _instance(tmp_path, "x", f"sqlite:///{tmp_path}/x.sqlite3")
    other = _migdev("restore", str(archive), env=env)
    assert other.returncode != 0
    assert "restore into the same kind of database" in other.stderr
    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive")
    junk = _migdev("restore", str(tmp_path / "junk.tar.gz"), env=env)
    assert junk.returncode != 0
    assert "is not a migdev backup" in junk.stderr
    assert "Traceback" not in junk.stderr
