from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from migdev.core.modules import Module


class CampaignsConfig(AppConfig):
    name = "migdev.consultation.campaigns"
    label = "campaigns"
    verbose_name = _("Consultation campaigns")
    # The consultation module: its pages (campaigns, questionnaires, replies,
    # analysis) are all under /consultations/.
    modules = (
        Module(
            key="consultations",
            title=_("Consultations"),
            summary=_(
                "Questionnaire campaigns to Member States and observer States: dispatch, reminders, follow-up calls, replies, the response map and the coded analysis of open answers."
            ),
            references=("¶21–24",),
            url="campaigns:list",
            urls="migdev.consultation.urls",
            prefix="consultations/",
            order=10,
        ),
    )

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.consultation.campaigns import mail, rules  # noqa: F401

        # The owner of the campaigns' outreach requests (reminders, links).
        mail.register()
