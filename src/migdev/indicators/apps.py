from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module


class IndicatorsConfig(AppConfig):
    name = "migdev.indicators"
    label = "indicators"
    verbose_name = _("Data and indicators")
    default_auto_field = "django.db.models.BigAutoField"
    modules = (
        Module(
            key="indicators",
            title=_("Data releases"),
            nav_label=_("Releases"),
            summary=_(
                "Versioned releases of the international migrant stock and of "
                "remittance flows and costs, with their sources and methods."
            ),
            references=("¶6", "¶13", "¶15", "¶26", "¶42"),
            url="indicators:releases",
            urls="migdev.indicators.urls",
            prefix="data/",
            roles=frozenset({"secretariat"}),
            order=40,
        ),
    )

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.indicators import rules  # noqa: F401
