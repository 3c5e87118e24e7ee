"""Settings shared by every configuration. Everything secret or site-specific
comes from the environment (see settings/env.py and docs/deployment.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from migdev.core.i18n import LANGUAGE_LABELS
from migdev.settings.env import (
    database_from_env,
    email_from_env,
    env_bool,
    env_list,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Where a running instance keeps its files (SQLite database, mail, uploads).
VAR_DIR = Path(env_str("MIGDEV_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "migdev.web.apps.MigdevAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' assets locally instead of from a CDN
    "axes",  # login throttling (see "Login throttling" below)
    "migdev.core",
    "migdev.registry",
    "migdev.outreach",
    "migdev.consultation.questionnaires",
    "migdev.consultation.campaigns",
    "migdev.consultation.responses",
    "migdev.consultation.analysis",
    "migdev.forum",
    "migdev.cooperation",
    "migdev.unsystem",
    "migdev.indicators",
    "migdev.portal",
    "migdev.reports",
    "migdev.web",
]

# "Pages…" middleware is Django's (or a library's), passed over by the API's
# requests under /api/ (migdev.core.middleware.pages_only).
MIDDLEWARE = [
    # First, so that every response carries the policy (static files and errors too).
    "migdev.web.middleware.ContentSecurityPolicyMiddleware",
    # Then: every error under /api/ is the API's JSON error body.
    "migdev.core.api.errors.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "migdev.web.middleware.PagesWhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "migdev.web.middleware.PagesLocaleMiddleware",
    # The API's addresses carry no language: Accept-Language says it.
    "migdev.core.api.language.ApiLanguageMiddleware",
    "migdev.core.middleware.RootLanguageMiddleware",
    "migdev.web.middleware.PagesCommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "migdev.web.middleware.PagesMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "migdev.core.middleware.BadInputMiddleware",
    "migdev.core.middleware.DatabaseNotReadyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "migdev.urls"
WSGI_APPLICATION = "migdev.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "migdev.web.context_processors.navigation",
            ],
            # un_date and un_datetime in every template, e-mails included.
            "builtins": ["migdev.core.templatetags.languages"],
        },
    }
]

DATABASES = {"default": database_from_env(VAR_DIR / "migdev.sqlite3")}
# A deployment on SQLite must say so (the production settings refuse it otherwise,
# and `check --deploy` reports it: migdev.E001).
MIGDEV_ALLOW_SQLITE = env_bool("MIGDEV_ALLOW_SQLITE", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses a login attempt while its account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The site's own page, the same with DEBUG on or off.
CSRF_FAILURE_VIEW = "migdev.web.views.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The six official languages of the United Nations (migdev.languages).
LANGUAGE_CODE = "en"
LANGUAGES = list(LANGUAGE_LABELS.items())
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "migdev_language"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Profiles and downloads rendered when a release is published (migdev.portal),
# served by the front server (docs/deployment.md) or by Django.
PORTAL_ROOT = Path(env_str("PORTAL_ROOT", str(VAR_DIR / "portal")))
# Render them when a release is published (a task for the worker).
PORTAL_RENDER = True
MEDIA_URL = "/media/"
# WhiteNoise serves the apps' static files straight from their folders when
# they have not been collected (a demo, a developer's machine): pages look the
# same with DEBUG on or off. A deployment runs collectstatic (see production).
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

vars().update(email_from_env(VAR_DIR / "mail"))
# Absolute address of the site, for links in e-mails (no trailing slash).
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "migdev <no-reply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Login throttling (django-axes) on /accounts/login/ and /admin/login/: after
# MIGDEV_LOGIN_FAILURE_LIMIT failed attempts for one account, or from one
# address, further attempts are refused for MIGDEV_LOGIN_COOLOFF_MINUTES (each
# refused attempt starts the wait again). The secretariat unlocks with
# `migdev axes_reset_username NAME` / `migdev axes_reset_ip ADDRESS`, or by
# deleting the access attempt in the admin.
AXES_FAILURE_LIMIT = int(env_str("MIGDEV_LOGIN_FAILURE_LIMIT", "10") or 10)
AXES_COOLOFF_TIME = timedelta(
    minutes=int(env_str("MIGDEV_LOGIN_COOLOFF_MINUTES", "30") or 30)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "migdev.web.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "migdev.web.security.client_ip"
AXES_VERBOSE = False
# Reverse proxies in front of the site that append to X-Forwarded-For (0: the
# client connects directly). The production settings assume one.
MIGDEV_PROXY_COUNT = int(env_str("MIGDEV_PROXY_COUNT", "0") or 0)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
