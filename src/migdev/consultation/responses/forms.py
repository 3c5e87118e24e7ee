"""The reply form, generated from the compiled questionnaire.

One field per question, in the questionnaire's order, named ``a-<question>``:
a text area for open text, number and date inputs, radio buttons for yes/no
and single choice (with "No answer" when the question is optional),
check boxes for multiple choice. Each question's condition ("ask only if") is
drawn as a ``data-relevant`` attribute that ``reply-form.js`` evaluates as the
answers change; the server applies the same conditions
(``CompiledQuestionnaire.asked``).

The form only gathers what was posted: the answers are checked by
``validation.clean_answers`` inside ``services.response_save``, as for the API,
so a draft may be incomplete and the messages are the same on every channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext

from migdev.consultation.questionnaires.compiled import (
    CompiledQuestion,
    CompiledQuestionnaire,
    yes_no,
)

PREFIX = "a"


def _field(question: CompiledQuestion, language: str, error: str) -> forms.Field:
    attrs: dict[str, Any] = {"id": f"id-{question.name}"}
    if error:
        attrs["aria-invalid"] = "true"
    if question.hint.get_text(language):
        attrs["aria-describedby"] = f"hint-{question.name}"
    common = {
        "required": False,
        "label": question.label.get_text(language),
        "help_text": question.hint.get_text(language),
    }
    if question.is_closed:
        choices = [
            (c.name, c.label.get_text(language) or c.name) for c in question.choices
        ]
        if question.multiple:
            return forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple(attrs=attrs),
                **common,
            )
        if not question.required:
            with translation.override(language):
                choices.append(("", gettext("No answer")))
        return forms.ChoiceField(
            choices=choices, widget=forms.RadioSelect(attrs=attrs), **common
        )
    widgets: dict[str, forms.Widget] = {
        "text": forms.Textarea(attrs={**attrs, "rows": 5}),
        "integer": forms.NumberInput(
            attrs={**attrs, "step": "1", "inputmode": "numeric"}
        ),
        "decimal": forms.NumberInput(
            attrs={**attrs, "step": "any", "inputmode": "decimal"}
        ),
        "date": forms.DateInput(attrs={**attrs, "type": "date"}),
    }
    return forms.CharField(
        widget=widgets.get(question.type, forms.TextInput(attrs=attrs)),
        strip=False,
        **common,
    )


def _initial(question: CompiledQuestion, value: Any) -> Any:
    """A stored answer as the field shows it."""
    if value is None:
        return None
    if question.type == "yes_no":
        return yes_no(value) or str(value)
    if question.multiple:
        return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
    if isinstance(value, list | tuple):
        return "\n\n".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class QuestionRow:
    """One question as the template draws it."""

    question: CompiledQuestion
    field: forms.BoundField
    asked: bool
    error: str

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def relevant(self) -> str:
        return self.question.relevant

    @property
    def required(self) -> bool:
        return self.question.required

    @property
    def label(self) -> str:
        return self.field.label or ""

    @property
    def hint(self) -> str:
        return self.field.help_text or ""


@dataclass(frozen=True)
class SectionRow:
    name: str
    label: str
    relevant: str
    questions: list[QuestionRow]


class ReplyForm(forms.Form):
    """The questions of ``questionnaire`` in ``language``, bound to posted
    ``data`` or showing stored ``answers``; ``errors_by_question`` are the
    messages of ``clean_answers`` to draw beside each question."""

    def __init__(
        self,
        questionnaire: CompiledQuestionnaire,
        *,
        language: str,
        data: Mapping[str, Any] | None = None,
        answers: Mapping[str, Any] | None = None,
        errors_by_question: Mapping[str, str] | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.language = language
        self.errors_by_question = dict(errors_by_question or {})
        stored = dict(answers or {})
        initial = {
            q.name: _initial(q, stored.get(q.name)) for q in questionnaire.questions
        }
        super().__init__(data=data, initial=initial, prefix=PREFIX)
        for question in questionnaire.questions:
            self.fields[question.name] = _field(
                question, language, self.errors_by_question.get(question.name, "")
            )
        self._stored = stored

    def answers(self) -> dict[str, Any]:
        """The posted answers, as the API would send them: absent when left
        empty, a list for multiple choice, and only the questions asked."""
        if not self.is_bound:
            return dict(self._stored)
        answers: dict[str, Any] = {}
        for question in self.questionnaire.questions:
            field = self.fields[question.name]
            raw = field.widget.value_from_datadict(
                self.data, self.files, self.add_prefix(question.name)
            )
            if question.multiple:
                values = [v for v in (raw or []) if v]
                if values:
                    answers[question.name] = values
            else:
                value = (raw or "").strip() if isinstance(raw, str) else raw
                if value:
                    answers[question.name] = value
        asked = self.questionnaire.asked(answers)
        return {k: v for k, v in answers.items() if k in asked}

    def sections(self) -> list[SectionRow]:
        """The sections and questions as the template draws them."""
        asked = self.questionnaire.asked(self.answers())
        return [
            SectionRow(
                name=section.name,
                label=section.label.get_text(self.language),
                relevant=section.relevant,
                questions=[
                    QuestionRow(
                        question=q,
                        field=self[q.name],
                        asked=q.name in asked,
                        error=self.errors_by_question.get(q.name, ""),
                    )
                    for q in section.questions
                ],
            )
            for section in self.questionnaire.sections
        ]
