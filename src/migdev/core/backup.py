"""Backup and restore of a whole instance: the database and the uploaded files.

An archive (``.tar.gz``) holds ``manifest.json`` (format, database engine,
applied migrations, each file's SHA-256), the database — an SQLite online
backup (``database.sqlite3``) or a PostgreSQL custom-format dump
(``database.pgdump``, by ``pg_dump``) — and the files under ``media/``.
A restore goes into an empty database of the same engine (or, with
``force``, replaces what is there) and checks every file's checksum.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Summary:
    engine: str
    tables: int
    files: int
    size: int

    def __str__(self) -> str:
        return (
            f"{self.engine} database ({self.tables} tables) and {self.files} "
            f"uploaded files, {self.size / 1e6:.1f} MB"
        )


def _sqlite_copy(source_path: str | Path, target_path: str | Path) -> None:
    """Copy one SQLite database onto another with the online backup API: a
    consistent copy even while the site runs."""
    source = sqlite3.connect(str(source_path))
    target = sqlite3.connect(str(target_path))
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def _engine(alias: str = "default") -> str:
    engine = settings.DATABASES[alias]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"The database engine {engine} is not supported for backups.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore; the password goes in the
    environment, never on the command line."""
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(
            f"{cmd[0]} is not installed: install the PostgreSQL client of the "
            "server's version (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {result.stderr.strip()[:2000]}")


def _applied_migrations(alias: str = "default") -> list[list[str]]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def _table_count(alias: str = "default") -> int:
    return len(connections[alias].introspection.table_names())


def backup(target: Path, *, alias: str = "default") -> Summary:
    """Write the database and the uploaded files to ``target`` (.tar.gz)."""
    engine = _engine(alias)
    db = settings.DATABASES[alias]
    media = Path(settings.MEDIA_ROOT)
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="migdev-backup-") as tmp:
        dump = Path(tmp) / (
            "database.sqlite3" if engine == "sqlite" else "database.pgdump"
        )
        if engine == "sqlite":
            _sqlite_copy(db["NAME"], dump)
        else:
            args, env = _pg_env(db)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    *args,
                    "--file",
                    str(dump),
                    str(db["NAME"]),
                ],
                env,
            )
        files = _media_files(media)
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "migrations": _applied_migrations(alias),
            "files": {str(p.relative_to(media)): _sha256(p) for p in files},
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media)}")
        partial.rename(target)  # a backup that stopped halfway never looks whole
    return Summary(engine, _table_count(alias), len(files), target.stat().st_size)


def _database_is_empty(alias: str) -> bool:
    return not connections[alias].introspection.table_names()


def restore(source: Path, *, force: bool = False, alias: str = "default") -> Summary:
    """Restore the archive ``source`` into the configured database and media
    folder, which must be empty unless ``force``."""
    engine = _engine(alias)
    db = settings.DATABASES[alias]
    media = Path(settings.MEDIA_ROOT)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup at {source}.")
    with tempfile.TemporaryDirectory(prefix="migdev-restore-") as tmp:
        workdir = Path(tmp)
        try:
            with tarfile.open(source, "r:gz") as tar:
                # filter="data": no absolute paths, links or devices from an archive.
                tar.extractall(workdir, filter="data")
            manifest = json.loads((workdir / "manifest.json").read_text())
        except (tarfile.TarError, OSError, ValueError, KeyError) as exc:
            raise BackupError(
                f"{source} is not a migdev backup ({exc}): use a file made by "
                "'migdev backup'."
            ) from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{source} has an unknown backup format.")
        if manifest["engine"] != engine:
            raise BackupError(
                f"{source} holds a {manifest['engine']} database but DATABASE_URL "
                f"names a {engine} one: restore into the same kind of database."
            )
        restored_media = workdir / "media"
        for name, digest in manifest["files"].items():
            path = restored_media / name
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(
                    f"{source} is damaged: the file {name} is missing or altered."
                )
        if not force:
            if not _database_is_empty(alias):
                raise BackupError(
                    "The database is not empty: restore into a new database, or "
                    "add --force to replace everything in it."
                )
            if _media_files(media):
                raise BackupError(
                    f"{media} already holds files: restore into an empty folder, "
                    "or add --force to replace them."
                )
        connections[alias].close()
        if engine == "sqlite":
            _sqlite_copy(workdir / "database.sqlite3", db["NAME"])
        else:
            args, env = _pg_env(db)
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    *(["--clean", "--if-exists"] if force else []),
                    *args,
                    "--dbname",
                    str(db["NAME"]),
                    str(workdir / "database.pgdump"),
                ],
                env,
            )
        if force and media.exists():
            shutil.rmtree(media)
        media.mkdir(parents=True, exist_ok=True)
        if restored_media.exists():
            shutil.copytree(restored_media, media, dirs_exist_ok=True)
    return Summary(
        engine,
        _table_count(alias),
        len(manifest["files"]),
        source.stat().st_size,
    )
