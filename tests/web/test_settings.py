"""Configuration errors give a message that says what to fix, never a trace."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from migdev.settings.env import database_from_env, email_from_env


def test_malformed_database_url_names_the_expected_form(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql//oops")
    with pytest.raises(
        ImproperlyConfigured, match="postgres://USER:PASSWORD@HOST:5432/NAME"
    ):
        database_from_env(tmp_path / "x.sqlite3")


def test_database_url_password_is_not_echoed(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "oracle://scott:tiger@db/x")
    with pytest.raises(ImproperlyConfigured) as info:
        database_from_env(tmp_path / "x.sqlite3")
    assert "tiger" not in str(info.value)


def test_default_database_is_a_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "var" / "migdev.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var" / "migdev.sqlite3")


def test_email_url_selects_smtp(monkeypatch, tmp_path):
    monkeypatch.setenv("EMAIL_URL", "submission://user:p%40ss@mail.example.org:587")
    config = email_from_env(tmp_path)
    assert config["EMAIL_HOST"] == "mail.example.org"
    assert config["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert config["EMAIL_USE_TLS"] is True
    monkeypatch.setenv("EMAIL_URL", "pigeon://coop")
    with pytest.raises(ImproperlyConfigured, match="smtp://USER:PASSWORD@HOST:PORT"):
        email_from_env(tmp_path)


def _clean_env(extra):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **(extra or {})}


def _migdev(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "migdev.cli", *args],
        capture_output=True,
        text=True,
        env=_clean_env(env),
        cwd=cwd,
        timeout=120,
    )


def test_cli_reports_a_bad_database_url_in_one_line(tmp_path):
    result = _migdev(
        "check",
        env={
            "DATABASE_URL": "nonsense",
            "DJANGO_SETTINGS_MODULE": "migdev.settings.dev",
            "MIGDEV_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 2
    assert "DATABASE_URL='nonsense' is not understood" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "migdev.settings.production",
        "SECRET_KEY": "k" * 20 + "Zq9!xR2#vB7@pL4$" * 3,
        "ALLOWED_HOSTS": "migdev.example.org",
        "MIGDEV_VAR_DIR": str(tmp_path),
        # check --deploy reads the settings only; it does not connect.
        "DATABASE_URL": "postgres://migdev:secret@db.example.org:5432/migdev",
    }
    result = _migdev("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _production_env(tmp_path, **extra):
    return {
        "DJANGO_SETTINGS_MODULE": "migdev.settings.production",
        "SECRET_KEY": "k" * 20 + "Zq9!xR2#vB7@pL4$" * 3,
        "ALLOWED_HOSTS": "migdev.example.org",
        "MIGDEV_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "MIGDEV_ALLOW_SQLITE": "",
        **extra,
    }


def test_check_deploy_fails_on_production_without_database_url(tmp_path):
    result = _migdev("check", "--deploy", env=_production_env(tmp_path))
    assert result.returncode != 0
    assert "DATABASE_URL must name the PostgreSQL database" in result.stderr
    assert "MIGDEV_ALLOW_SQLITE=1" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_an_sqlite_url_unless_allowed(tmp_path):
    sqlite = f"sqlite:///{tmp_path}/db.sqlite3"
    refused = _migdev(
        "check", "--deploy", env=_production_env(tmp_path, DATABASE_URL=sqlite)
    )
    assert refused.returncode == 2
    assert "MIGDEV_ALLOW_SQLITE=1" in refused.stderr
    allowed = _migdev(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=_production_env(tmp_path, DATABASE_URL=sqlite, MIGDEV_ALLOW_SQLITE="1"),
    )
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_check_deploy_reports_sqlite_under_any_settings(tmp_path):
    """Settings of one's own (here the developer's) on SQLite: the deployment
    check says what to set."""
    env = {
        "DJANGO_SETTINGS_MODULE": "migdev.settings.dev",
        "MIGDEV_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "MIGDEV_ALLOW_SQLITE": "",
    }
    result = _migdev("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "migdev.E001" in result.stderr
    assert "DATABASE_URL=postgres://" in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "migdev.settings.production",
        "SECRET_KEY": "",
        "ALLOWED_HOSTS": "x.org",
        "MIGDEV_VAR_DIR": str(tmp_path),
    }
    result = _migdev("check", env=env)
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr


def test_an_unmigrated_database_gets_a_clear_page(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "migdev.settings.dev",
        "MIGDEV_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3",
    }
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(HTTP_HOST='localhost').get('/states/'); print(r.status_code); print(r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_clean_env(env),
        timeout=120,
    )
    assert result.stdout.splitlines()[0] == "503", result.stdout + result.stderr
    assert "migdev migrate" in result.stdout
