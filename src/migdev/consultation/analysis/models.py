"""Coded analysis of open answers: a codebook of themes per question, and the
coders' tags on each State's answer (A/63/265, ¶22–24)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from migdev.core.fields import LocalizedTextField


class Theme(models.Model):
    question = models.ForeignKey(
        "questionnaires.Question", on_delete=models.CASCADE, related_name="themes"
    )
    code = models.SlugField(_("code"), max_length=60)
    order = models.PositiveIntegerField(default=0)
    label = LocalizedTextField(_("label"))
    definition = LocalizedTextField(_("definition"), blank=True, textarea=True)

    class Meta:
        ordering = ["question", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"], name="analysis_theme_unique_code"
            )
        ]

    def __str__(self) -> str:
        return str(self.label) or self.code


class Coding(models.Model):
    """A theme found in one State's answer, with the passage that shows it."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    recipient = models.ForeignKey(
        "campaigns.Recipient", on_delete=models.CASCADE, related_name="codings"
    )
    version = models.ForeignKey(
        "responses.ResponseVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "recipient"], name="analysis_coding_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} ← {self.recipient.country}"
