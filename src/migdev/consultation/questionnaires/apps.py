from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "migdev.consultation.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.consultation.questionnaires import rules  # noqa: F401
