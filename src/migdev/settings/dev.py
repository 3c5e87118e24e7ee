"""Settings for a developer's or a demo machine: SQLite in ./var by default,
e-mail to files in ./var/mail, a secret key kept in ./var."""

from __future__ import annotations

import secrets

from migdev.settings.base import *  # noqa: F403
from migdev.settings.base import VAR_DIR
from migdev.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)


def _local_secret_key() -> str:
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY") or _local_secret_key()
