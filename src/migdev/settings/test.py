"""Settings for the test suite. DATABASE_URL picks PostgreSQL; SQLite otherwise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from migdev.settings.base import *  # noqa: F403
from migdev.settings.env import env_str

_TMP = Path(tempfile.mkdtemp(prefix="migdev-test-"))

SECRET_KEY = env_str("SECRET_KEY", "test-only-key-not-secret-" + "x" * 40)
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = _TMP / "media"
STATIC_ROOT = _TMP / "static"
PORTAL_ROOT = _TMP / "portal"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
