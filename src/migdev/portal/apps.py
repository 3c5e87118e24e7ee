from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public data portal: profiles, the open data API, the files
    rendered on publication. Its pages declare its module (``modules``)."""

    name = "migdev.portal"
    label = "portal"
    verbose_name = _("Data portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Publishing a release empties the portal's caches and renders its
        # profiles and downloads again (migdev.portal.publish).
        from migdev.portal import publish

        publish.connect()
