"""API of the analysis, mounted under /api/v1/: the coded tally of a campaign,
the codebook of an open question, and the coding of one State's answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError

from migdev.consultation.analysis import rules, selectors, services, tallies
from migdev.consultation.analysis.models import Theme
from migdev.consultation.campaigns import rules as campaign_rules
from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.questionnaires.models import Question
from migdev.core.api import PageQuery, language_param, page_of, paginate, user_auth
from migdev.core.fields import missing_languages
from migdev.core.i18n import LANGUAGE_CODES
from migdev.registry import permissions
from migdev.registry.groupings import DEVELOPMENT_GROUPS, REGIONS
from migdev.registry.selectors import country_name

router = Router(tags=["analysis"])

UNKNOWN_THEME = _(
    "The question “%(question)s” has no theme with the code “%(code)s”: "
    "see GET /api/v1/questions/%(id)s/themes."
)

Texts = dict[str, str]


# --- Schemas --------------------------------------------------------------------------


class QuantifierOut(Schema):
    key: str = Field(
        description="Stable key of the phrase chosen by the rules of "
        "migdev.stats.quantifiers, e.g. 'almost_all', 'only_n', 'one_sixth', 'a_majority', "
        "'three' (bases under 10 give the number itself)."
    )
    phrase: str = Field(
        description="The phrase in the requested language, as a report would word "
        "the count: 'almost all', 'only three', 'one sixth'…"
    )
    rule: int = Field(
        description="Number (1-based) of the rule that chose the phrase; the rules "
        "are listed in docs/stats-quantifiers-and-maps.md."
    )
    count_phrase: str = Field(
        description="The plain count in the requested language, e.g. '61 of 64'."
    )


class QuoteOut(Schema):
    iso3: str = Field(description="ISO alpha-3 code of the State quoted.")
    state: str = Field(description="Name of the State in the requested language.")
    text: str = Field(description="The passage of the State's answer, verbatim.")


class ThemeTallyOut(Schema):
    code: str = Field(description="Code of the theme in the codebook.")
    label: str = Field(description="Label of the theme in the requested language.")
    definition: str = Field(description="What the theme covers (requested language).")
    count: int = Field(description="Number of States whose answer was tagged.")
    base: int = Field(
        description="Out of how many States: see the tally's 'base' field."
    )
    share: float | None = Field(
        description="count / base, from 0 to 1; null when the base is 0."
    )
    percent: float | None = Field(
        description="The share as a percentage rounded half-up to one decimal "
        "(3 of 64: 4.7), the figure the pages and files show; null when the base is 0."
    )
    quantifier: QuantifierOut | None = Field(
        description="How a report words count out of base; null when the base is 0."
    )
    quotes: list[QuoteOut] | None = Field(
        description="The passages behind the count, by State. Only for the "
        "secretariat (replies' text is not public); null otherwise."
    )


class OpenQuestionOut(Schema):
    id: int = Field(description="Question id.")
    name: str = Field(description="Question name (XLSForm name).")
    label: str = Field(description="Question label in the requested language.")
    respondents: int = Field(description="States that replied to the campaign.")
    answered: int = Field(description="States whose reply answers this question.")
    coded: int = Field(description="States whose answer has at least one theme.")
    base: int = Field(description="The base of the shares of this question.")
    themes: list[ThemeTallyOut] = Field(description="The codebook's themes, in order.")


class CellOut(Schema):
    count: int | None = Field(
        description="States that chose it; null when the cell is hidden."
    )
    base: int | None = Field(
        description="States in the column (see the tally's 'base'); null when the "
        "cell is hidden."
    )
    share: float | None = Field(
        description="count / base; null when the base is 0 or the cell is hidden."
    )
    percent: float | None = Field(
        description="The share as a percentage rounded half-up to one decimal "
        "(13 of 14: 92.9), the figure the pages and files show; null when the "
        "share is."
    )
    hidden: bool = Field(
        description="True when the cell is not shown: in the public tally, a "
        "region or development group with fewer than 3 States that replied (see "
        "the tally's 'hidden_groups'), or, in a group of fewer than 10, an answer "
        "given by all or none of them and the cells that would give it away (count "
        "and share null, base kept). The column of all respondents is never hidden."
    )


class ChoiceTallyOut(Schema):
    name: str = Field(description="Choice name; empty for the 'no answer' row.")
    label: str = Field(description="Choice label in the requested language.")
    total: CellOut = Field(description="All States that replied.")
    by_region: dict[str, CellOut] = Field(
        description="By M49 region code: 002 Africa, 019 Americas, 142 Asia, "
        "150 Europe, 009 Oceania."
    )
    by_development_group: dict[str, CellOut] = Field(
        description="By development group code: 901 more developed regions, "
        "902 less developed regions, 941 least developed countries."
    )


class ClosedQuestionOut(Schema):
    id: int = Field(description="Question id.")
    name: str = Field(description="Question name (XLSForm name).")
    type: Literal["yes_no", "select_one", "select_multiple"] = Field(
        description="Question type."
    )
    label: str = Field(description="Question label in the requested language.")
    multiple: bool = Field(
        description="Several choices possible: shares may add up to more than 1."
    )
    respondents: int = Field(description="States that replied to the campaign.")
    answered: int = Field(description="States that chose at least one option.")
    base: int = Field(description="The base of the 'total' shares.")
    choices: list[ChoiceTallyOut] = Field(description="One row per choice, in order.")
    no_answer: ChoiceTallyOut = Field(
        description="States that left the question blank."
    )


class GroupOut(Schema):
    code: str = Field(description="M49 code of the region or development group.")
    name: str = Field(description="Name in the requested language.")


class TallyOut(Schema):
    campaign_id: int
    language: str = Field(description="Language of labels and phrases.")
    base: Literal["respondents", "answered"] = Field(
        description="'respondents': shares are out of the States that replied to "
        "the campaign (as A/63/265 ¶22 counts 'almost all' out of 64 replies); "
        "'answered': out of the States that answered the question."
    )
    respondents: int = Field(description="States that replied to the campaign.")
    groups_as_of: dt.date = Field(
        description="Regions and development groups are memberships on this day "
        "(the campaign's deadline)."
    )
    quotes_included: bool = Field(
        description="Whether themes carry their quoted passages (secretariat only)."
    )
    hidden_groups: list[str] = Field(
        description="Codes of the regions and development groups whose cells of "
        "closed questions are hidden (count, base and share null): in the public "
        "tally, those with fewer than 3 States that replied, so that no State's "
        "answer can be read off the table, and, where the other groups and the "
        "total would give one away, the next smallest group of the same kind. "
        "Always empty for the secretariat."
    )
    regions: list[GroupOut]
    development_groups: list[GroupOut]
    open_questions: list[OpenQuestionOut] = Field(
        description="Open-text questions: themes coded in the answers."
    )
    closed_questions: list[ClosedQuestionOut] = Field(
        description="Yes/no, single- and multiple-choice questions: counts by choice."
    )


class TallyQuery(Schema):
    lang: str | None = Field(
        None,
        description="Language of labels and phrases: ar, zh-hans, en, fr, ru or es "
        "(default: the request's).",
    )
    base: Literal["respondents", "answered"] = Field(
        "respondents", description="What shares are out of (see the 'base' field)."
    )


class ThemeOut(Schema):
    id: int
    question_id: int
    code: str = Field(description="Short stable identifier, unique in the question.")
    order: int = Field(description="Place in the codebook.")
    label: str = Field(description="Label in the requested language.")
    labels: Texts = Field(description="Label in each of the six languages.")
    definition: str = Field(description="Definition in the requested language.")
    definitions: Texts = Field(description="Definition in each of the six languages.")
    missing: list[str] = Field(
        description="Languages in which the label or the definition is missing."
    )
    tagged: int = Field(description="Answers tagged with the theme.")


class ThemeIn(Schema):
    code: str = Field(
        max_length=60,
        description="Lower-case letters, digits and hyphens, e.g. 'useful-outcome'.",
    )
    labels: Texts = Field(
        description="Label per language code (ar, zh-hans, en, fr, ru, es); English is required."
    )
    definitions: Texts = Field(
        default_factory=dict, description="Definition per language code."
    )
    order: int | None = Field(
        None, ge=0, description="Place in the codebook (default: last)."
    )


class TagIn(Schema):
    code: str = Field(description="Code of a theme of the question.")
    quote: str = Field(
        "",
        description="Passage of the State's answer that shows the theme; it must "
        "occur in the answer (white space aside). Optional.",
    )


class CodingIn(Schema):
    themes: list[TagIn] = Field(
        description="Every theme found in the answer; themes not listed are untagged."
    )


class TagOut(Schema):
    code: str
    label: str = Field(description="Theme label in the requested language.")
    quote: str
    version: int | None = Field(
        description="Number of the reply version that was coded."
    )


class CodingOut(Schema):
    recipient_id: int
    question_id: int
    state: str = Field(description="Name of the State in the requested language.")
    current_version: int | None = Field(
        description="Number of the State's current submitted version."
    )
    answer: str = Field(description="The State's answer to the question.")
    themes: list[TagOut]


# --- Tally ------------------------------------------------------------------------------


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _cell(cell: tallies.Cell) -> dict:
    return {
        "count": cell.count,
        "base": cell.base,
        "share": cell.share,
        "percent": _number(cell.percent),
        "hidden": cell.hidden,
    }


def _choice(row: tallies.ChoiceRow) -> dict:
    return {
        "name": row.name,
        "label": row.label,
        "total": _cell(row.total),
        "by_region": {
            code: _cell(cell) for code, cell in row.groups.items() if code in REGIONS
        },
        "by_development_group": {
            code: _cell(cell)
            for code, cell in row.groups.items()
            if code in DEVELOPMENT_GROUPS
        },
    }


def _theme_tally(t: tallies.ThemeTally, with_quotes: bool) -> dict:
    return {
        "code": t.code,
        "label": t.label,
        "definition": t.definition,
        "count": t.count,
        "base": t.base,
        "share": t.share,
        "percent": _number(t.percent),
        "quantifier": {
            "key": t.quantifier.key,
            "phrase": t.quantifier.phrase,
            "rule": t.quantifier.rule,
            "count_phrase": t.count_phrase,
        }
        if t.quantifier
        else None,
        "quotes": [
            {"iso3": q.iso3, "state": q.country, "text": q.text} for q in t.quotes
        ]
        if with_quotes
        else None,
    }


@router.get(
    "/campaigns/{campaign_id}/tally",
    response=TallyOut,
    summary="The coded tally of a campaign (public once its results are published)",
    description="Themes of open questions with counts, shares and the quantifier a "
    "report would use; closed questions by choice, M49 region and development group. "
    "Quoted passages are included for the secretariat only. Before publication, "
    "only the secretariat may read it (404 for anyone else, as for a campaign "
    "that does not exist).",
)
def campaign_tally(
    request: HttpRequest, campaign_id: int, query: Query[TallyQuery]
) -> dict:
    language = language_param(query.lang)
    campaign = selectors.campaign_get(campaign_id)
    if not permissions.can(request.user, rules.VIEW_TALLY, campaign):
        if not permissions.can(request.user, campaign_rules.VIEW, campaign):
            # Not public and not the user's: as if it did not exist.
            raise Http404(_("There is no campaign with this number."))
        if not request.user.is_authenticated:
            raise AuthenticationError
        raise PermissionDenied
    result = tallies.tally_for_user(
        user=request.user, campaign=campaign, language=language, base=query.base
    )
    with_quotes = result.with_quotes
    return {
        "campaign_id": campaign.pk,
        "language": language,
        "base": result.base_kind,
        "respondents": result.respondents,
        "groups_as_of": result.groups_as_of,
        "quotes_included": with_quotes,
        "hidden_groups": [g.code for g in result.groups if g.code in result.hidden],
        "regions": [{"code": g.code, "name": g.name} for g in result.regions],
        "development_groups": [
            {"code": g.code, "name": g.name} for g in result.development_groups
        ],
        "open_questions": [
            {
                "id": q.question.pk,
                "name": q.question.name,
                "label": q.label,
                "respondents": q.respondents,
                "answered": q.answered,
                "coded": q.coded,
                "base": q.base,
                "themes": [_theme_tally(t, with_quotes) for t in q.themes],
            }
            for q in result.open
        ],
        "closed_questions": [
            {
                "id": c.question.pk,
                "name": c.question.name,
                "type": c.question.type,
                "label": c.label,
                "multiple": c.multiple,
                "respondents": c.respondents,
                "answered": c.answered,
                "base": c.base,
                "choices": [_choice(row) for row in c.choices],
                "no_answer": _choice(c.no_answer),
            }
            for c in result.closed
        ],
    }


# --- Codebook ---------------------------------------------------------------------------


def _theme_out(theme: Theme, language: str, tagged: int) -> dict:
    return {
        "id": theme.pk,
        "question_id": theme.question_id,
        "code": theme.code,
        "order": theme.order,
        "label": theme.label.get_text(language),
        "labels": {c: theme.label.get(c, "") for c in LANGUAGE_CODES},
        "definition": theme.definition.get_text(language),
        "definitions": {c: theme.definition.get(c, "") for c in LANGUAGE_CODES},
        "missing": missing_languages(theme),
        "tagged": tagged,
    }


def _question_for_coding(request: HttpRequest, question_id: int) -> Question:
    question = selectors.question_get(question_id)
    permissions.require(request.user, rules.CODE_REPLIES, question)
    return question


@router.get(
    "/questions/{question_id}/themes",
    response=page_of(ThemeOut),
    auth=user_auth,
    summary="The codebook of an open question (secretariat; a page)",
)
def themes_list(
    request: HttpRequest,
    question_id: int,
    page: Query[PageQuery],
    lang: str | None = None,
) -> dict:
    language = language_param(lang)
    question = _question_for_coding(request, question_id)
    themes = selectors.theme_list(question).annotate(tagged=Count("codings"))
    return paginate(
        request,
        themes,
        page,
        lambda rows: [_theme_out(t, language, t.tagged) for t in rows],
    )


@router.post(
    "/questions/{question_id}/themes",
    response={201: ThemeOut},
    auth=user_auth,
    summary="Add a theme to the codebook of an open question (secretariat)",
)
def themes_create(
    request: HttpRequest, question_id: int, payload: ThemeIn, lang: str | None = None
) -> Status:
    question = _question_for_coding(request, question_id)
    theme = services.theme_create(
        actor=request.user,
        question=question,
        code=payload.code,
        label=payload.labels,
        definition=payload.definitions,
        order=payload.order,
    )
    return Status(201, _theme_out(theme, language_param(lang), 0))


@router.put(
    "/themes/{theme_id}",
    response=ThemeOut,
    auth=user_auth,
    summary="Change a theme (secretariat)",
)
def themes_update(
    request: HttpRequest, theme_id: int, payload: ThemeIn, lang: str | None = None
) -> dict:
    theme = selectors.theme_get(theme_id)
    permissions.require(request.user, rules.CODE_REPLIES, theme)
    theme = services.theme_update(
        actor=request.user,
        theme=theme,
        code=payload.code,
        label=payload.labels,
        definition=payload.definitions,
        order=payload.order,
    )
    return _theme_out(theme, language_param(lang), theme.codings.count())


@router.delete(
    "/themes/{theme_id}",
    response={204: None},
    auth=user_auth,
    summary="Remove a theme and its tags (secretariat)",
)
def themes_delete(request: HttpRequest, theme_id: int) -> Status:
    theme = selectors.theme_get(theme_id)
    permissions.require(request.user, rules.CODE_REPLIES, theme)
    services.theme_delete(actor=request.user, theme=theme)
    return Status(204, None)


# --- Coding -----------------------------------------------------------------------------


def _recipient(request: HttpRequest, recipient_id: int) -> Recipient:
    try:
        recipient = Recipient.objects.select_related(
            "country", "campaign__request"
        ).get(pk=recipient_id)
    except Recipient.DoesNotExist:
        recipient = None
    # A recipient of an unpublished campaign is not public: whoever may not code
    # it gets the same answer as for an id that does not exist.
    if recipient is None or not permissions.can(
        request.user, rules.CODE_REPLIES, recipient
    ):
        raise LookupError(f"No recipient has the id {recipient_id}.")
    return recipient


def _coding_out(recipient: Recipient, question: Question, language: str) -> dict:
    version = selectors.current_reply_of(recipient)
    return {
        "recipient_id": recipient.pk,
        "question_id": question.pk,
        "state": country_name(recipient.country, recipient.campaign.opens_on, language),
        "current_version": version.number if version else None,
        "answer": selectors.answer_text(version.answers.get(question.name))
        if version
        else "",
        "themes": [
            {
                "code": c.theme.code,
                "label": c.theme.label.get_text(language),
                "quote": c.quote,
                "version": c.version.number if c.version else None,
            }
            for c in selectors.codings_of(recipient, question)
        ],
    }


@router.get(
    "/replies/{recipient_id}/codings/{question_id}",
    response=CodingOut,
    auth=user_auth,
    summary="The themes tagged on one State's answer (secretariat)",
)
def codings_get(
    request: HttpRequest, recipient_id: int, question_id: int, lang: str | None = None
) -> dict:
    recipient = _recipient(request, recipient_id)
    question = _question_for_coding(request, question_id)
    return _coding_out(recipient, question, language_param(lang))


@router.put(
    "/replies/{recipient_id}/codings/{question_id}",
    response=CodingOut,
    auth=user_auth,
    summary="Set the themes of one State's answer, with quoted passages (secretariat)",
    description="Replaces the State's tags for the question. Each quote must be a "
    "passage of the State's current answer (white space aside); otherwise 400 and "
    "nothing is saved.",
)
def codings_put(
    request: HttpRequest,
    recipient_id: int,
    question_id: int,
    payload: CodingIn,
    lang: str | None = None,
) -> dict:
    recipient = _recipient(request, recipient_id)
    question = _question_for_coding(request, question_id)
    themes = {t.code: t for t in selectors.theme_list(question)}
    chosen = []
    for tag in payload.themes:
        if tag.code not in themes:
            raise ValidationError(
                UNKNOWN_THEME,
                code="unknown_theme",
                params={"question": question.name, "code": tag.code, "id": question.pk},
            )
        chosen.append(themes[tag.code])
    services.coding_set(
        actor=request.user,
        recipient=recipient,
        question=question,
        themes=chosen,
        quotes={tag.code: tag.quote for tag in payload.themes if tag.quote},
    )
    return _coding_out(recipient, question, language_param(lang))
