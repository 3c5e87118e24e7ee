"""A consultation campaign: a questionnaire sent with a covering letter to a
roster of States, a deadline, reminders relative to the deadline, every
message logged, and the secretariat's follow-up (A/63/265, fn 1, ¶21).

The machinery of a request with a deadline (the roster's languages, access
links, reminder rules, the outbox, the follow-up log) is the platform's
``migdev.outreach``: a campaign owns one outreach ``Request`` (``request``),
and each State on its roster one outreach ``Recipient`` (``outreach``). The
campaign's dates (opening, deadline, closing), status, sender and times of
opening and closing live on its request only and are read through the
campaign (``campaign.deadline``, ``campaign.status``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from migdev.core.fields import LocalizedTextField
from migdev.outreach.models import Request as OutreachRequest


class CampaignManager(models.Manager["Campaign"]):
    def get_queryset(self) -> models.QuerySet[Campaign]:
        # A campaign's dates are its request's: read them in the same query.
        return super().get_queryset().select_related("request")


class Campaign(models.Model):
    #: A campaign's status is its request's (draft, open, closed).
    Status = OutreachRequest.Status

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

    objects = CampaignManager()

    #: The ``owner`` prefix of a campaign's outreach request.
    OWNER = "campaigns.campaign"

    class Meta:
        ordering = ["-request__opens_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return str(self.title) or f"#{self.pk}"

    # The status, the sender, the dates and the times of opening and closing
    # are the request's (one home), which reminders, links and the outbox
    # read: read through the campaign; the campaigns' services write them on
    # the request (dates may be set through the campaign, then saved there).
    @property
    def status(self) -> str:
        """Draft, open or closed (the request's)."""
        return self.request.status

    @property
    def sender(self) -> str:
        """On whose behalf the letter is sent (the request's)."""
        return self.request.sender

    @property
    def dispatched_at(self) -> dt.datetime | None:
        """When the invitations were written (the request's opening)."""
        return self.request.opened_at

    @property
    def closed_at(self) -> dt.datetime | None:
        """When replies stopped (the request's closing)."""
        return self.request.closed_at

    @property
    def opens_on(self) -> dt.date:
        """The first day replies may be entered (the request's)."""
        return self.request.opens_on

    @opens_on.setter
    def opens_on(self, value: dt.date) -> None:
        self.request.opens_on = value

    @property
    def deadline(self) -> dt.date:
        """The day replies are due (the request's); reminders count from it."""
        return self.request.deadline

    @deadline.setter
    def deadline(self, value: dt.date) -> None:
        self.request.deadline = value

    @property
    def closes_on(self) -> dt.date | None:
        """The last day replies may be entered or changed, if set (the request's)."""
        return self.request.closes_on

    @closes_on.setter
    def closes_on(self, value: dt.date | None) -> None:
        self.request.closes_on = value


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
