#!/usr/bin/env python3
"""Dead code check of ``make lint``: vulture over ``src/migdev``.

Reports functions, methods, classes, properties and imports that nothing in
the package uses, and unreachable code. Variables and attributes are not
reported: in a Django project most are read by name from outside Python
(model fields, settings, choices, API schema fields, template variables), and
vulture cannot see those uses.

What is used only from outside Python (a template, a dotted path in the
settings, Django calling a method by its name) is listed in
``scripts/dead_code_whitelist.py``, with where it is used; the names and
decorators Django calls implicitly are in ``[tool.vulture]`` of
``pyproject.toml``. Code used only by tests is dead: remove it, and the test.

Usage: ``scripts/dead_code.py [PATH…]`` (default: the ``paths`` of the
configuration); exit status 1 when something is unused.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from vulture import Vulture

ROOT = Path(__file__).resolve().parent.parent
#: What vulture finds that this check reports (see the docstring).
REPORTED = {"function", "method", "class", "property", "import", "unreachable_code"}


def main(argv: list[str] | None = None) -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["vulture"]
    vulture = Vulture(
        ignore_names=config.get("ignore_names", []),
        ignore_decorators=config.get("ignore_decorators", []),
    )
    paths = argv if argv else [str(ROOT / p) for p in config["paths"]]
    vulture.scavenge(paths, exclude=config.get("exclude", []))
    unused = [
        item
        for item in vulture.get_unused_code(
            min_confidence=config.get("min_confidence", 60)
        )
        if item.typ in REPORTED
    ]
    for item in unused:
        path = Path(item.filename).resolve()
        path = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{path}:{item.first_lineno}: {item.message}")  # noqa: T201
    if unused:
        print(  # noqa: T201
            f"\n{len(unused)} unused: remove it, or, if it is used from outside "
            "Python, add it to scripts/dead_code_whitelist.py saying where."
        )
    return 1 if unused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
