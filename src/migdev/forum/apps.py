from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module, NavEntry


class ForumConfig(AppConfig):
    name = "migdev.forum"
    label = "forum"
    verbose_name = _("Global Forum on Migration and Development")
    modules = (
        Module(
            key="forum",
            title=_("Global Forum on Migration and Development"),
            nav_label=_("Global Forum"),
            summary=_(
                "Chairs and troika, Steering Group, Friends of the Forum, annual meetings with their roundtables and civil-society days, the support unit and contributions."
            ),
            references=("¶11–20",),
            url="forum:home",
            urls="migdev.forum.urls",
            prefix="forum/",
            nav=(
                NavEntry(
                    key="forum-practices",
                    label=_("Good practices"),
                    url="forum:practices",
                    order=21,
                ),
            ),
            order=20,
        ),
    )

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.forum import mail, rules  # noqa: F401

        mail.register()
