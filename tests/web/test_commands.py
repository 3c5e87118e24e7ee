import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from migdev.registry.models import Country, Organization


@pytest.mark.django_db
def test_missing_translations_lists_records_without_a_language():
    org = Organization.objects.get(code="iom")
    org.name = {"en": "International Organization for Migration"}
    org.save()
    out = io.StringIO()
    call_command("missing_translations", "--language", "fr", stdout=out)
    assert "registry.Organization" in out.getvalue()
    assert "\tname\tfr" in out.getvalue()


@pytest.mark.django_db
def test_reference_data_load_is_idempotent():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    call_command("load_reference_data", stdout=out)
    assert Country.objects.count() == 250
    assert "250 countries or areas" in out.getvalue()


def test_demo_prepares_a_fresh_database_twice(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "migdev.settings.dev",
            "MIGDEV_VAR_DIR": str(tmp_path / "var"),
        }
    )
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "migdev.cli", "demo", "--no-serve"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert "http://127.0.0.1:8000/" in result.stdout
    for login in ("secretariat", "focal.fra", "reporter.iom", "forum.support"):
        assert login in result.stdout
    assert (tmp_path / "var" / "migdev.sqlite3").exists()


def test_demo_refuses_a_bad_port(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "migdev.settings.dev",
            "MIGDEV_VAR_DIR": str(tmp_path / "var"),
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "migdev.cli", "demo", "--port", "70000"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--port 70000 is not a TCP port" in result.stderr
    assert "Traceback" not in result.stderr


def test_migdev_stock_runs_without_django():
    code = (
        "import sys\nfrom migdev.cli import main\n"
        "try:\n    main(['stock', 'read-un', '/nonexistent.xlsx', '-o', '/tmp/x.csv'])\n"
        "except SystemExit:\n    pass\n"
        "print('django' in sys.modules, file=sys.stdout)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "False", (
        result.stdout + result.stderr
    )
    assert "nonexistent.xlsx" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "migdev.cli", "stock", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "read-un" in result.stdout
