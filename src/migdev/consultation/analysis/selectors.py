"""Reads of the analysis: the States' current replies, the answers table, the
codebook and the coded tally (A/63/265, ¶21–24).

A State's *current reply* is the latest version of kind ``submission`` of its
recipient record, for recipients whose status is "submitted". Drafts are never
read here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

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
from migdev.core.i18n import normalize_language, sort_key
from migdev.registry import permissions
from migdev.registry.models import Grouping
from migdev.registry.selectors import (
    group_codes_by_country,
    names_on,
    sort_by_name,
)
from migdev.stats.quantifiers import Quantifier, quantify
from migdev.stats.shares import percent

#: M49 regions: Africa, Americas, Asia, Europe, Oceania.
REGION_CODES: tuple[str, ...] = ("002", "019", "142", "150", "009")
#: Development groups: more developed, less developed, least developed countries.
DEVELOPMENT_CODES: tuple[str, ...] = ("901", "902", "941")
GROUP_CODES: tuple[str, ...] = REGION_CODES + DEVELOPMENT_CODES

#: A region or development group with fewer States that replied is not shown in
#: the public tally of closed questions, so that no State's answer can be read
#: off it; the secretariat sees every cell.
MIN_GROUP_RESPONDENTS = 3
#: Groups that split the respondents between them: from the count of all
#: respondents and the shown groups of one family, a hidden one could be
#: worked out, so a second is hidden with it (see :func:`hidden_groups`).
GROUP_FAMILIES: tuple[tuple[str, ...], ...] = (REGION_CODES, ("901", "902"))

#: In a shown group of fewer States that replied, a cell where all or none of
#: them gave an answer is not shown in the public tally: the public map says
#: which States replied, so such a cell would tell each one's answer (Oceania
#: 3 of 3 "yes"). See :func:`suppressed_cells`.
SMALL_GROUP_RESPONDENTS = 10

#: Question types tallied by choice.
CLOSED_TYPES: tuple[str, ...] = (
    Question.Type.YES_NO,
    Question.Type.SELECT_ONE,
    Question.Type.SELECT_MULTIPLE,
)

Base = Literal["respondents", "answered"]
BASES: tuple[str, ...] = ("respondents", "answered")


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
        region = next((c for c in REGION_CODES if c in codes), None)
        development = [c for c in DEVELOPMENT_CODES if c in codes]
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


# --- The tally -----------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    country: str
    iso3: str
    text: str


@dataclass
class ThemeTally:
    theme: Theme
    code: str
    label: str
    definition: str
    count: int
    base: int
    quantifier: Quantifier | None
    quotes: list[Quote] = field(default_factory=list)
    #: The plain count in the language: "61 of 64", "64个中的61个".
    count_phrase: str = ""

    @property
    def share(self) -> float | None:
        return self.count / self.base if self.base else None

    @property
    def percent(self) -> Decimal | None:
        """The share as every page and file prints it (``stats.shares``)."""
        return percent(self.count, self.base)

    @property
    def phrase(self) -> str:
        return self.quantifier.phrase if self.quantifier else ""


@dataclass
class OpenQuestionTally:
    question: Question
    label: str
    respondents: int
    answered: int
    base: int
    coded: int
    themes: list[ThemeTally]


@dataclass(frozen=True)
class GroupColumn:
    code: str
    name: str
    kind: str


@dataclass
class Cell:
    """A count out of a base; both None when the cell is hidden (a group of
    fewer than :data:`MIN_GROUP_RESPONDENTS` States, in the public tally)."""

    count: int | None
    base: int | None
    hidden: bool = False
    #: Hidden because all or none of a small group gave this answer, or to
    #: keep such a cell from being worked out (:func:`suppressed_cells`).
    suppressed: bool = False

    @property
    def share(self) -> float | None:
        if self.count is None or not self.base:
            return None
        return self.count / self.base

    @property
    def percent(self) -> Decimal | None:
        """The share as every page and file prints it (``stats.shares``)."""
        return percent(self.count, self.base)


@dataclass
class ChoiceRow:
    name: str
    label: str
    total: Cell
    groups: dict[str, Cell]


@dataclass
class ClosedQuestionTally:
    question: Question
    label: str
    respondents: int
    answered: int
    base: int
    multiple: bool
    choices: list[ChoiceRow]
    no_answer: ChoiceRow
    #: "total" and group code → base; None for a hidden group.
    bases: dict[str, int | None]
    #: Number of cells hidden by :func:`suppressed_cells` (public tally).
    suppressed: int = 0


@dataclass
class Tally:
    campaign: Campaign
    language: str
    base_kind: str
    as_of: dt.date | None
    groups_as_of: dt.date
    respondents: int
    groups: list[GroupColumn]
    open: list[OpenQuestionTally]
    closed: list[ClosedQuestionTally]
    with_quotes: bool
    #: Codes of the groups whose cells are hidden (empty for the secretariat).
    hidden: frozenset[str] = frozenset()
    #: Question pk → its place in the questionnaire.
    positions: dict[int, int] = field(default_factory=dict)

    def in_order(self) -> list[OpenQuestionTally | ClosedQuestionTally]:
        """The open and closed questions' tallies in the questionnaire's order."""
        return sorted(
            [*self.open, *self.closed],
            key=lambda t: self.positions.get(t.question.pk, len(self.positions)),
        )

    @property
    def hides_groups(self) -> bool:
        """Whether a cell of a closed question is hidden (the footnote applies)."""
        return bool(self.hidden) and bool(self.closed)

    @property
    def suppresses_cells(self) -> bool:
        """Whether a cell is hidden for all or none of a small group."""
        return any(c.suppressed for c in self.closed)

    @property
    def regions(self) -> list[GroupColumn]:
        return [g for g in self.groups if g.code in REGION_CODES]

    @property
    def development_groups(self) -> list[GroupColumn]:
        return [g for g in self.groups if g.code in DEVELOPMENT_CODES]


def _quantify(count: int, base: int, language: str) -> Quantifier | None:
    if base < 1:
        return None
    return quantify(count, base, lang=language)


def _count_phrase(count: int, base: int, language: str) -> str:
    if base < 1:
        return ""
    return quantify(
        count,
        base,
        lang=language,
        style="count",
    ).phrase


def tally(
    campaign: Campaign,
    *,
    language: str,
    base: str = "respondents",
    as_of: dt.date | None = None,
    with_quotes: bool = True,
    hide_small_groups: bool = False,
) -> Tally:
    """Count the coded themes of open questions and the choices of closed ones.

    ``base`` is what shares are out of: ``"respondents"`` (default), the States
    that replied to the campaign, as A/63/265 ¶22 counts "almost all" out of the
    64 replies; or ``"answered"``, the States that answered that question.
    Group memberships (M49 region, development group) are those on the
    campaign's deadline. A fixed number of queries, whatever the size.

    ``hide_small_groups`` (the public tally): the cells of closed questions for
    the groups of :func:`hidden_groups` have no count, base or share; the column
    of all respondents is always given.
    """
    language = normalize_language(language)
    if base not in BASES:
        raise ValueError(f"base must be one of {', '.join(BASES)}, got {base!r}.")
    replies = current_replies(campaign, as_of=as_of)
    questions = questions_of(campaign)
    groups_day = campaign.deadline
    member_of = memberships((v.recipient.country_id for v in replies), as_of=groups_day)
    groupings = groupings_by_code()
    columns = [
        GroupColumn(code, groupings[code].name.get_text(language), groupings[code].kind)
        for code in GROUP_CODES
        if code in groupings
    ]
    open_questions_ = [q for q in questions if q.type == Question.Type.TEXT]
    closed_questions = [q for q in questions if q.type in CLOSED_TYPES]
    open_tallies = _open_tallies(
        open_questions_,
        replies,
        language,
        base=base,
        with_quotes=with_quotes,
        day=campaign.opens_on,
    )
    hidden: frozenset[str] = frozenset()
    if hide_small_groups:
        in_group: dict[str, int] = defaultdict(int)
        for reply in replies:
            for code in member_of.get(reply.recipient.country_id, ()):
                in_group[code] += 1
        hidden = hidden_groups({c.code: in_group.get(c.code, 0) for c in columns})
    closed_tallies = _closed_tallies(
        closed_questions,
        replies,
        compiled_of(campaign),
        member_of,
        columns,
        language,
        base=base,
        hidden=hidden,
        suppress=hide_small_groups,
    )
    return Tally(
        campaign=campaign,
        language=language,
        base_kind=base,
        as_of=as_of,
        groups_as_of=groups_day,
        respondents=len(replies),
        groups=columns,
        open=open_tallies,
        closed=closed_tallies,
        with_quotes=with_quotes,
        hidden=hidden,
        positions={q.pk: i for i, q in enumerate(questions)},
    )


def hidden_groups(
    respondents: dict[str, int],
    *,
    least: int = MIN_GROUP_RESPONDENTS,
    families: Sequence[Sequence[str]] = GROUP_FAMILIES,
) -> frozenset[str]:
    """The group codes whose cells the public tally hides, given the number of
    States that replied in each group.

    A group with fewer than ``least`` respondents is hidden. Since the regions,
    and the more and less developed regions, split the respondents between
    them, the column of all respondents minus the shown groups of a family
    gives the sum of its hidden ones: while the hidden groups of a family hold
    between 1 and ``least - 1`` respondents in all, the smallest shown group of
    that family is hidden too.
    """
    hidden = {code for code, n in respondents.items() if n < least}
    for family in families:
        members = [code for code in family if code in respondents]

        def hidden_sum(members: list[str] = members) -> int:
            return sum(respondents[c] for c in members if c in hidden)

        while 0 < hidden_sum() < least:
            shown = [c for c in members if c not in hidden and respondents[c] > 0]
            if not shown:
                break
            hidden.add(min(shown, key=lambda c: (respondents[c], members.index(c))))
    return frozenset(hidden)


def suppressed_cells(
    counts: dict[str, dict[str, int]],
    respondents: dict[str, int],
    *,
    single_answer: bool,
    hidden: frozenset[str] = frozenset(),
    small: int = SMALL_GROUP_RESPONDENTS,
    families: Sequence[Sequence[str]] = GROUP_FAMILIES,
) -> set[tuple[str, str]]:
    """The (row, group code) cells of one closed question that the public
    tally does not show, besides the groups of :func:`hidden_groups`.

    ``counts`` maps each row (a choice's name, ``""`` for "no answer") to its
    count per group code; ``respondents`` gives the States that replied per
    group, which the public map reveals. A row may be one answer among others
    (``single_answer``: yes/no, select_one) or not (select_multiple).

    *Primary*: in a shown group of 1 to ``small - 1`` respondents, the cell
    of an answer whose count is 0 or all of them says what each of its States
    answered (the "no answer" row is no answer: it only counts for the sums).
    *Complementary*: a hidden cell must not be worked out from what is shown.

    - along a row, the groups of a family (the regions; the more and less
      developed regions) split the column of all respondents: its hidden cells
      (and hidden groups) must be two or more, and hold between none and all
      of their States;
    - down a column, the rows of a single-answer question add up to the
      group's respondents: its hidden cells must be two or more and not all 0.

    The smallest shown group (or the smallest count) is hidden with a cell
    until both hold everywhere; the column of all respondents is never hidden.
    """
    codes = [c for c in respondents if c not in hidden]
    rows = list(counts)

    def count(row: str, code: str) -> int:
        return counts[row].get(code, 0)

    cells = {
        (row, code)
        for row in rows
        for code in codes
        # "no answer" is no answer: it only counts for the sums.
        if row != ""
        and 0 < respondents[code] < small
        and count(row, code) in (0, respondents[code])
    }
    changed = bool(cells)
    while changed:
        changed = False
        for row in rows:
            for family in families:
                members = [c for c in family if c in respondents]
                while True:
                    held = [c for c in members if (row, c) in cells or c in hidden]
                    if not held:
                        break
                    total = sum(count(row, c) for c in held)
                    base = sum(respondents[c] for c in held)
                    if len(held) >= 2 and 0 < total < base:
                        break
                    shown = [c for c in members if c not in held and respondents[c] > 0]
                    if not shown:
                        break
                    pick = min(shown, key=lambda c: (respondents[c], members.index(c)))
                    cells.add((row, pick))
                    changed = True
        if not single_answer:
            continue
        for code in codes:
            while True:
                held = [row for row in rows if (row, code) in cells]
                if not held:
                    break
                if len(held) >= 2 and sum(count(row, code) for row in held) > 0:
                    break
                shown = [row for row in rows if (row, code) not in cells]
                if not shown:
                    break
                pick = min(shown, key=lambda r: (count(r, code) == 0, count(r, code)))
                cells.add((pick, code))
                changed = True
    return cells


def _open_tallies(
    questions: list[Question],
    replies: list[ResponseVersion],
    language: str,
    *,
    base: str,
    with_quotes: bool,
    day: dt.date,
) -> list[OpenQuestionTally]:
    if not questions:
        return []
    by_recipient = {v.recipient_id: v for v in replies}
    names = names_on([v.recipient.country for v in replies], day) if with_quotes else {}
    themes_by_question: dict[int, list[Theme]] = defaultdict(list)
    for theme in Theme.objects.filter(question__in=questions).order_by("order", "code"):
        themes_by_question[theme.question_id].append(theme)
    tagged: dict[int, list[Coding]] = defaultdict(list)
    for coding in Coding.objects.filter(
        theme__question__in=questions, recipient_id__in=list(by_recipient)
    ):
        tagged[coding.theme_id].append(coding)
    result = []
    for question in questions:
        answered_ids = {
            v.recipient_id
            for v in replies
            if has_answer(question, v.answers.get(question.name))
        }
        question_base = len(replies) if base == "respondents" else len(answered_ids)
        coded: set[int] = set()
        rows = []
        for theme in themes_by_question.get(question.pk, []):
            codings = tagged.get(theme.pk, [])
            coded.update(c.recipient_id for c in codings)
            quotes = []
            if with_quotes:
                quotes = sorted(
                    (
                        Quote(
                            country=names[
                                by_recipient[c.recipient_id].recipient.country_id
                            ].get_text(language),
                            iso3=by_recipient[c.recipient_id].recipient.country.iso3
                            or "",
                            text=c.quote,
                        )
                        for c in codings
                        if c.quote
                    ),
                    key=lambda q: sort_key(q.country, language),
                )
            count = len(codings)
            rows.append(
                ThemeTally(
                    theme=theme,
                    code=theme.code,
                    label=theme.label.get_text(language) or theme.code,
                    definition=theme.definition.get_text(language),
                    count=count,
                    base=question_base,
                    quantifier=_quantify(count, question_base, language),
                    quotes=quotes,
                    count_phrase=_count_phrase(count, question_base, language),
                )
            )
        result.append(
            OpenQuestionTally(
                question=question,
                label=question.label.get_text(language) or question.name,
                respondents=len(replies),
                answered=len(answered_ids),
                base=question_base,
                coded=len(coded),
                themes=rows,
            )
        )
    return result


def _closed_tallies(
    questions: list[Question],
    replies: list[ResponseVersion],
    compiled: CompiledQuestionnaire,
    member_of: dict[int, set[str]],
    columns: list[GroupColumn],
    language: str,
    *,
    base: str,
    hidden: frozenset[str] = frozenset(),
    suppress: bool = False,
) -> list[ClosedQuestionTally]:
    result = []
    codes = [c.code for c in columns]
    for question in questions:
        options = [
            (c.name, c.label.get_text(language) or c.name)
            for c in compiled.by_name[question.name].choices
        ]
        counts: dict[str, dict[str, int]] = {
            name: defaultdict(int) for name, _label in options
        }
        unanswered: dict[str, int] = defaultdict(int)
        respondents: dict[str, int] = defaultdict(int)
        answered: dict[str, int] = defaultdict(int)
        for reply in replies:
            keys = ["total", *sorted(member_of.get(reply.recipient.country_id, ()))]
            selected = selected_values(question, reply.answers.get(question.name))
            for key in keys:
                respondents[key] += 1
                if selected:
                    answered[key] += 1
                else:
                    unanswered[key] += 1
            for name in dict.fromkeys(selected):
                if name not in counts:
                    # A value that is not (or no longer) in the choice list.
                    counts[name] = defaultdict(int)
                    options.append((name, name))
                for key in keys:
                    counts[name][key] += 1
        bases = respondents if base == "respondents" else answered
        suppressed: set[tuple[str, str]] = set()
        if suppress:
            suppressed = suppressed_cells(
                {name: counts[name] for name, _label in options} | {"": unanswered},
                {code: respondents.get(code, 0) for code in codes},
                single_answer=question.type != Question.Type.SELECT_MULTIPLE,
                hidden=hidden,
            )

        with translation.override(language):
            no_answer_label = str(_("No answer"))
        result.append(
            ClosedQuestionTally(
                question=question,
                label=question.label.get_text(language) or question.name,
                respondents=respondents.get("total", 0),
                answered=answered.get("total", 0),
                base=bases.get("total", 0),
                multiple=question.type == Question.Type.SELECT_MULTIPLE,
                choices=[
                    _choice_row(
                        name, label, counts[name], bases, codes, hidden, suppressed
                    )
                    for name, label in options
                ],
                no_answer=_choice_row(
                    "", no_answer_label, unanswered, bases, codes, hidden, suppressed
                ),
                suppressed=len(suppressed),
                bases={"total": bases.get("total", 0)}
                | {
                    code: None if code in hidden else bases.get(code, 0)
                    for code in codes
                },
            )
        )
    return result


def _choice_row(
    name: str,
    label: str,
    tallied: dict[str, int],
    bases: dict[str, int],
    codes: list[str],
    hidden: frozenset[str] = frozenset(),
    suppressed: set[tuple[str, str]] | None = None,
) -> ChoiceRow:
    suppressed = suppressed or set()

    def cell(code: str) -> Cell:
        if code in hidden:
            return Cell(None, None, hidden=True)
        if (name, code) in suppressed:
            # The group's base stays: the public map tells it anyway.
            return Cell(None, bases.get(code, 0), hidden=True, suppressed=True)
        return Cell(tallied.get(code, 0), bases.get(code, 0))

    return ChoiceRow(
        name=name,
        label=label,
        total=Cell(tallied.get("total", 0), bases.get("total", 0)),
        groups={code: cell(code) for code in codes},
    )


# --- Permissions ---------------------------------------------------------------


def tally_for_user(
    *, user: Any, campaign: Campaign, language: str, base: str = "respondents"
) -> Tally:
    """The tally ``user`` may see: all of it for the secretariat; for the
    public, once the campaign's results are published, without the quoted
    passages and without the groups of fewer than
    :data:`MIN_GROUP_RESPONDENTS` States (:func:`hidden_groups`)."""
    from migdev.consultation.analysis import rules

    permissions.require(user, rules.VIEW_TALLY, campaign)
    everything = permissions.can(user, rules.VIEW_TALLY_QUOTES, campaign)
    return tally(
        campaign,
        language=language,
        base=base,
        with_quotes=everything,
        hide_small_groups=not everything,
    )
