"""A consultation campaign: a questionnaire sent with a covering letter to a
roster of States, a deadline, reminders relative to the deadline, every
message logged, and the secretariat's follow-up (A/63/265, fn 1, ¶21)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from migdev.core.fields import LocalizedTextField


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire",
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    title = LocalizedTextField(_("title"))
    letter = LocalizedTextField(
        _("covering letter"),
        textarea=True,
        help_text=_("Rich text: paragraphs, bold, italics, lists and links."),
    )
    sender = models.CharField(_("sent on behalf of"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("Last day on which replies may be entered or changed."),
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(
        _("results published at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="campaigns_deadline_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title) or f"#{self.pk}"


class ReminderRule(models.Model):
    """Send a reminder ``offset_days`` after the deadline (negative: before)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reminder_rules"
    )
    offset_days = models.IntegerField(_("days from the deadline"))

    class Meta:
        ordering = ["campaign", "offset_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "offset_days"],
                name="campaigns_reminder_unique_offset",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offset_days:+d}"


class Recipient(models.Model):
    """One State on a campaign's roster; its reply lives in the responses app."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFTING = "drafting", _("Drafting")
        SUBMITTED = "submitted", _("Replied")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="recipients"
    )
    country = models.ForeignKey(
        "registry.Country", on_delete=models.PROTECT, related_name="campaign_recipients"
    )
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default="en"
    )
    token_hash = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "SHA-256 of the access link's secret; the secret itself is never stored."
        ),
    )
    link_valid_from = models.DateTimeField(_("link valid from"), null=True, blank=True)
    link_valid_until = models.DateTimeField(
        _("link valid until"), null=True, blank=True
    )
    link_revoked_at = models.DateTimeField(_("link revoked at"), null=True, blank=True)
    link_issued_at = models.DateTimeField(_("link issued at"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    reminder_count = models.PositiveIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    last_call_at = models.DateTimeField(_("last call"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(
        _("last changed at"), null=True, blank=True
    )

    class Meta:
        ordering = ["campaign", "country__m49"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "country"],
                name="campaigns_recipient_unique_country",
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.country}"


class Message(models.Model):
    """An e-mail to a recipient. ``dedupe_key`` makes sending idempotent: a job
    that runs twice finds the row and does not send again."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        RECEIPT = "receipt", _("Receipt")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        # Nothing was sent: the registry had no e-mail address for the State.
        NO_ADDRESS = "no_address", _("No address")

    recipient = models.ForeignKey(
        Recipient, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reminder_rule = models.ForeignKey(
        ReminderRule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    dedupe_key = models.CharField(max_length=120, unique=True)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("copy to"), default=list)
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default="en"
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(
        _("sending since"),
        null=True,
        blank=True,
        help_text=_(
            "When a worker took the message to send it; a message still sending "
            "long after this needs a check before it is sent again."
        ),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    message_id = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient.country} ({self.get_status_display()})"


class FollowUp(models.Model):
    """A call, fax or note the secretariat records for a recipient."""

    class Kind(models.TextChoices):
        CALL = "call", _("Telephone call")
        FAX = "fax", _("Fax")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")
        NOTE = "note", _("Note")

    recipient = models.ForeignKey(
        Recipient, on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("spoke with"), max_length=200, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
