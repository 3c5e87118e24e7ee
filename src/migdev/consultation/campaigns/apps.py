from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "migdev.consultation.campaigns"
    label = "campaigns"
    verbose_name = _("Consultation campaigns")

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.consultation.campaigns import rules  # noqa: F401
