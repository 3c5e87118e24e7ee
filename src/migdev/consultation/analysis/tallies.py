"""The tally (A/63/265 ¶21–24): the coded themes of open questions, with
quantifiers ("almost all", "one sixth"), and the choices of closed questions by
region and development group, with the public tally's small groups hidden
(``suppression``). Reads through ``selectors``; a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from migdev.consultation.analysis.models import Coding, Theme
from migdev.consultation.analysis.selectors import (
    CLOSED_TYPES,
    GROUP_CODES,
    compiled_of,
    current_replies,
    groupings_by_code,
    has_answer,
    memberships,
    questions_of,
    selected_values,
)
from migdev.consultation.analysis.suppression import hidden_groups, suppressed_cells
from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.questionnaires.compiled import (
    CompiledQuestionnaire,
)
from migdev.consultation.questionnaires.models import Question
from migdev.consultation.responses.models import ResponseVersion
from migdev.core.i18n import normalize_language, sort_key
from migdev.registry import permissions
from migdev.registry.groupings import DEVELOPMENT_GROUPS, REGIONS
from migdev.registry.selectors import (
    names_on,
)
from migdev.stats.quantifiers import Quantifier, quantify
from migdev.stats.shares import percent

Base = Literal["respondents", "answered"]
BASES: tuple[str, ...] = ("respondents", "answered")


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
        return [g for g in self.groups if g.code in REGIONS]

    @property
    def development_groups(self) -> list[GroupColumn]:
        return [g for g in self.groups if g.code in DEVELOPMENT_GROUPS]


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
