"""Admin of questionnaires: edit the wording of a section, question or choice in
the six languages (the LocalizedText widget); structure changes go through an
XLSForm import. Every edit is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from migdev.consultation.questionnaires.conditions import (
    ConditionError,
    parse_condition,
)
from migdev.consultation.questionnaires.models import (
    Choice,
    Question,
    Questionnaire,
    Section,
)
from migdev.core.admin import AuditedAdmin


class _ConditionForm(forms.ModelForm):
    """Checks that 'ask only if' reads and names questions of the questionnaire."""

    def clean_relevant(self) -> str:
        expression = (self.cleaned_data.get("relevant") or "").strip()
        if not expression:
            return ""
        try:
            names = parse_condition(expression).names
        except ConditionError as error:
            raise forms.ValidationError(str(error)) from None
        questionnaire = self.cleaned_data.get("questionnaire") or getattr(
            self.instance, "questionnaire", None
        )
        if questionnaire is not None:
            known = set(questionnaire.questions.values_list("name", flat=True))
            unknown = sorted(names - known)
            if unknown:
                raise forms.ValidationError(
                    _(
                        "The condition refers to ${%(name)s}, which is not a question of this form."
                    )
                    % {"name": unknown[0]}
                )
        if getattr(self.instance, "name", None) in names and isinstance(
            self.instance, Question
        ):
            raise forms.ValidationError(
                _("The condition refers to its own question ${%(name)s}.")
                % {"name": self.instance.name}
            )
        return expression


class QuestionForm(_ConditionForm):
    class Meta:
        model = Question
        fields = [
            "questionnaire",
            "section",
            "name",
            "order",
            "type",
            "choice_list",
            "label",
            "hint",
            "required",
            "relevant",
        ]


class SectionForm(_ConditionForm):
    class Meta:
        model = Section
        fields = ["questionnaire", "name", "order", "label", "relevant"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "version", "default_language", "updated_at")
    search_fields = ("code", "title")
    readonly_fields = ("created_by", "created_at", "updated_at")


@admin.register(Section)
class SectionAdmin(AuditedAdmin):
    form = SectionForm
    list_display = ("questionnaire", "order", "name", "__str__", "relevant")
    list_filter = ("questionnaire",)
    search_fields = ("name", "label")


@admin.register(Question)
class QuestionAdmin(AuditedAdmin):
    form = QuestionForm
    list_display = (
        "questionnaire",
        "section",
        "order",
        "name",
        "type",
        "required",
        "relevant",
    )
    list_filter = ("questionnaire", "type", "required")
    search_fields = ("name", "label")
    list_select_related = ("questionnaire", "section")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        # Renaming or retyping a question would orphan the answers stored under it.
        return ("questionnaire", "name", "type", "choice_list") if obj else ()


@admin.register(Choice)
class ChoiceAdmin(AuditedAdmin):
    list_display = ("questionnaire", "list_name", "order", "name", "__str__")
    list_filter = ("questionnaire", "list_name")
    search_fields = ("name", "label")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        return ("questionnaire", "list_name", "name") if obj else ()
