from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "migdev.consultation.analysis"
    label = "analysis"
    verbose_name = _("Analysis of replies")

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.consultation.analysis import rules  # noqa: F401
