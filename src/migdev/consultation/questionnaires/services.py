"""Writes of questionnaires: XLSForm import (atomic) and export.

Every service takes the ``actor`` and checks it with the registry's
``require`` (questionnaires are the secretariat's: ``rules``), so that a view,
an API endpoint, a command or a demo cannot skip the rule."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from migdev.consultation.questionnaires.models import (
    Choice,
    Question,
    Questionnaire,
    Section,
)
from migdev.consultation.questionnaires.selectors import questionnaire_definition
from migdev.consultation.questionnaires.xlsform import (
    FormDefinition,
    Problem,
    QuestionDef,
    SectionDef,
    XLSFormError,
    build_xlsform,
    parse_xlsform,
    read_upload,
)
from migdev.core.audit import AuditEntry, audit_record, snapshot
from migdev.registry import permissions

_CODE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def questionnaire_import_xlsform(
    *,
    file: Any,
    actor: Any,
    code: str | None = None,
    replace: bool = False,
) -> Questionnaire:
    """Create a questionnaire from an XLSForm workbook.

    ``file``: an uploaded file, a binary file, bytes or a path. ``code`` overrides
    the settings sheet's form_id. With ``replace=True`` a questionnaire with the
    same code is updated in place (questions matched by name), unless a campaign
    using it has left the draft stage. Every problem is raised at once as
    ``XLSFormError``; nothing is saved unless everything is right.
    """
    permissions.require(actor, permissions.ADD, Questionnaire)
    definition = parse_xlsform(read_upload(file))
    if code is not None:
        code = code.strip().lower()
        if not _CODE_RE.fullmatch(code) or len(code) > 60:
            raise XLSFormError(
                [
                    Problem(
                        gettext(
                            "The code '%(code)s' may contain only lowercase letters, "
                            "digits and hyphens (at most 60)."
                        )
                        % {"code": code[:80]}
                    )
                ]
            )
        definition.code = code
    problems = []
    if not definition.code:
        problems.append(
            Problem(
                gettext(
                    "Give the questionnaire a form_id (letters, digits and hyphens, "
                    "e.g. hld-follow-up-2008)."
                ),
                "settings",
                2,
                "form_id",
            )
        )
    if not definition.title:
        problems.append(
            Problem(
                gettext(
                    "Give the questionnaire a title: add form_title, or one column "
                    "per language such as form_title::English (en)."
                ),
                "settings",
                2,
                "form_title",
            )
        )
    if problems:
        raise XLSFormError(problems)
    return questionnaire_save_definition(
        definition=definition, actor=actor, replace=replace
    )


def questionnaire_save_definition(
    *, definition: FormDefinition, actor: Any, replace: bool = False
) -> Questionnaire:
    """Save a checked definition as a questionnaire (atomic, audited).

    With ``replace=True`` the questionnaire with the same code is updated in place,
    unless a campaign using it has left the draft stage (``XLSFormError``).
    """
    permissions.require(actor, permissions.ADD, Questionnaire)
    try:
        return _save(definition, actor=actor, replace=replace)
    except IntegrityError:
        # Another import with the same code committed first.
        raise XLSFormError([_code_taken(definition.code)]) from None


def _code_taken(code: str) -> Problem:
    return Problem(
        gettext(
            "A questionnaire with the form_id '%(code)s' already exists: change the "
            "form_id (e.g. %(code)s-v2), or replace the existing questionnaire."
        )
        % {"code": code},
        "settings",
        2,
        "form_id",
    )


@transaction.atomic
def _save(definition: FormDefinition, *, actor: Any, replace: bool) -> Questionnaire:
    existing = (
        Questionnaire.objects.select_for_update().filter(code=definition.code).first()
    )
    if existing is not None and not replace:
        raise XLSFormError([_code_taken(definition.code)])
    if existing is not None:
        permissions.require(actor, permissions.CHANGE, existing)
    if (
        existing is not None
        and existing.campaigns.exclude(request__status="draft").exists()
    ):
        raise XLSFormError(
            [
                Problem(
                    gettext(
                        "The questionnaire '%(code)s' is used by a campaign that has "
                        "been sent, so it cannot change: import the workbook with a "
                        "new form_id (e.g. %(code)s-v2)."
                    )
                    % {"code": definition.code},
                    "settings",
                    2,
                    "form_id",
                )
            ]
        )

    if existing is None:
        questionnaire = Questionnaire(code=definition.code, created_by=_user(actor))
        before = None
        before_definition = None
    else:
        questionnaire = existing
        before = snapshot(existing)
        before_definition = _fingerprint(questionnaire_definition(existing))
    questionnaire.version = definition.version
    questionnaire.title = definition.title
    questionnaire.default_language = definition.default_language
    questionnaire.save()
    _sync_parts(questionnaire, definition)
    questionnaire.save()  # touches updated_at after the parts changed
    if before is None:
        audit_record(
            actor=actor, instance=questionnaire, action=AuditEntry.Action.CREATE
        )
        return questionnaire
    entry = audit_record(
        actor=actor,
        instance=questionnaire,
        action=AuditEntry.Action.UPDATE,
        before=before,
    )
    questionnaire = Questionnaire.objects.prefetch_related(
        "sections", "questions", "choices"
    ).get(pk=questionnaire.pk)
    after_definition = _fingerprint(questionnaire_definition(questionnaire))
    if after_definition != before_definition:
        # The questions changed: record which, beside any field of the questionnaire.
        changes = {"questions": [before_definition, after_definition]}
        if entry is None:
            AuditEntry.objects.create(
                actor=_user(actor),
                action=AuditEntry.Action.UPDATE,
                content_type=ContentType.objects.get_for_model(Questionnaire),
                object_id=str(questionnaire.pk),
                object_repr=str(questionnaire)[:200],
                changes=changes,
            )
        else:
            entry.changes = {**entry.changes, **changes}
            entry.save(update_fields=["changes"])
    return questionnaire


def _fingerprint(definition: FormDefinition) -> dict[str, Any]:
    """What an audit entry keeps of a questionnaire's structure: the question
    names in order and a digest of everything else."""
    data = definition.as_dict()
    data.pop("code", None)
    digest = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:16]
    return {
        "names": [q.name for q in definition.questions()],
        "digest": digest,
    }


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _sync_parts(questionnaire: Questionnaire, definition: FormDefinition) -> None:
    """Make sections, questions and choices match ``definition``, keeping the rows
    (and what refers to them) of names that remain."""
    sections = {s.name: s for s in questionnaire.sections.all()}
    questions = {q.name: q for q in questionnaire.questions.all()}
    choices = {(c.list_name, c.name): c for c in questionnaire.choices.all()}

    wanted_sections: dict[str, tuple[SectionDef, int]] = {}
    wanted_questions: dict[str, tuple[QuestionDef, str | None, int]] = {}
    position = 0
    for item in definition.items:
        position += 1
        if isinstance(item, SectionDef):
            wanted_sections[item.name] = (item, position)
            for question in item.questions:
                position += 1
                wanted_questions[question.name] = (question, item.name, position)
        else:
            wanted_questions[item.name] = (item, None, position)

    # Sections first, so that questions can point at them.
    section_rows: dict[str, Section] = {}
    for name, (item, order) in wanted_sections.items():
        row = sections.get(name) or Section(questionnaire=questionnaire, name=name)
        row.order, row.label, row.relevant = order, item.label, item.relevant
        section_rows[name] = row
    Section.objects.bulk_create([s for s in section_rows.values() if s.pk is None])
    Section.objects.bulk_update(
        [s for s in section_rows.values() if s.pk is not None],
        ["order", "label", "relevant"],
    )

    question_rows: list[Question] = []
    for name, (item, section_name, order) in wanted_questions.items():
        row = questions.get(name) or Question(questionnaire=questionnaire, name=name)
        row.section = section_rows[section_name] if section_name else None
        row.order = order
        row.type = item.type
        row.choice_list = item.choice_list
        row.label = item.label
        row.hint = item.hint
        row.required = item.required
        row.relevant = item.relevant
        question_rows.append(row)
    Question.objects.bulk_create([q for q in question_rows if q.pk is None])
    Question.objects.bulk_update(
        [q for q in question_rows if q.pk is not None],
        [
            "section",
            "order",
            "type",
            "choice_list",
            "label",
            "hint",
            "required",
            "relevant",
        ],
    )
    Question.objects.filter(questionnaire=questionnaire).exclude(
        name__in=list(wanted_questions)
    ).delete()
    Section.objects.filter(questionnaire=questionnaire).exclude(
        name__in=list(wanted_sections)
    ).delete()

    choice_rows: list[Choice] = []
    wanted_choices: set[tuple[str, str]] = set()
    for list_name, values in definition.choices.items():
        for order, item in enumerate(values, start=1):
            key = (list_name, item.name)
            wanted_choices.add(key)
            row = choices.get(key) or Choice(
                questionnaire=questionnaire, list_name=list_name, name=item.name
            )
            row.order, row.label = order, item.label
            choice_rows.append(row)
    Choice.objects.bulk_create([c for c in choice_rows if c.pk is None])
    Choice.objects.bulk_update(
        [c for c in choice_rows if c.pk is not None], ["order", "label"]
    )
    for key, row in choices.items():
        if key not in wanted_choices:
            Choice.objects.filter(pk=row.pk).delete()


def questionnaire_export_xlsform(questionnaire: Questionnaire, *, actor: Any) -> bytes:
    """The questionnaire as an XLSForm workbook (.xlsx bytes)."""
    permissions.require(actor, permissions.VIEW, questionnaire)
    return build_xlsform(questionnaire_definition(questionnaire))
