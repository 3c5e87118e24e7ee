"""The demo data every report test builds over: the apps' demo loaders, as
``migdev demo`` runs them (the report's own included)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps


def load_all_demos() -> None:
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("migdev."):
            continue
        try:
            module = importlib.import_module(f"{app_config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.demo":
                raise
            continue
        module.load_demo()


@pytest.fixture
def demo(db, capsys):
    load_all_demos()
    capsys.readouterr()
    from migdev.reports.models import Report

    return Report.objects.get(slug="a-63-265")


ADDED = "They are reviewed after each meeting."


def with_sentence_added(source: str, key: str) -> str:
    """The template with a sentence added to the end of block ``key``."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"[para {key}]"))
    end = start + 1
    while end < len(lines) and not lines[end].startswith("["):
        end += 1
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1][0] == "%"):
        end -= 1  # not into a comment line
    lines[end - 1] += " " + ADDED
    return "\n".join(lines)
