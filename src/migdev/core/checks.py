"""Deployment checks of migdev (``migdev check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.database, deploy=True)
def sqlite_needs_consent(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """SQLite serves a demo or a small office well, but a deployment on it must
    be a decision, not the silent default of a missing DATABASE_URL."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3") and not getattr(
        settings, "MIGDEV_ALLOW_SQLITE", False
    ):
        return [
            checks.Error(
                "The database is SQLite: DATABASE_URL is not set, or names an SQLite file.",
                hint="Set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME, or "
                "MIGDEV_ALLOW_SQLITE=1 to deploy on SQLite on purpose "
                "(one machine; see docs/deployment.md).",
                id="migdev.E001",
            )
        ]
    return []
