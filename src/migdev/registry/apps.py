from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module, NavEntry


class RegistryConfig(AppConfig):
    name = "migdev.registry"
    label = "registry"
    verbose_name = _("Registry of States and organizations")
    # The data module starts from the registry's pages (the migrant-stock
    # engine has no pages yet).
    modules = (
        Module(
            key="data",
            title=_("Data"),
            summary=_(
                "International migrant stock estimates by destination, origin, sex and age; remittance flows and costs; the registry of countries, groupings and organizations."
            ),
            references=("¶6", "¶13", "¶26", "¶42"),
            urls="migdev.registry.urls",
            links=(
                (_("States and areas"), "registry:countries"),
                (_("Groupings"), "registry:groupings"),
                (_("Organizations"), "registry:organizations"),
                (_("API"), "/api/v1/docs"),
            ),
            nav=(
                NavEntry(
                    key="states", label=_("States"), url="registry:countries", order=60
                ),
                NavEntry(
                    key="organizations",
                    label=_("Organizations"),
                    url="registry:organizations",
                    order=70,
                ),
            ),
            order=40,
        ),
    )
