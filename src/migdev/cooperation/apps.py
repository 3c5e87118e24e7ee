from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module, NavEntry


class CooperationConfig(AppConfig):
    name = "migdev.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation mechanisms")
    modules = (
        Module(
            key="cooperation",
            title=_("Cooperation mechanisms and the United Nations system"),
            nav_label=_("Cooperation"),
            summary=_(
                "Regional intergovernmental bodies and regional consultative processes, their instruments and funds, and the activities of United Nations entities."
            ),
            references=("¶25–68", "¶73–75"),
            url="cooperation:home",
            urls="migdev.cooperation.urls",
            prefix="cooperation/",
            nav=(
                NavEntry(
                    key="cooperation-coverage",
                    label=_("RCP coverage"),
                    url="cooperation:coverage",
                    order=31,
                ),
            ),
            order=30,
        ),
    )

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.cooperation import rules  # noqa: F401
