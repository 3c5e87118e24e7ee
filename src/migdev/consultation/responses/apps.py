from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    name = "migdev.consultation.responses"
    label = "responses"
    verbose_name = _("Replies")

    def ready(self) -> None:
        # Registers this app's permission rules.
        from migdev.consultation.responses import rules  # noqa: F401
        from migdev.consultation.responses.services import RECEIPT, receipt_compose
        from migdev.outreach.services import composer_register

        # Receipts are composed by the delivery task, not in the request.
        composer_register(RECEIPT, receipt_compose)
