"""Reads of the analysis: the States' current replies, the questions (in the
compiled questionnaire's order), the answers table and the codebook and
codings (A/63/265, ¶21–24). The tally is in ``tallies``, small-group hiding in
``suppression``.

A State's *current reply* is the latest version of kind ``submission`` of its
recipient record, for recipients whose status is "submitted". Drafts are never
read here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from migdev.consultation.analysis.models import Coding, Theme
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.questionnaires.compiled import (
    CompiledQuestion,
    CompiledQuestionnaire,
    compile_questionnaire,
)
from migdev.consultation.questionnaires.compiled import (
    selected_values as compiled_selected_values,
)
from migdev.consultation.questionnaires.models import Question
from migdev.consultation.responses.models import ResponseVersion
from migdev.core.i18n import normalize_language
from migdev.registry.groupings import DEVELOPMENT_GROUPS, REGIONS
from migdev.registry.models import Grouping
from migdev.registry.selectors import (
    group_codes_by_country,
    names_on,
    sort_by_name,
)

#: The groups a tally breaks the States that replied down by: the M49 regions
#: and the development groups (the registry's codes).
GROUP_CODES: tuple[str, ...] = REGIONS + DEVELOPMENT_GROUPS

#: Question types tallied by choice.
CLOSED_TYPES: tuple[str, ...] = (
    Question.Type.YES_NO,
    Question.Type.SELECT_ONE,
    Question.Type.SELECT_MULTIPLE,
)


# --- Replies ------------------------------------------------------------------


def campaign_get(pk: int) -> Campaign:
    try:
        return Campaign.objects.select_related("questionnaire").get(pk=pk)
    except Campaign.DoesNotExist as exc:
        raise Http404(_("There is no campaign with this number.")) from exc


def current_replies(
    campaign: Campaign, *, as_of: dt.date | None = None
) -> list[ResponseVersion]:
    """Per State that replied, its latest submitted version, in one query.

    With ``as_of``, only versions saved on or before that day and recipients
    that had replied by then count: the replies as the secretariat saw them
    that day.
    """
    latest = ResponseVersion.objects.filter(
        recipient=OuterRef("recipient"), kind=ResponseVersion.Kind.SUBMISSION
    )
    recipients = Q(
        recipient__campaign=campaign,
        recipient__status=Recipient.Status.SUBMITTED,
    )
    if as_of is not None:
        latest = latest.filter(created_at__date__lte=as_of)
        recipients &= Q(recipient__completed_at__date__lte=as_of)
    return list(
        ResponseVersion.objects.filter(
            recipients,
            kind=ResponseVersion.Kind.SUBMISSION,
            number=Subquery(latest.order_by("-number").values("number")[:1]),
        )
        .select_related("recipient__country")
        .order_by("recipient__country__m49")
    )


def current_reply_of(recipient: Recipient) -> ResponseVersion | None:
    """The recipient's current reply, or None if it has not replied."""
    if recipient.status != Recipient.Status.SUBMITTED:
        return None
    return (
        ResponseVersion.objects.filter(
            recipient=recipient, kind=ResponseVersion.Kind.SUBMISSION
        )
        .order_by("-number")
        .first()
    )


def memberships(
    country_ids: Iterable[int], *, as_of: dt.date, codes: Sequence[str] = GROUP_CODES
) -> dict[int, set[str]]:
    """Country pk → the codes, among ``codes``, of the groups it belonged to on ``as_of``."""
    return group_codes_by_country(country_ids, as_of=as_of, codes=codes)


def groupings_by_code(codes: Sequence[str] = GROUP_CODES) -> dict[str, Grouping]:
    return {g.code: g for g in Grouping.objects.filter(code__in=codes)}


def compiled_of(campaign: Campaign) -> CompiledQuestionnaire:
    """The campaign's questionnaire, compiled (cached per stored version)."""
    return compile_questionnaire(campaign.questionnaire)


def questions_of(campaign: Campaign) -> list[Question]:
    """The questions, in the order of the compiled questionnaire."""
    rows = {
        q.pk: q
        for q in Question.objects.filter(questionnaire_id=campaign.questionnaire_id)
    }
    return [rows[q.pk] for q in compiled_of(campaign).questions if q.pk in rows]


def selected_values(question: Question | CompiledQuestion, value: Any) -> list[str]:
    """The choice names an answer holds: one, several (list or space-separated), or none."""
    return compiled_selected_values(question.type, value)


def answer_text(value: Any) -> str:
    """An open answer as text (a list of paragraphs is joined by blank lines)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n\n".join(str(v) for v in value if v is not None)
    return str(value)


def has_answer(question: Question, value: Any) -> bool:
    if question.type in CLOSED_TYPES:
        return bool(selected_values(question, value))
    return answer_text(value).strip() != ""


_NUMBER_TEXT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
NUMBER_TYPES: tuple[str, ...] = (Question.Type.INTEGER, Question.Type.DECIMAL)


def _number(value: Any) -> int | float | None:
    """The number an integer or decimal answer holds, or None if it holds none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        text = value.strip()
        return float(text) if "." in text else int(text)
    return None


def answer_display(
    question: CompiledQuestion, value: Any, language: str
) -> str | int | float:
    """An answer as a cell: choice labels in ``language``, several joined by
    "; "; the answer to an integer or decimal question as a number."""
    if question.type in NUMBER_TYPES and (number := _number(value)) is not None:
        return number
    if question.type in CLOSED_TYPES:
        return "; ".join(
            question.choice_label(name, language) for name in question.selected(value)
        )
    if isinstance(value, list | tuple):
        return answer_text(value)
    return "" if value is None else str(value)


# --- The answers table (exports) ---------------------------------------------


@dataclass
class AnswersTable:
    """One row per State, one column per question, in one language."""

    language: str
    fixed_header: list[str]
    fixed_names: list[str]
    questions: list[Question]
    question_header: list[str]
    #: Text, except the answers to integer and decimal questions (numbers).
    rows: list[list[Any]]

    @property
    def header(self) -> list[str]:
        return self.fixed_header + self.question_header

    @property
    def names(self) -> list[str]:
        """Machine names of the columns (the XLSForm names of the questions)."""
        return self.fixed_names + [q.name for q in self.questions]


def answers_table(
    campaign: Campaign,
    *,
    language: str,
    as_of: dt.date | None = None,
    replied_only: bool = True,
) -> AnswersTable:
    """The replies as a table, with labels and State names in ``language``.

    Columns: State, ISO3, M49 region, development group(s) (memberships on the
    campaign's deadline), status, replied at, then one per question (header:
    the question's label). Rows are the States that replied, sorted by name in
    ``language``; with ``replied_only=False``, every recipient.
    """
    language = normalize_language(language)
    questions = questions_of(campaign)
    compiled = compiled_of(campaign).by_name
    replies = {v.recipient_id: v for v in current_replies(campaign, as_of=as_of)}
    if replied_only:
        recipients = [v.recipient for v in replies.values()]
    else:
        recipients = list(
            Recipient.objects.filter(campaign=campaign).select_related("country")
        )
    groups = memberships((r.country_id for r in recipients), as_of=campaign.deadline)
    groupings = groupings_by_code()
    status_labels = dict(Recipient.Status.choices)
    with translation.override(language):
        fixed_header = [
            str(_("State")),
            str(_("ISO3")),
            str(_("Region (M49)")),
            str(_("Development group")),
            str(_("Status")),
            str(_("Replied at")),
        ]
        statuses = {k: str(v) for k, v in status_labels.items()}
    rows = []
    # The names the States bore when the campaign opened, in the language's
    # alphabetical order.
    names = names_on([r.country for r in recipients], campaign.opens_on)
    for recipient in sort_by_name(
        recipients,
        day=campaign.opens_on,
        language=language,
        country=lambda r: r.country,
    ):
        codes = groups.get(recipient.country_id, set())
        region = next((c for c in REGIONS if c in codes), None)
        development = [c for c in DEVELOPMENT_GROUPS if c in codes]
        reply = replies.get(recipient.pk)
        answers = reply.answers if reply else {}
        replied = reply is not None
        rows.append(
            [
                names[recipient.country_id].get_text(language),
                recipient.country.iso3 or "",
                groupings[region].name.get_text(language)
                if region in groupings
                else "",
                "; ".join(
                    groupings[c].name.get_text(language)
                    for c in development
                    if c in groupings
                ),
                statuses[Recipient.Status.SUBMITTED]
                if replied
                else statuses.get(recipient.status, recipient.status),
                recipient.completed_at.date().isoformat()
                if replied and recipient.completed_at
                else "",
                *(
                    answer_display(compiled[q.name], answers.get(q.name), language)
                    for q in questions
                ),
            ]
        )
    return AnswersTable(
        language=language,
        fixed_header=fixed_header,
        fixed_names=[
            "state",
            "iso3",
            "region",
            "development_group",
            "status",
            "replied_at",
        ],
        questions=questions,
        question_header=[q.label.get_text(language) or q.name for q in questions],
        rows=rows,
    )


# --- Codebook and codings ------------------------------------------------------


def open_questions(campaign: Campaign) -> list[Question]:
    return [q for q in questions_of(campaign) if q.type == Question.Type.TEXT]


def question_get(pk: int) -> Question:
    try:
        return Question.objects.select_related("questionnaire").get(pk=pk)
    except Question.DoesNotExist as exc:
        raise Http404(_("There is no question with this number.")) from exc


def theme_list(question: Question) -> QuerySet[Theme]:
    return Theme.objects.filter(question=question).order_by("order", "code")


def theme_get(pk: int) -> Theme:
    try:
        return Theme.objects.select_related("question__questionnaire").get(pk=pk)
    except Theme.DoesNotExist as exc:
        raise Http404(_("There is no theme with this number.")) from exc


def codings_of(recipient: Recipient, question: Question) -> list[Coding]:
    return list(
        Coding.objects.filter(recipient=recipient, theme__question=question)
        .select_related("theme")
        .order_by("theme__order", "theme__code")
    )


def theme_counts(campaign: Campaign) -> dict[int, int]:
    """Theme pk → number of this campaign's States tagged with it."""
    counts: dict[int, int] = defaultdict(int)
    for theme_id in Coding.objects.filter(recipient__campaign=campaign).values_list(
        "theme_id", flat=True
    ):
        counts[theme_id] += 1
    return counts


@dataclass
class CodingEntry:
    """One State's answer to an open question, with its tags."""

    recipient: Recipient
    version: ResponseVersion
    answer: str
    codings: list[Coding]

    @property
    def themes(self) -> list[str]:
        return [c.theme.code for c in self.codings]

    @property
    def stale(self) -> bool:
        """Whether the State replied again after its answer was coded."""
        return any(c.version_id != self.version.pk for c in self.codings)


def coding_overview(
    campaign: Campaign, question: Question, *, language: str
) -> list[CodingEntry]:
    """The answers to ``question`` of the States that replied, sorted by name in
    ``language``, with their tags. Two queries."""
    replies = current_replies(campaign)
    tags: dict[int, list[Coding]] = defaultdict(list)
    for coding in (
        Coding.objects.filter(theme__question=question, recipient__campaign=campaign)
        .select_related("theme")
        .order_by("theme__order", "theme__code")
    ):
        tags[coding.recipient_id].append(coding)
    entries = [
        CodingEntry(
            recipient=v.recipient,
            version=v,
            answer=answer_text(v.answers.get(question.name)),
            codings=tags.get(v.recipient_id, []),
        )
        for v in replies
    ]
    return sort_by_name(
        entries,
        day=campaign.opens_on,
        language=language,
        country=lambda e: e.recipient.country,
    )
