"""The instrument: a questionnaire in sections, questions and choice lists,
shaped like an XLSForm (survey / choices / settings) so that it round-trips."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.core.fields import LocalizedTextField


class Questionnaire(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("The form_id of the XLSForm settings sheet."),
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    title = LocalizedTextField(_("title"))
    default_language = models.CharField(
        _("default language"), max_length=7, choices=settings.LANGUAGES, default="en"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return str(self.title) or self.code

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("questionnaires:detail", kwargs={"pk": self.pk})


class _QuestionnairePart(models.Model):
    """A part of a questionnaire: saving or deleting it touches the questionnaire's
    ``updated_at``, which keys the compiled schema used to check answers."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._touch_questionnaire()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._touch_questionnaire()
        return result

    def _touch_questionnaire(self) -> None:
        Questionnaire.objects.filter(pk=self.questionnaire_id).update(
            updated_at=timezone.now()
        )


class Section(_QuestionnairePart):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    name = models.SlugField(_("name"), max_length=60)
    order = models.PositiveIntegerField(default=0)
    label = LocalizedTextField(_("label"))
    relevant = models.CharField(_("ask only if"), max_length=500, blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "name"],
                name="questionnaires_section_unique_name",
            )
        ]

    def __str__(self) -> str:
        return str(self.label) or self.name


class Question(_QuestionnairePart):
    class Type(models.TextChoices):
        TEXT = "text", _("Open text")
        SELECT_ONE = "select_one", _("Single choice")
        SELECT_MULTIPLE = "select_multiple", _("Multiple choice")
        INTEGER = "integer", _("Whole number")
        DECIMAL = "decimal", _("Number")
        DATE = "date", _("Date")
        YES_NO = "yes_no", _("Yes or no")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
    )
    name = models.SlugField(_("name"), max_length=60)
    order = models.PositiveIntegerField(default=0)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    choice_list = models.CharField(_("choice list"), max_length=60, blank=True)
    label = LocalizedTextField(_("label"), textarea=True)
    hint = LocalizedTextField(_("help text"), blank=True, textarea=True)
    required = models.BooleanField(_("required"), default=False)
    relevant = models.CharField(
        _("ask only if"),
        max_length=500,
        blank=True,
        help_text=_("An XLSForm condition, e.g. ${has_policy} = 'yes'."),
    )

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "name"],
                name="questionnaires_question_unique_name",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Choice(_QuestionnairePart):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="choices"
    )
    list_name = models.CharField(_("list"), max_length=60)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveIntegerField(default=0)
    label = LocalizedTextField(_("label"))

    class Meta:
        ordering = ["questionnaire", "list_name", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "list_name", "name"],
                name="questionnaires_choice_unique_name",
            )
        ]

    def __str__(self) -> str:
        return f"{self.list_name}:{self.name}"
