"""Settings for a real deployment: PostgreSQL, HTTPS behind a reverse proxy,
SMTP. Every secret and host name comes from the environment."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from migdev.settings.base import *  # noqa: F403
from migdev.settings.base import DATABASES, MIGDEV_ALLOW_SQLITE, SECRET_KEY
from migdev.settings.env import env_bool, env_list, env_str

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment to a random string of at least "
        "50 characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
# SQLite only on purpose: a missing DATABASE_URL is a mistake, not a choice.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not MIGDEV_ALLOW_SQLITE:
    raise ImproperlyConfigured(
        "DATABASE_URL must name the PostgreSQL database "
        "(postgres://USER:PASSWORD@HOST:5432/NAME); the production settings do not "
        "fall back to SQLite. To deploy on SQLite on purpose, set MIGDEV_ALLOW_SQLITE=1."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names this site answers to, comma-separated."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = False  # collectstatic's files, compressed and hashed
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind the reverse proxy that terminates TLS: the client's address is the one
# it appends to X-Forwarded-For (login throttling counts per address).
MIGDEV_PROXY_COUNT = int(env_str("MIGDEV_PROXY_COUNT", "1") or 0)
