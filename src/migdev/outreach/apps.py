from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Platform machinery: requests with deadlines, access links, reminders and
    the outbox. It knows no module; modules use it (docs/outreach.md)."""

    name = "migdev.outreach"
    label = "outreach"
    verbose_name = _("Requests and mail")

    def ready(self) -> None:
        # Registers the permission rules of outreach's records.
        from migdev.outreach import rules  # noqa: F401
