"""A questionnaire as read from, or to be written to, an XLSForm workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migdev.core.i18n import LocalizedText


@dataclass
class ChoiceDef:
    name: str
    label: LocalizedText
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": dict(self.label)}


@dataclass
class QuestionDef:
    name: str
    type: str  # one of Question.Type
    label: LocalizedText
    hint: LocalizedText = field(default_factory=LocalizedText)
    required: bool = False
    relevant: str = ""
    choice_list: str = ""
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "question",
            "name": self.name,
            "type": self.type,
            "label": dict(self.label),
            "hint": dict(self.hint),
            "required": self.required,
            "relevant": self.relevant,
            "choice_list": self.choice_list,
        }


@dataclass
class SectionDef:
    name: str
    label: LocalizedText
    relevant: str = ""
    questions: list[QuestionDef] = field(default_factory=list)
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "section",
            "name": self.name,
            "label": dict(self.label),
            "relevant": self.relevant,
            "questions": [q.as_dict() for q in self.questions],
        }


@dataclass
class FormDefinition:
    """A questionnaire as read from, or to be written to, a workbook."""

    code: str
    version: str
    title: LocalizedText
    default_language: str
    items: list[SectionDef | QuestionDef]  # top level, in order
    choices: dict[str, list[ChoiceDef]]

    def questions(self) -> list[QuestionDef]:
        out: list[QuestionDef] = []
        for item in self.items:
            if isinstance(item, SectionDef):
                out.extend(item.questions)
            else:
                out.append(item)
        return out

    def as_dict(self) -> dict[str, Any]:
        """A canonical, comparable form (used by the round-trip test)."""
        return {
            "code": self.code,
            "version": self.version,
            "title": dict(self.title),
            "default_language": self.default_language,
            "items": [item.as_dict() for item in self.items],
            "choices": {
                name: [c.as_dict() for c in choices]
                for name, choices in sorted(self.choices.items())
            },
        }
