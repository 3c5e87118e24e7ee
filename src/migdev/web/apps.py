from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module


class WebConfig(AppConfig):
    name = "migdev.web"
    label = "web"
    verbose_name = _("Web shell")
    # Modules the report foresees and no app brings yet: the shell shows them
    # as being built. The app that brings one declares the same key and takes
    # its place; nothing here needs to change.
    modules = (
        Module(
            key="forum",
            title=_("Global Forum on Migration and Development"),
            nav_label=_("Global Forum"),
            summary=_(
                "Chairs and troika, Steering Group, Friends of the Forum, annual meetings with their roundtables and civil-society days, the support unit and contributions."
            ),
            references=("¶11–20",),
            order=20,
            planned=True,
        ),
        Module(
            key="cooperation",
            title=_("Cooperation mechanisms and the United Nations system"),
            nav_label=_("Cooperation"),
            summary=_(
                "Regional intergovernmental bodies and regional consultative processes, their instruments and funds, and the activities of United Nations entities."
            ),
            references=("¶25–68",),
            order=30,
            planned=True,
        ),
        Module(
            key="reports",
            title=_("Reports"),
            summary=_(
                "The report of the Secretary-General to the General Assembly, assembled from live data in the six official languages."
            ),
            order=50,
            planned=True,
        ),
    )


class MigdevAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the secretariat-only site."""

    default = False
    default_site = "migdev.web.admin_site.SecretariatAdminSite"
