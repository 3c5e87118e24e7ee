"""Requests with a deadline, their recipients, access links, reminders, the
outbox and the follow-up log: platform machinery that knows no module.

A module (the consultation's campaigns, the Forum's broadcasts, UN-system
activity reporting…) owns its own object and opens one :class:`Request` for
it, naming it by ``owner`` (a string the module resolves, e.g.
``"campaigns.campaign:12"``). Each :class:`Recipient` of the request is one
addressee (a State, an entity, a delegation, a user) named by ``key``, with
the language it is written in, an access link, and its progress (invited,
reminded, done). Every e-mail is an outbox :class:`Message` first, with a
dedupe key. See docs/outreach.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Request(models.Model):
    """A request addressed to recipients, with an opening date and a deadline."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    owner = models.CharField(
        _("owner"),
        max_length=100,
        unique=True,
        help_text=_("The owning module's object, e.g. campaigns.campaign:12."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    sender = models.CharField(_("sent on behalf of"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("Last day on which the access links work."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(deadline__gte=models.F("opens_on")),
                name="outreach_deadline_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.owner


class ReminderRule(models.Model):
    """Remind ``offset_days`` after the deadline (negative: before it)."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="reminder_rules"
    )
    offset_days = models.IntegerField(_("days from the deadline"))

    class Meta:
        ordering = ["request", "offset_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "offset_days"],
                name="outreach_reminder_unique_offset",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offset_days:+d}"


class Recipient(models.Model):
    """One addressee of a request: its language, access link and progress."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="recipients"
    )
    key = models.CharField(
        _("key"),
        max_length=100,
        help_text=_("What the owning module resolves, e.g. country:FRA."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
    done_at = models.DateTimeField(
        _("done at"),
        null=True,
        blank=True,
        help_text=_("When the recipient answered: no reminder goes out after it."),
    )

    class Meta:
        ordering = ["request", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "key"], name="outreach_recipient_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.key


class Message(models.Model):
    """An e-mail to a recipient. ``dedupe_key`` makes sending idempotent: a job
    that decides twice finds the row and does not write it again."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        RECEIPT = "receipt", _("Receipt")
        NOTICE = "notice", _("Notice")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        # Nothing was sent: no e-mail address was known for the recipient.
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
    body = models.TextField(_("body"), help_text=_("The plain-text part."))
    html = models.TextField(_("HTML body"), blank=True)
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
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_status_display()})"


class FollowUp(models.Model):
    """A call, fax or note recorded about a recipient."""

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
