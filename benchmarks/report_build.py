"""How long the demo report A/63/265 takes to build in every language that
has a template and in the three formats (HTML, PDF, Word).

Loads the demo into a throw-away SQLite database, then builds each language
through the same service as ``migdev report build`` (fields filled as of the
report's day, each build recorded), once with the map drawing cache empty
(the first build of a day draws the response map) and once warm. Prints, per
language and format, the wall-clock and the CPU time, and the totals: the
target is under 60 seconds for the whole report. The machine is shared:
read the CPU time as well as the wall-clock.

Run: .venv/bin/python benchmarks/report_build.py
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    var = Path(tempfile.mkdtemp(prefix="migdev-report-bench-"))
    os.environ["MIGDEV_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "migdev.settings.dev"
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from migdev.core.audit import system_actor
    from migdev.reports import outputs, services
    from migdev.reports.models import Report

    call_command("demo", "--no-serve", stdout=io.StringIO())
    report = Report.objects.get(slug="a-63-265")
    languages = list(
        report.templates.order_by("language").values_list("language", flat=True)
    )
    actor = system_actor()
    print(f"{report.symbol}: languages with a template: {', '.join(languages)}")
    print(f"machine: {os.cpu_count()} cores, load {_load()} before the builds")
    for run in ("cold", "warm"):
        if run == "cold":
            cache.clear()
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for language in languages:
            for fmt in outputs.FORMATS:
                w, c = time.perf_counter(), time.process_time()
                _build, files = services.build_run(
                    actor=actor,
                    report=report,
                    language=language,
                    as_of=report.as_of,
                    formats=(fmt,),
                )
                print(
                    f"  {run} {language:8} {fmt:5} {time.perf_counter() - w:6.2f} s wall"
                    f" {time.process_time() - c:6.2f} s CPU {len(files[fmt]):>10,} bytes"
                )
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        n = len(languages) * len(outputs.FORMATS)
        print(
            f"{run}: {n} builds in {wall:.1f} s wall, {cpu:.1f} s CPU (target: under 60 s)"
            f"; load {_load()}"
        )


def _load() -> str:
    """The 1, 5 and 15-minute load averages: on a shared machine the wall
    clock says as much about the others as about the build."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
