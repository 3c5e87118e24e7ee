"""A consultation campaign: a questionnaire sent with a covering letter to a
roster of States, a deadline, reminders relative to the deadline, every
message logged, and the secretariat's follow-up (A/63/265, fn 1, ¶21).

The machinery of a request with a deadline (the roster's languages, access
links, reminder rules, the outbox, the follow-up log) is the platform's
``migdev.outreach``: a campaign owns one outreach ``Request`` (``request``),
and each State on its roster one outreach ``Recipient`` (``outreach``). The
campaign's dates, status and sender are mirrored on its request by the
campaigns' services, which write both in one transaction."""

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
    request = models.OneToOneField(
        "outreach.Request",
        on_delete=models.PROTECT,
        related_name="campaign",
        help_text=_("Its recipients, links, reminders and messages."),
    )

    #: The ``owner`` prefix of a campaign's outreach request.
    OWNER = "campaigns.campaign"

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
    outreach = models.OneToOneField(
        "outreach.Recipient",
        on_delete=models.CASCADE,
        related_name="campaign_recipient",
        help_text=_("Its language, access link, messages and follow-ups."),
    )
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

    @property
    def language(self) -> str:
        """The language the State is written to (its outreach recipient's)."""
        return self.outreach.language
