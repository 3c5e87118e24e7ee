from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module


class PortalConfig(AppConfig):
    """The public data portal: profiles, the open data API, the files
    rendered on publication. Its pages declare its module (``modules``):
    the navigation's "Data portal" entry opens ``portal:home``."""

    name = "migdev.portal"
    label = "portal"
    verbose_name = _("Data portal")
    default_auto_field = "django.db.models.BigAutoField"
    modules = (
        Module(
            key="portal",
            title=_("Data portal"),
            nav_label=_("Data portal"),
            summary=_(
                "Country and area profiles, maps, comparisons and an open data "
                "API with downloads, from migdev's published releases."
            ),
            references=("¶6", "¶13", "¶15", "¶26", "¶42"),
            url="portal:home",
            urls="migdev.portal.urls",
            prefix="portal/",
            order=35,
        ),
    )

    def ready(self) -> None:
        # Publishing a release empties the portal's caches and renders its
        # profiles and downloads again (migdev.portal.publish).
        from migdev.portal import publish

        publish.connect()
