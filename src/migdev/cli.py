"""The ``migdev`` command.

``migdev stock …`` runs the statistics core alone (no Django is imported);
every other sub-command is a Django management command (``migdev demo``,
``migdev migrate``, ``migdev load_reference_data``…).
"""

from __future__ import annotations

import os
import sys

# What a user reaches for first; Django's own list of every sub-command follows.
OVERVIEW = """\
usage: migdev <command> [options]

Commands of migdev:
  demo [--port N] [--no-serve]     migrate, load reference and demo data, serve
  stock estimate INPUT_DIR -o DIR  estimate the international migrant stock
  stock read-un FILE.xlsx -o CSV   read an official UN DESA migrant-stock workbook
  data import-un FILE.xlsx         import official tables as a dataset release
  data list | publish ID --as USER list, review and publish dataset releases
  campaigns run-due                send due reminders and pending e-mail (run daily)
  db_worker                        the task worker (e-mail after dispatch, receipts)
  load_reference_data              refresh States, groupings and organizations
  missing_translations             list six-language texts that lack a language

'migdev stock --help' and 'migdev help <command>' tell more.
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args in ([], ["-h"], ["--help"], ["help"]):
        sys.stdout.write(OVERVIEW)
        sys.stdout.flush()
    if args[:1] == ["stock"]:
        from migdev.stats.cli import main as stock_main

        return stock_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migdev.settings.dev")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["migdev", *args])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"migdev: configuration error: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
