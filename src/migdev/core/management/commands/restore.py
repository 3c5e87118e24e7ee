"""``migdev restore FILE.tar.gz [--force]`` — read back what ``migdev backup`` wrote."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Restore a backup into the database DATABASE_URL names (of the same "
        "kind, and empty) and the uploaded-files folder; --force replaces "
        "whatever is there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="a file written by 'migdev backup'")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database's tables and the uploaded files",
        )

    def handle(self, *args, archive: str, force: bool, **options) -> None:
        from migdev.core.backup import BackupError, restore

        try:
            summary = restore(Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the {summary} from {archive}.")
        self.stdout.write(
            "If this code is newer than the backup, run 'migdev migrate' next."
        )
