"""The survey sheet: questions and groups (one level), types, requirements and
conditions, checked row by row."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from pyxform import aliases as pyxform_aliases
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

from migdev.consultation.questionnaires.conditions import (
    ConditionError,
    parse_condition,
)
from migdev.consultation.questionnaires.xlsform.columns import (
    NAME_RE,
    SURVEY_ALIASES,
    SURVEY_COLUMNS,
    Column,
    header_of,
    headers_of,
    label_column,
    localized,
    missing_label_column,
    plain,
    read_columns,
    refuse_unsupported_columns,
)
from migdev.consultation.questionnaires.xlsform.definition import (
    ChoiceDef,
    QuestionDef,
    SectionDef,
)
from migdev.consultation.questionnaires.xlsform.problems import (
    Problem,
)
from migdev.core.i18n import LocalizedText

MAX_QUESTIONS = 1000


TYPES = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
}
SELECTS = {
    "select_one": "select_one",
    "select one": "select_one",
    "select1": "select_one",
    "select_multiple": "select_multiple",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
}
BEGIN_GROUP = {"begin group", "begin_group"}
END_GROUP = {"end group", "end_group"}
BEGIN_REPEAT = {"begin repeat", "begin_repeat", "begin loop", "begin_loop"}
END_REPEAT = {"end repeat", "end_repeat", "end loop", "end_loop"}
#: Metadata that ODK collects on the device; migdev records who and when itself.
IGNORED_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
}
_SUPPORTED_TYPE_WORDS = (
    "text",
    "integer",
    "decimal",
    "date",
    "select_one",
    "select_multiple",
    "begin group",
    "end group",
)


def _type_problem(raw: str) -> str:
    lowered = raw.lower()
    first = lowered.split()[0] if lowered.split() else lowered
    if lowered in BEGIN_REPEAT or lowered in END_REPEAT:
        return gettext(
            "Repeats are not supported: a State answers each question once. Ask "
            "for a list in an open text question instead."
        )
    if lowered == "note":
        return gettext(
            "Notes are not supported: put the text in the label of the group or in "
            "the hint of the next question."
        )
    if first.startswith(("select_one_", "select_multiple_", "rank")) or (
        lowered.endswith(" or_other")
    ):
        return gettext(
            "The type '%(type)s' is not supported: use select_one LIST or "
            "select_multiple LIST with a list of the choices sheet (add an 'other' "
            "choice and an open text question asked only if it is selected)."
        ) % {"type": raw}
    if (
        lowered in QUESTION_TYPE_DICT
        or first in pyxform_aliases.select
        or (lowered in pyxform_aliases._type_alias_map)
    ):
        return gettext(
            "The type '%(type)s' is not supported: use text, integer, decimal, date, "
            "select_one LIST, select_multiple LIST, begin group or end group."
        ) % {"type": raw}
    suggestion = difflib.get_close_matches(lowered, _SUPPORTED_TYPE_WORDS, n=1)
    if suggestion:
        return gettext(
            "'%(type)s' is not an XLSForm type: did you mean '%(suggestion)s'?"
        ) % {"type": raw, "suggestion": suggestion[0]}
    return gettext(
        "'%(type)s' is not an XLSForm type: use text, integer, decimal, date, "
        "select_one LIST, select_multiple LIST, begin group or end group."
    ) % {"type": raw}


def parse_survey(
    book: dict[str, Any],
    default_language: str,
    choices: dict[str, tuple[list[ChoiceDef], int]],
    problems: list[Problem],
) -> list[SectionDef | QuestionDef]:
    """The survey sheet's groups and questions, top level in order; every
    problem found is added to ``problems``."""
    sheet = "survey"
    rows: list[dict[str, str]] = book.get(sheet) or []
    columns, unsupported = read_columns(
        headers_of(book, sheet),
        sheet=sheet,
        known=SURVEY_COLUMNS,
        aliases=SURVEY_ALIASES,
        problems=problems,
    )
    refuse_unsupported_columns(
        rows,
        unsupported,
        sheet=sheet,
        problems=problems,
        why=gettext(
            "migdev questionnaires use only type, name, label, hint, required and "
            "relevant"
        ),
    )
    if not _has_needed_columns(columns, sheet, problems):
        return []
    reader = _SurveyReader(columns, default_language, choices, problems)
    for index, row in enumerate(rows):
        if row:
            reader.read(row, number=index + 2)
    return reader.finish()


def _has_needed_columns(
    columns: list[Column], sheet: str, problems: list[Problem]
) -> bool:
    bases = {c.base for c in columns}
    for needed in ("type", "name"):
        if needed not in bases:
            problems.append(
                Problem(
                    gettext("The survey sheet has no column %(column)s: add it.")
                    % {"column": needed},
                    sheet,
                    1,
                )
            )
    if "label" not in bases:
        problems.append(missing_label_column(sheet))
    return {"type", "name", "label"} <= bases


@dataclass
class _Row:
    """One survey row's cells, read."""

    number: int
    raw_type: str
    name: str
    label: LocalizedText
    hint: LocalizedText
    required: str
    relevant: str

    @property
    def kind(self) -> str:
        return self.raw_type.lower()


class _SurveyReader:
    """Reads the survey rows one by one: groups (one level) and questions."""

    sheet = "survey"

    def __init__(
        self,
        columns: list[Column],
        default_language: str,
        choices: dict[str, tuple[list[ChoiceDef], int]],
        problems: list[Problem],
    ) -> None:
        self.columns = columns
        self.default_language = default_language
        self.choices = choices
        self.problems = problems
        self.headers = {
            base: header_of(columns, base)
            for base in ("type", "name", "required", "relevant", "hint")
        }
        self.headers["label"] = label_column(columns, default_language)
        self.items: list[SectionDef | QuestionDef] = []
        self.names: dict[str, int] = {}  # name → row
        self.section: SectionDef | None = None
        self.skipped_groups = 0  # nested groups refused, whose 'end group' to skip
        self.conditions: list[tuple[str, int, str]] = []  # (expression, row, owner)
        self.question_rows: dict[str, int] = {}

    def problem(self, message: str, number: int | None, column: str | None) -> None:
        self.problems.append(Problem(message, self.sheet, number, column))

    def _cells(self, row: dict[str, str], number: int) -> _Row:
        columns, language = self.columns, self.default_language
        return _Row(
            number=number,
            raw_type=re.sub(r"\s+", " ", plain(row, columns, "type")),
            name=plain(row, columns, "name"),
            label=localized(row, columns, "label", language),
            hint=localized(row, columns, "hint", language),
            required=plain(row, columns, "required"),
            relevant=plain(row, columns, "relevant"),
        )

    # --- Rows ---------------------------------------------------------------

    def read(self, cells: dict[str, str], *, number: int) -> None:
        row = self._cells(cells, number)
        if not row.raw_type:
            self.problem(
                gettext("This row has no type: give one, or delete the row."),
                number,
                self.headers["type"],
            )
            return
        if row.kind in IGNORED_METADATA or row.kind in END_REPEAT:
            return  # metadata; the 'begin repeat' row is reported
        if row.kind in END_GROUP:
            self.end_group(row)
            return
        if row.kind in BEGIN_REPEAT:
            self.problem(_type_problem(row.raw_type), number, self.headers["type"])
            return
        # Rows that carry a name: groups and questions.
        row.name = self.check_name(row)
        if not row.label:
            self.problem(
                gettext("Give this row a label in at least one language."),
                number,
                self.headers["label"],
            )
        self.check_condition(row)
        if row.kind in BEGIN_GROUP:
            self.begin_group(row)
        else:
            self.question(row)

    def end_group(self, row: _Row) -> None:
        if self.skipped_groups:
            self.skipped_groups -= 1
            return
        if self.section is None:
            self.problem(
                gettext("This 'end group' closes no group: remove it."),
                row.number,
                self.headers["type"],
            )
        self.section = None

    def check_name(self, row: _Row) -> str:
        """The row's name if it is usable, else "" (and a problem)."""
        name, number, header = row.name, row.number, self.headers["name"]
        if not name:
            self.problem(
                gettext("Give this row a name (used in conditions and exports)."),
                number,
                header,
            )
            return ""
        if not NAME_RE.fullmatch(name) or len(name) > 60:
            self.problem(
                gettext(
                    "The name '%(name)s' may contain only letters, digits, underscores "
                    "and hyphens (at most 60), and must start with a letter."
                )
                % {"name": name[:80]},
                number,
                header,
            )
            return ""
        if name in self.names:
            self.problem(
                gettext(
                    "The name '%(name)s' is already used in row %(row)d: give each "
                    "question and group a different name."
                )
                % {"name": name, "row": self.names[name]},
                number,
                header,
            )
            return ""
        self.names[name] = number
        return name

    def check_condition(self, row: _Row) -> None:
        if not row.relevant:
            return
        try:
            parse_condition(row.relevant)
        except ConditionError as error:
            self.problem(
                gettext("The condition cannot be read: %(reason)s")
                % {"reason": error.reason},
                row.number,
                self.headers["relevant"],
            )
        else:
            self.conditions.append((row.relevant, row.number, row.name))

    def begin_group(self, row: _Row) -> None:
        number = row.number
        if self.section is not None:
            self.problem(
                gettext(
                    "Groups inside groups are not supported: close the group of "
                    "row %(row)d with 'end group' first."
                )
                % {"row": self.section.row or 0},
                number,
                self.headers["type"],
            )
            self.skipped_groups += 1
            return
        if row.required:
            self.problem(
                gettext("A group cannot be required: mark its questions instead."),
                number,
                self.headers["required"],
            )
        if row.hint:
            self.problem(
                gettext(
                    "A group has no help text: move it to the hint of its first "
                    "question."
                ),
                number,
                self.headers["hint"],
            )
        self.section = SectionDef(
            name=row.name, label=row.label, relevant=row.relevant, row=number
        )
        self.items.append(self.section)

    def question(self, row: _Row) -> None:
        kind, choice_list = _question_type(row.raw_type, self.choices)
        if not self.check_type(row, kind, choice_list):
            return
        question = QuestionDef(
            name=row.name,
            type=kind or "",
            label=row.label,
            hint=row.hint,
            required=self.required(row),
            relevant=row.relevant,
            choice_list=choice_list,
            row=row.number,
        )
        if row.name:
            self.question_rows[row.name] = row.number
        (self.section.questions if self.section is not None else self.items).append(
            question
        )

    def check_type(self, row: _Row, kind: str | None, choice_list: str) -> bool:
        header = self.headers["type"]
        if kind is None:
            self.problem(_type_problem(row.raw_type), row.number, header)
            return False
        if kind == "missing_list":
            self.problem(
                gettext(
                    "'%(type)s' needs the name of a choice list, e.g. select_one "
                    "%(example)s."
                )
                % {"type": row.raw_type, "example": "yes_no"},
                row.number,
                header,
            )
            return False
        if kind == "unknown_list":
            self.problem(
                gettext(
                    "The choice list '%(list)s' is not in the choices sheet: add its "
                    "choices there, with list_name %(list)s."
                )
                % {"list": choice_list},
                row.number,
                header,
            )
            return False
        return True

    def required(self, row: _Row) -> bool:
        raw = row.required
        if not raw:
            return False
        if raw in pyxform_aliases.yes_no:
            return bool(pyxform_aliases.yes_no[raw])
        if raw.lower() in ("yes", "no", "true", "false"):
            return raw.lower() in ("yes", "true")
        self.problem(
            gettext(
                "Write yes or no (or leave it empty); a requirement that "
                "depends on other answers is not supported."
            ),
            row.number,
            self.headers["required"],
        )
        return False

    # --- The whole sheet ----------------------------------------------------

    def finish(self) -> list[SectionDef | QuestionDef]:
        sheet = self.sheet
        if self.section is not None:
            self.problem(
                gettext(
                    "The group '%(name)s' is never closed: add a row 'end group' after "
                    "its last question."
                )
                % {"name": self.section.name},
                self.section.row,
                self.headers["type"],
            )
        if not self.question_rows and not any(p.sheet == sheet for p in self.problems):
            self.problems.append(
                Problem(
                    gettext("The survey sheet has no question: add at least one."),
                    sheet,
                )
            )
        if len(self.question_rows) > MAX_QUESTIONS:
            self.problems.append(
                Problem(
                    gettext("A questionnaire may have at most %(limit)d questions.")
                    % {"limit": MAX_QUESTIONS},
                    sheet,
                )
            )
        self.check_references()
        return self.items

    def check_references(self) -> None:
        """Conditions may refer only to other questions of the form."""
        for expression, number, owner in self.conditions:
            for referenced in sorted(parse_condition(expression).names):
                if referenced == owner:
                    self.problem(
                        gettext("The condition refers to its own question ${%(name)s}.")
                        % {"name": referenced},
                        number,
                        self.headers["relevant"],
                    )
                elif referenced not in self.question_rows:
                    self.problem(
                        gettext(
                            "The condition refers to ${%(name)s}, which is not a "
                            "question of this form."
                        )
                        % {"name": referenced},
                        number,
                        self.headers["relevant"],
                    )


def _question_type(
    raw: str, choices: dict[str, tuple[list[ChoiceDef], int]]
) -> tuple[str | None, str]:
    lowered = raw.lower()
    if lowered in TYPES:
        return TYPES[lowered], ""
    for prefix, kind in sorted(SELECTS.items(), key=lambda kv: -len(kv[0])):
        if lowered == prefix:
            return "missing_list", ""
        if lowered.startswith(prefix + " "):
            rest = raw[len(prefix) + 1 :].strip()
            if " " in rest:  # e.g. "select_one list or_other"
                return None, ""
            if rest not in choices:
                return "unknown_list", rest
            names = {c.name for c in choices[rest][0]}
            if kind == "select_one" and names == {"yes", "no"}:
                return "yes_no", rest
            return kind, rest
    return None, ""
