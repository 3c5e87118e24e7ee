"""Demo content: the 2008 questionnaire on the follow-up to the High-level Dialogue.

On 18 March 2008 the Secretariat sent the Permanent Representatives of the
Member States, the Holy See and Palestine an open-ended questionnaire on the
follow-up to the 2006 High-level Dialogue on International Migration and
Development (A/63/265, footnote 1). Its wording is not reproduced in the report:
the questions below are an illustrative reconstruction written from the themes
of the replies summarized in ¶21–24 (the Forum as an outcome of the Dialogue,
whether it should be the sole follow-up, the relationship with the United
Nations, the General Assembly, regional and thematic meetings, high-level
debates, the multilateral system including the international financial
institutions).

The report calls the questions open-ended (¶21), and most questions here are
open text. The few closed ones (is the Forum a useful outcome, should it be
the sole follow-up, is United Nations follow-up needed, which forms of it) are
an illustrative addition, so that the counts ¶21–22 give can also be tallied
by region; the forms of follow-up offered are those ¶23–24 list.

The questionnaire is data, in ``demo_data/questionnaire.yaml``.
"""

from __future__ import annotations

from typing import Any

from migdev.consultation.questionnaires.models import Questionnaire
from migdev.consultation.questionnaires.selectors import (
    questionnaire_by_code,
    questionnaire_definition,
)
from migdev.consultation.questionnaires.services import (
    questionnaire_save_definition,
)
from migdev.consultation.questionnaires.xlsform import (
    YES_NO_LABELS,
    ChoiceDef,
    FormDefinition,
    QuestionDef,
    SectionDef,
)
from migdev.core.demo_data import demo_data
from migdev.core.i18n import LocalizedText
from migdev.registry import permissions

#: The questionnaire, its sections, questions and choices:
#: ``demo_data/questionnaire.yaml``.
DATA = demo_data(__package__, "questionnaire")
DEMO_QUESTIONNAIRE_CODE: str = DATA["code"]


def _question(row: dict[str, Any]) -> QuestionDef:
    return QuestionDef(
        name=row["name"],
        type=row["type"],
        label=row["label"],
        hint=row.get("hint", LocalizedText()),
        required=row.get("required", False),
        relevant=row.get("relevant", ""),
        choice_list=row.get("choice_list", ""),
    )


def _item(row: dict[str, Any]) -> SectionDef | QuestionDef:
    if "section" not in row:
        return _question(row)
    return SectionDef(
        name=row["section"],
        label=row["label"],
        relevant=row.get("relevant", ""),
        questions=[_question(q) for q in row["questions"]],
    )


def demo_definition() -> FormDefinition:
    """The demo questionnaire as a definition (also exportable as an XLSForm)."""
    choices = {
        "yes_no": [
            ChoiceDef(name=name, label=LocalizedText(YES_NO_LABELS[name]))
            for name in ("yes", "no")
        ]
    }
    for list_name, rows in DATA["choices"].items():
        choices[list_name] = [
            ChoiceDef(name=row["name"], label=row["label"]) for row in rows
        ]
    return FormDefinition(
        code=DATA["code"],
        version=DATA["version"],
        title=DATA["title"],
        default_language=DATA["default_language"],
        items=[_item(row) for row in DATA["items"]],
        choices=choices,
    )


def load_demo() -> list:
    """Create the demo questionnaire, or bring it up to date; idempotent.

    A questionnaire already used by a sent campaign is left as it is.
    """
    definition = demo_definition()
    existing: Questionnaire | None = questionnaire_by_code(DEMO_QUESTIONNAIRE_CODE)
    if existing is not None:
        if questionnaire_definition(existing).as_dict() == definition.as_dict():
            return []
        if existing.campaigns.exclude(request__status="draft").exists():
            return []
    questionnaire_save_definition(
        definition=definition, actor=_demo_author(), replace=True
    )
    return []


def _demo_author() -> Any:
    """The demo's secretariat login, who imports the demo questionnaire (the
    registry's demo makes it; made here if that demo has not run)."""
    from django.contrib.auth import get_user_model

    from migdev.registry import demo as registry_demo

    user = get_user_model().objects.filter(username="secretariat").first()
    if user is None or not permissions.can(user, permissions.ADD, Questionnaire):
        registry_demo.load_demo()
        user = get_user_model().objects.get(username="secretariat")
    return user
