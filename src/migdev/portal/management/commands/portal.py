"""``migdev portal render | clear`` — the files the front server serves."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from migdev.portal import prerender, publish


class Command(BaseCommand):
    help = (
        "The portal's rendered files: `render` writes every area's profile in "
        "the six languages and the common downloads of the latest published "
        "releases under PORTAL_ROOT (run it after a deployment, and daily from "
        "cron so that roles that change with the date are current); `clear` "
        "removes them (Django then answers everything)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["render", "clear"])
        parser.add_argument(
            "-q", "--quiet", action="store_true", help="no progress bar"
        )

    def handle(self, *args, action: str, quiet: bool = False, **options) -> None:
        if action == "clear":
            removed = prerender.clear_files()
            publish.bump()
            self.stdout.write(f"{removed} files removed from {publish.root()}")
            return
        with tqdm(unit=" profiles", disable=quiet or not self.stdout.isatty()) as bar:
            done = prerender.render_all(progress=lambda n: bar.update(n - bar.n))
        publish.bump()
        self.stdout.write(f"{done} in {publish.root()}")
