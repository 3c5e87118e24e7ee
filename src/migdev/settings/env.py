"""Read settings from the environment, with messages that say what to fix."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_env(default_sqlite_path: Path) -> dict[str, Any]:
    """Parse DATABASE_URL (SQLite file by default) into a Django DATABASES entry."""
    url = env_str("DATABASE_URL")
    if url is None:
        default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{default_sqlite_path}"
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL={_redact(url)!r} is not understood: use "
            "'sqlite:////absolute/path/migdev.sqlite3' or "
            "'postgres://USER:PASSWORD@HOST:5432/NAME'."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises several kinds
        raise ImproperlyConfigured(
            f"DATABASE_URL={_redact(url)!r} could not be parsed ({exc}). "
            "Expected 'postgres://USER:PASSWORD@HOST:5432/NAME' or 'sqlite:////path/file.sqlite3'."
        ) from exc
    if config["ENGINE"].endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL={_redact(url)!r} names no database: add '/NAME' at the end."
        )
    if config["ENGINE"].endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return config


# SQLite as a real embedded database, for many clients at once:
# - WAL lets readers go on while one writer writes (the mode is kept in the file);
# - a writer waits up to 20 s for the lock (the busy timeout) instead of failing;
# - a transaction that may write takes the write lock when it begins
#   (BEGIN IMMEDIATE): a transaction that read first and then asked for the
#   lock could not wait for it, SQLite answers "database is locked" at once;
# - synchronous=NORMAL is safe in WAL mode (a power cut may lose the last
#   commits, never corrupt the file).
SQLITE_OPTIONS: dict[str, Any] = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def email_from_env(default_dir: Path) -> dict[str, Any]:
    """E-mail settings: EMAIL_URL=smtp://user:pass@host:port (smtps:// for TLS),
    'console:' or 'file:///dir'. Default: files in var/mail."""
    url = env_str("EMAIL_URL")
    if url is None:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(default_dir),
        }
    if url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("file://"):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": url.removeprefix("file://"),
        }
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme not in {"smtp", "smtps", "submission"} or not parsed.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL={_redact(url)!r} is not understood: use "
            "'smtp://USER:PASSWORD@HOST:PORT', 'smtps://…' for implicit TLS, "
            "'submission://…' for STARTTLS, 'console:' or 'file:///directory'."
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname,
        "EMAIL_PORT": parsed.port
        or {"smtp": 25, "smtps": 465, "submission": 587}[parsed.scheme],
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": parsed.scheme == "submission",
        "EMAIL_TIMEOUT": 30,
    }


def _redact(url: str) -> str:
    """Hide a password in a URL before it goes into an error message."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url
