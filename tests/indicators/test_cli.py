"""``migdev data``: import → publish → a newer release → the older one still citable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from migdev.indicators import selectors
from migdev.indicators.generated import write_inputs
from migdev.indicators.models import Release
from tests.indicators.support import official_workbooks

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("data", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_import_publish_newer_release_older_still_citable(
    tmp_path: Path, make_user
) -> None:
    make_user(make_user.SECRETARIAT, username="sec")
    first, _ = official_workbooks(tmp_path, seed=0)
    second, _ = official_workbooks(tmp_path, seed=1)
    out = run("import-un", str(first), "--dataset", "ims-demo")
    assert "ims-demo.v1" in out and "values imported" in out
    assert "nothing done" in run("import-un", str(first), "--dataset", "ims-demo")
    with pytest.raises(CommandError, match=r"--as|required"):
        run("publish", "ims-demo.v1")
    assert "published" in run("publish", "ims-demo.v1", "--as", "sec")
    out = run("import-un", str(second), "--dataset", "ims-demo")
    assert "ims-demo.v2" in out
    run("review", "ims-demo.v2", "--as", "sec")
    run("publish", "ims-demo.v2", "--as", "sec")
    listing = run("list")
    assert "* ims-demo.v2" in listing and "  ims-demo.v1" in listing
    assert selectors.release_latest_published("ims-demo").identifier == "ims-demo.v2"
    older = selectors.release_get("ims-demo.v1", None)
    assert older.is_published and older.values.count() == older.value_count > 0
    assert Release.objects.count() == 2


def test_estimate_imports_the_engine_with_intervals(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in")
    out = run("estimate", str(inputs), "-q")
    assert "migdev-stock-estimate.v1" in out
    release = Release.objects.get(identifier="migdev-stock-estimate.v1")
    with_bounds = release.values.filter(lower_95__isnull=False)
    assert with_bounds.exists()
    for v in with_bounds[:50]:
        assert v.lower_95 <= v.lower_80 <= v.value <= v.upper_80 <= v.upper_95


def test_only_the_secretariat_publishes(tmp_path: Path, make_user) -> None:
    make_user(make_user.FOCAL_POINT, country="FRA", username="fp")
    first, _ = official_workbooks(tmp_path)
    run("import-un", str(first), "--dataset", "ims-demo", "-q")
    with pytest.raises(CommandError, match=r"only the secretariat"):
        run("publish", "ims-demo.v1", "--as", "fp")
