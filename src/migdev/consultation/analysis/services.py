"""Writes of the analysis: the codebook (themes of an open question) and the
coding of each State's answer. Every write is audited.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from migdev.consultation.analysis import rules, selectors
from migdev.consultation.analysis.models import Coding, Theme
from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.questionnaires.models import Question
from migdev.core.audit import AuditEntry, audit_record, snapshot
from migdev.core.i18n import LocalizedText
from migdev.registry import permissions
from migdev.registry.selectors import country_name

# Messages shown to users (tests assert them).
NOT_OPEN_TEXT = _(
    "Themes are for open-text questions; “%(question)s” is answered by choosing."
)
CODE_INVALID = _(
    "Use lower-case letters, digits and hyphens for the code, e.g. “useful-outcome”."
)
CODE_TAKEN = _("The question already has a theme with the code “%(code)s”.")
LABEL_REQUIRED = _("Give the theme a label, at least in English.")
NO_REPLY = _(
    "This State (%(state)s) has not replied: there is no submitted answer to code "
    "for this question."
)
NOT_THIS_QUESTIONNAIRE = _(
    "The question “%(question)s” is not in this campaign's questionnaire."
)
THEME_OF_OTHER_QUESTION = _(
    "The theme “%(code)s” belongs to another question: use the themes of “%(question)s”."
)
QUOTE_WITHOUT_THEME = _(
    "A passage is given for the theme “%(code)s”, which is not checked: check it or remove the passage."
)
QUOTE_NOT_IN_ANSWER = _(
    "The passage quoted for “%(code)s” is not in the State's answer (%(state)s): "
    "copy the words "
    "exactly as the State wrote them (spaces and line breaks do not matter)."
)

_CODE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def normalize_passage(text: str) -> str:
    """Unicode NFC with every run of white space made one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def passage_in(passage: str, text: str) -> bool:
    """Whether ``passage`` occurs in ``text``, white space aside."""
    needle = normalize_passage(passage)
    return bool(needle) and needle in normalize_passage(text)


def _check_theme(
    *, question: Question, code: str, label: Any, exclude: int | None = None
) -> tuple[str, LocalizedText]:
    if question.type != Question.Type.TEXT:
        raise ValidationError(
            NOT_OPEN_TEXT, code="not_open_text", params={"question": question.name}
        )
    code = (code or "").strip()
    if not _CODE.match(code) or len(code) > 60:
        raise ValidationError({"code": ValidationError(CODE_INVALID, code="invalid")})
    taken = Theme.objects.filter(question=question, code=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {"code": ValidationError(CODE_TAKEN, code="taken", params={"code": code})}
        )
    label = LocalizedText(label or {})
    if not label.get("en"):
        raise ValidationError(
            {"label": ValidationError(LABEL_REQUIRED, code="required")}
        )
    return code, label


@transaction.atomic
def theme_create(
    *,
    actor: Any,
    question: Question,
    code: str,
    label: Mapping[str, str],
    definition: Mapping[str, str] | None = None,
    order: int | None = None,
) -> Theme:
    """Add a theme to the codebook of an open-text question."""
    permissions.require(actor, rules.CODE_REPLIES, question)
    code, label_text = _check_theme(question=question, code=code, label=label)
    if order is None:
        top = Theme.objects.filter(question=question).aggregate(m=Max("order"))["m"]
        order = (top or 0) + 1
    theme = Theme.objects.create(
        question=question,
        code=code,
        order=order,
        label=label_text,
        definition=LocalizedText(definition or {}),
    )
    audit_record(actor=actor, instance=theme, action=AuditEntry.Action.CREATE)
    return theme


@transaction.atomic
def theme_update(
    *,
    actor: Any,
    theme: Theme,
    code: str,
    label: Mapping[str, str],
    definition: Mapping[str, str] | None = None,
    order: int | None = None,
) -> Theme:
    """Change a theme's code, label, definition or place in the codebook."""
    permissions.require(actor, rules.CODE_REPLIES, theme)
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    before = snapshot(theme)
    code, label_text = _check_theme(
        question=theme.question, code=code, label=label, exclude=theme.pk
    )
    theme.code = code
    theme.label = label_text
    theme.definition = LocalizedText(definition or {})
    if order is not None:
        theme.order = order
    theme.save()
    audit_record(
        actor=actor, instance=theme, action=AuditEntry.Action.UPDATE, before=before
    )
    return theme


@transaction.atomic
def theme_delete(*, actor: Any, theme: Theme) -> int:
    """Remove a theme and the tags that used it; return how many tags went."""
    permissions.require(actor, rules.CODE_REPLIES, theme)
    codings = list(Coding.objects.filter(theme=theme).select_related("recipient"))
    for coding in codings:
        before = snapshot(coding)
        audit_record(
            actor=actor, instance=coding, action=AuditEntry.Action.DELETE, before=before
        )
    before = snapshot(theme)
    audit_record(
        actor=actor, instance=theme, action=AuditEntry.Action.DELETE, before=before
    )
    theme.delete()
    return len(codings)


@transaction.atomic
def coding_set(
    *,
    actor: Any,
    recipient: Recipient,
    question: Question,
    themes: Sequence[Theme],
    quotes: Mapping[str, str] | None = None,
) -> list[Coding]:
    """Replace the themes tagged on one State's answer to one open question.

    ``quotes`` maps a theme's code to the passage of the answer that shows it;
    each passage must occur in the State's current reply (white space aside).
    Themes not listed are untagged. The tags record the reply version coded.
    """
    permissions.require(actor, rules.CODE_REPLIES, recipient)
    quotes = {
        code: text for code, text in (quotes or {}).items() if (text or "").strip()
    }
    if question.type != Question.Type.TEXT:
        raise ValidationError(
            NOT_OPEN_TEXT, code="not_open_text", params={"question": question.name}
        )
    # One coder at a time per State: later writers wait, then see the result.
    recipient = (
        Recipient.objects.select_for_update()
        .select_related("campaign__request", "country")
        .get(pk=recipient.pk)
    )
    if question.questionnaire_id != recipient.campaign.questionnaire_id:
        raise ValidationError(
            NOT_THIS_QUESTIONNAIRE,
            code="wrong_questionnaire",
            params={"question": question.name},
        )
    state = country_name(recipient.country, recipient.campaign.opens_on)
    version = selectors.current_reply_of(recipient)
    if version is None:
        raise ValidationError(NO_REPLY, code="no_reply", params={"state": state})
    wanted = {}
    for theme in themes:
        if theme.question_id != question.pk:
            raise ValidationError(
                THEME_OF_OTHER_QUESTION,
                code="wrong_question",
                params={"code": theme.code, "question": question.name},
            )
        wanted[theme.code] = theme
    answer = selectors.answer_text(version.answers.get(question.name))
    for code, text in quotes.items():
        if code not in wanted:
            raise ValidationError(
                QUOTE_WITHOUT_THEME, code="quote_without_theme", params={"code": code}
            )
        if not passage_in(text, answer):
            raise ValidationError(
                {
                    code: ValidationError(
                        QUOTE_NOT_IN_ANSWER,
                        code="quote_not_in_answer",
                        params={"code": code, "state": state},
                    )
                }
            )
    existing = {
        c.theme.code: c
        for c in Coding.objects.filter(
            recipient=recipient, theme__question=question
        ).select_related("theme")
    }
    for code, coding in existing.items():
        if code not in wanted:
            before = snapshot(coding)
            audit_record(
                actor=actor,
                instance=coding,
                action=AuditEntry.Action.DELETE,
                before=before,
            )
            coding.delete()
    result = []
    for code, theme in wanted.items():
        quote = normalize_passage(quotes.get(code, ""))
        coding = existing.get(code)
        if coding is None:
            coding = Coding.objects.create(
                theme=theme,
                recipient=recipient,
                version=version,
                quote=quote,
                coder=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_record(actor=actor, instance=coding, action=AuditEntry.Action.CREATE)
        else:
            before = snapshot(coding)
            coding.version = version
            coding.quote = quote
            if (
                coding.quote != before["quote"]
                or coding.version_id != before["version_id"]
            ):
                coding.coder = (
                    actor if getattr(actor, "is_authenticated", False) else None
                )
            coding.save()
            audit_record(
                actor=actor,
                instance=coding,
                action=AuditEntry.Action.UPDATE,
                before=before,
            )
        result.append(coding)
    return result
