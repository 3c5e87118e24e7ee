"""The one loader of demo content: YAML files in each app's ``demo_data/``.

An app's demo step (its ``demo.load_demo()``, called by ``migdev demo``) keeps
the steps — which service to call, in what order, what to skip when run again
— and reads what it loads from data files beside it::

    from migdev.core.demo_data import demo_data

    data = demo_data(__package__, "replies")  # <app>/demo_data/replies.yaml

The files are YAML read with the safe loader (dates and times are YAML
timestamps: ``2008-04-30``, ``2008-03-18 14:00:00+00:00``), plus one tag:
``!text`` marks a text in several languages and makes it a
:class:`~migdev.core.i18n.LocalizedText`; its keys must be among the six
languages (``ar``, ``zh-hans``, ``en``, ``fr``, ``ru``, ``es``)::

    title: !text
      en: Follow-up to the High-level Dialogue
      fr: Suivi du Dialogue de haut niveau

A file that is missing or malformed raises :class:`DemoDataError` naming the
file, and the line for a YAML error or a wrong language. Files are read once
per process.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from migdev.core.i18n import LANGUAGE_CODES, LocalizedText

FOLDER = "demo_data"


class DemoDataError(Exception):
    """A demo data file is missing or malformed."""


class _Loader(yaml.SafeLoader):
    """The safe loader, knowing ``!text``; ``path`` names the file in errors."""

    path = ""


def _text(loader: _Loader, node: yaml.Node) -> LocalizedText:
    if not isinstance(node, yaml.MappingNode):
        raise DemoDataError(
            f"{loader.path}, line {node.start_mark.line + 1}: !text must be a "
            "mapping of language codes to texts."
        )
    for key, _value in node.value:
        if key.value not in LANGUAGE_CODES:
            raise DemoDataError(
                f"{loader.path}, line {key.start_mark.line + 1}: !text has "
                f"{key.value!r}, which is not one of the six languages "
                f"({', '.join(LANGUAGE_CODES)})."
            )
    return LocalizedText(loader.construct_mapping(node))


_Loader.add_constructor("!text", _text)


def demo_data_path(package: str, name: str) -> Path:
    """Where the demo data file ``name`` of ``package`` lives."""
    return Path(str(resources.files(package) / FOLDER / f"{name}.yaml"))


@functools.cache
def demo_data(package: str, name: str) -> Any:
    """The content of ``<package>/demo_data/<name>.yaml``.

    The result is cached: treat it as read-only (copy before changing)."""
    path = demo_data_path(package, name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DemoDataError(f"{path}: no such demo data file.") from None
    loader = _Loader(text)
    loader.path = str(path)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise DemoDataError(f"{path}: not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
