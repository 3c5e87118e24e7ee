"""The demo report: A/63/265 as templates over the demo data (idempotent).
What it loads is ``demo_data/a-63-265.yaml``."""

from __future__ import annotations

from migdev.core.audit import system_actor
from migdev.core.demo_data import demo_data
from migdev.reports import services
from migdev.reports.models import Report


def load_demo() -> list:
    data = demo_data(__package__, "a-63-265")
    actor = system_actor()
    report = Report.objects.filter(slug=data["slug"]).first()
    if report is None:
        report = services.report_create(
            actor=actor,
            slug=data["slug"],
            symbol=data["symbol"],
            document_date=data["document_date"],
            as_of=data["as_of"],
            source_language=data["source_language"],
        )
    if report.status != Report.Status.FINAL:
        # Source language first, so that translations are in line with it.
        languages = sorted(
            data["templates"], key=lambda code: code != report.source_language
        )
        for language in languages:
            services.template_save(
                actor=actor,
                report=report,
                language=language,
                source=data["templates"][language],
                note="demo",
            )
    return []
