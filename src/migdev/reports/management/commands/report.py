"""``migdev report build SLUG --lang zh --format pdf --as-of 2008-07-15 -o FILE``

Build a report as of a day in one language and format, with progress on
standard error; the file is written whole or not at all. Also
``migdev report list`` and ``migdev report compare BUILD BUILD``.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from migdev.core.audit import system_actor
from migdev.core.errors import BadInput
from migdev.reports import outputs, selectors, services
from migdev.reports.engine import BuildError
from migdev.reports.models import Build, Report


class Command(BaseCommand):
    help = "Build reports (HTML, PDF, Word) as of a day; list them; compare two builds."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="build one language in one format")
        build.add_argument("slug")
        build.add_argument("--lang", required=True, help="ar, zh, en, fr, ru or es")
        build.add_argument("--format", required=True, choices=outputs.FORMATS)
        build.add_argument("--as-of", help="YYYY-MM-DD (default: the report's day)")
        build.add_argument("-o", "--output", required=True, help="the file to write")
        build.add_argument(
            "--as", dest="username", help="build as this user (default: the system)"
        )
        sub.add_parser("list", help="the reports and their templates")
        compare = sub.add_parser("compare", help="what changed between two builds")
        compare.add_argument("first", type=int)
        compare.add_argument("second", type=int)

    def handle(self, *args, **options):
        action = options["action"]
        if action == "build":
            return self._build(options)
        if action == "list":
            for report in Report.objects.prefetch_related("templates"):
                languages = ", ".join(t.language for t in report.templates.all())
                self.stdout.write(
                    f"{report.slug}\t{report.symbol}\t{report.status}\t{languages}"
                )
            return None
        return self._compare(options["first"], options["second"])

    def _actor(self, username: str | None):
        if not username:
            return system_actor()
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"there is no user {username!r}") from exc

    def _build(self, options) -> None:
        started = time.perf_counter()
        try:
            report = Report.objects.get(slug=options["slug"])
        except Report.DoesNotExist as exc:
            known = ", ".join(Report.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(
                f"there is no report {options['slug']!r} (known: {known})"
            ) from exc
        try:
            as_of = (
                dt.date.fromisoformat(options["as_of"])
                if options["as_of"]
                else report.as_of
            )
        except ValueError as exc:
            raise CommandError(
                f"--as-of {options['as_of']!r} is not a date (YYYY-MM-DD)"
            ) from exc
        target = Path(options["output"])
        if not target.parent.exists():
            raise CommandError(f"the folder {target.parent} does not exist")

        def progress(message: str) -> None:
            sys.stderr.write(f"[{time.perf_counter() - started:5.1f}s] {message}\n")
            sys.stderr.flush()

        try:
            build, files = services.build_run(
                actor=self._actor(options["username"]),
                report=report,
                language=options["lang"],
                as_of=as_of,
                formats=(options["format"],),
                progress=progress,
            )
        except BuildError as exc:
            lines = "\n".join(f"  {p}" for p in exc.problems)
            raise CommandError(
                f"{report.slug} cannot be built in {options['lang']} as of {as_of}; nothing was written:\n{lines}"
            ) from exc
        except BadInput as exc:
            raise CommandError(exc.message) from exc
        content = files[options["format"]]
        outputs.write_atomic(target, content)
        progress(
            f"wrote {target} ({len(content) // 1024} kB); build #{build.pk} records its values"
        )

    def _compare(self, first: int, second: int) -> None:
        try:
            a, b = Build.objects.get(pk=first), Build.objects.get(pk=second)
        except Build.DoesNotExist as exc:
            raise CommandError("there is no such build") from exc
        changes = selectors.compare_builds(a, b)
        self.stdout.write(
            f"#{a.pk} ({a.language}, as of {a.as_of}, template r{a.template_revision}) → "
            f"#{b.pk} ({b.language}, as of {b.as_of}, template r{b.template_revision}): "
            f"{len(changes)} values differ"
        )
        for c in changes:
            self.stdout.write(
                f"  {c.block}  {{{{ {c.field} }}}}: {c.before} → {c.after}  ({c.why})"
            )
