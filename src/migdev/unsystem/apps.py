from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module


class UnsystemConfig(AppConfig):
    name = "migdev.unsystem"
    label = "unsystem"
    verbose_name = _("Activities of the United Nations system")
    modules = (
        Module(
            key="unsystem",
            title=_("Activities of the United Nations system"),
            nav_label=_("UN system"),
            summary=_(
                "Reporting cycles in which United Nations entities report their activities on international migration and development, reviewed by the secretariat for the report."
            ),
            references=("¶25–44",),
            url="unsystem:cycles",
            urls="migdev.unsystem.urls",
            prefix="un-system/",
            order=35,
        ),
    )

    def ready(self) -> None:
        from migdev.unsystem import mail, rules  # noqa: F401

        # The owner of the reporting cycles' outreach requests (links, reminders).
        mail.register()
