"""``migdev backup FILE.tar.gz`` — the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Write the whole database (SQLite online backup or pg_dump) and the "
        "uploaded files to one archive; 'migdev restore' reads it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", help="the file to write, e.g. migdev-2008-07-15.tar.gz"
        )

    def handle(self, *args, archive: str, **options) -> None:
        from migdev.core.backup import BackupError, backup

        try:
            summary = backup(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up the {summary} to {archive}.")
