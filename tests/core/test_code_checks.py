"""The checks of `make lint` beyond ruff's defaults: dead code (vulture,
scripts/dead_code.py) and the complexity rule (ruff C90)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "dead_code.py"

MODULE = """
from django.contrib import admin
from django.db import models


def used():
    return 1


def never_called():
    return used()


class Thing(models.Model):
    size = models.IntegerField()

    class Meta:
        ordering = ["size"]

    def __str__(self):
        return str(self.size)

    @property
    def doubled(self):
        return 2 * self.size


@admin.register(Thing)
class ThingAdmin(admin.ModelAdmin):
    list_display = ["size"]

    def get_queryset(self, request):
        return super().get_queryset(request)
"""


def _run(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_dead_code_is_reported_and_django_conventions_are_not(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(MODULE)
    result = _run(module)
    assert result.returncode == 1, result.stdout + result.stderr
    reported = set(re.findall(r"unused \w+ '(\w+)'", result.stdout))
    assert reported == {"never_called", "doubled"}


def test_the_package_has_no_dead_code():
    result = _run()
    assert result.returncode == 0, result.stdout


def test_make_lint_runs_both_checks():
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/dead_code.py" in lint
    assert "ruff check" in lint
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    assert "C90" in config["lint"]["select"]
    assert config["lint"]["mccabe"]["max-complexity"] <= 15
