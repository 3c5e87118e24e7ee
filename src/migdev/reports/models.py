"""Reports (A/63/265 as a template over live data): the report, one template
per language, its blocks linked across languages by key, the change history,
comments per paragraph, and builds as of a day with their values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migdev.core.i18n import LANGUAGE_LABELS

#: The six languages with their names in the page's language.
LANGUAGE_CHOICES = list(LANGUAGE_LABELS.items())


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        FINAL = "final", _("Final")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    symbol = models.CharField(_("document symbol"), max_length=60)
    distribution = models.CharField(_("distribution"), max_length=40, default="General")
    document_date = models.DateField(_("date of the document"))
    as_of = models.DateField(_("data as of"))
    source_language = models.CharField(
        _("source language"), max_length=8, choices=LANGUAGE_CHOICES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-document_date", "slug"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.symbol or self.slug

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"slug": self.slug})


class Template(models.Model):
    """The report in one language: its text in the template language
    (``migdev.reports.markup``)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="templates"
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    source = models.TextField(_("template"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language"], name="reports_template_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.language})"


class Block(models.Model):
    """One block of a template, as parsed when the template was saved.
    ``revision`` counts the changes of its text; in a translation,
    ``source_revision`` is the source block's revision it was last brought in
    line with (outdated when the source moved on), by a change of its text or
    by a confirmation (``confirmed_by``, ``confirmed_at``)."""

    template = models.ForeignKey(
        Template, on_delete=models.CASCADE, related_name="blocks"
    )
    key = models.CharField(max_length=40)
    kind = models.CharField(max_length=16)
    position = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    source_revision = models.PositiveIntegerField(null=True, blank=True)
    changed_at = models.DateTimeField()
    #: Who confirmed, and when, that the translation still says what the
    #: source says after the source changed (its text was not touched).
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "key"], name="reports_block_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} [{self.kind} {self.key}]"


class TemplateRevision(models.Model):
    """Who changed a template, when, and what it read before and after."""

    template = models.ForeignKey(
        Template, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    source = models.TextField()
    changed_keys = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="reports_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} r{self.number}"


class Comment(models.Model):
    """A reviewer's comment on one paragraph (block key) in one language."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="comments"
    )
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    block_key = models.CharField(max_length=40)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.report} {self.language} {self.block_key}"


class Build(models.Model):
    """A report built in one language as of a day: the template revision, every
    field's value and provenance, and (for a final build) the files, frozen."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="builds")
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    as_of = models.DateField()
    template_revision = models.PositiveIntegerField()
    report_status = models.CharField(max_length=10, choices=Report.Status.choices)
    final = models.BooleanField(default=False)
    values = models.JSONField(default=list)
    html = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    docx = models.BinaryField(null=True, blank=True)
    checksums = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.report} {self.language} as of {self.as_of} (#{self.pk})"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:build", kwargs={"slug": self.report.slug, "pk": self.pk}
        )
