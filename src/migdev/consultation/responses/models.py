"""Replies: every draft and submission is a version, kept with who and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from migdev.core.text import SafeJSONDecoder


class ResponseVersion(models.Model):
    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMISSION = "submission", _("Submission")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        API = "api", _("API")
        SECRETARIAT = "secretariat", _("Entered by the secretariat")

    recipient = models.ForeignKey(
        "campaigns.Recipient", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Read with lone surrogates replaced: answers stored before the edge
    # refused them (migdev.core.text) must not break the pages showing them.
    answers = models.JSONField(_("answers"), default=dict, decoder=SafeJSONDecoder)
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default="en"
    )
    submission_key = models.CharField(
        max_length=64, help_text=_("Client-chosen key that makes a retry harmless.")
    )
    based_on = models.PositiveIntegerField(_("based on version"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    attachment = models.FileField(
        _("original document"), upload_to="replies/%Y/", blank=True
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    received_on = models.DateField(
        _("received on"),
        null=True,
        blank=True,
        help_text=_(
            "For a reply received by fax, e-mail or post and entered by the "
            "secretariat: the day the State's document arrived."
        ),
    )

    class Meta:
        ordering = ["recipient", "-number"]
        verbose_name = _("reply version")
        verbose_name_plural = _("reply versions")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "number"], name="responses_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["recipient", "submission_key"],
                name="responses_version_unique_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} v{self.number} ({self.kind})"
