from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module


class ReportsConfig(AppConfig):
    name = "migdev.reports"
    label = "reports"
    verbose_name = _("Reports")
    modules = (
        Module(
            key="reports",
            title=_("Reports"),
            summary=_(
                "The report of the Secretary-General to the General Assembly, assembled from live data in the six official languages."
            ),
            url="reports:list",
            urls="migdev.reports.urls",
            prefix="reports/",
            order=50,
        ),
    )

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.reports import rules  # noqa: F401
