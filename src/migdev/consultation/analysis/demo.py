"""Demo content of the analysis: the codebook of the 2008 consultation's open
questions and the coding of its illustrative replies (A/63/265, ¶22–24).

Each open question of the questionnaire (``forum_view``,
``forum_un_relationship``, ``sole_mechanism_reasons``, ``follow_up_proposals``,
``multilateral_system``, ``follow_up_other``, ``other_comments``) gets a
codebook. The themes of ¶22–24 give the report's words on the demo replies
("almost all", "only three", "one sixth", "many", "several", "some"); a theme
the report does not give is marked illustrative in its definition. Coding is
deterministic: each theme has phrases to look for, in the six languages the
demo replies are written in; the quoted passage is the first sentence that
matches. A theme may exclude others ("no view" excludes "useful outcome"). The
States' wish that the Forum be the sole follow-up (¶22, one sixth) is coded on
the answers to ``sole_mechanism_reasons``, asked of the States that want it. Runs after the
responses demo; skips with a note when the campaign or its replies are absent;
codes only answers that have no tags yet, so running it again changes nothing
and never overwrites a coder's work. The codebooks are data, in
``demo_data/codebooks.yaml``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from migdev.consultation.analysis import selectors, services
from migdev.consultation.analysis.models import Coding, Theme
from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.questionnaires.models import Question
from migdev.core.demo_data import demo_data
from migdev.core.i18n import LocalizedText

log = logging.getLogger(__name__)

#: The codebooks, their themes and the phrases to look for:
#: ``demo_data/codebooks.yaml``.
DATA = demo_data(__package__, "codebooks")
QUESTIONNAIRE_CODE: str = DATA["questionnaire"]
CODER_USERNAME: str = DATA["coder"]


@dataclass(frozen=True)
class DemoTheme:
    code: str
    label: LocalizedText
    definition: LocalizedText
    #: Regular expressions (case-insensitive); the first sentence that matches
    #: one is the quoted passage.
    patterns: tuple[str, ...]
    #: Codes of themes that, when found, rule this one out.
    unless: tuple[str, ...] = ()
    #: Not a view the report gives: its definition says so in every language.
    illustrative: bool = False


#: Appended to the definition of an illustrative theme.
ILLUSTRATIVE: LocalizedText = DATA["illustrative_note"]


def _theme(row: dict) -> DemoTheme:
    return DemoTheme(
        code=row["code"],
        label=row["label"],
        definition=row["definition"],
        patterns=tuple(row["patterns"]),
        unless=tuple(row.get("unless", ())),
        illustrative=row.get("illustrative", False),
    )


#: Question name → its demo codebook.
CODEBOOKS: dict[str, tuple[DemoTheme, ...]] = {
    question: tuple(_theme(row) for row in rows)
    for question, rows in DATA["codebooks"].items()
}

_SENTENCE = re.compile(r"[^.!?。！？؟\n]+(?:[.!?。！？؟]+|\n|$)")


def sentences(text: str) -> list[str]:
    """Split an answer into sentences (Latin, Arabic and Chinese punctuation)."""
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def code_answer(text: str, themes: tuple[DemoTheme, ...]) -> dict[str, str]:
    """Theme code → quoted sentence, for the themes the answer expresses."""
    found: dict[str, str] = {}
    parts = sentences(text)
    for theme in themes:
        compiled = [re.compile(p, re.IGNORECASE) for p in theme.patterns]
        for sentence in parts:
            if any(p.search(sentence) for p in compiled):
                found[theme.code] = sentence
                break
    for theme in themes:
        if theme.code in found and any(code in found for code in theme.unless):
            del found[theme.code]
    return found


def _note(message: str) -> None:
    log.info(message)
    print(f"Analysis demo: {message}")  # noqa: T201


@transaction.atomic
def load_demo() -> list:
    campaign = (
        Campaign.objects.filter(questionnaire__code=QUESTIONNAIRE_CODE)
        .order_by("request__opens_on", "pk")
        .first()
    )
    if campaign is None:
        _note(f"no campaign of questionnaire {QUESTIONNAIRE_CODE!r}; nothing coded.")
        return []
    replies = selectors.current_replies(campaign)
    if not replies:
        _note("the 2008 campaign has no replies yet; nothing coded.")
        return []
    coder = get_user_model().objects.filter(username=CODER_USERNAME).first()
    if coder is None:
        _note(f"no {CODER_USERNAME!r} user to code as; nothing coded.")
        return []
    coded = 0
    for question in selectors.open_questions(campaign):
        codebook = CODEBOOKS.get(question.name)
        if codebook is None:
            continue
        themes = _ensure_themes(question, codebook, coder)
        already = set(
            Coding.objects.filter(
                theme__question=question, recipient__campaign=campaign
            ).values_list("recipient_id", flat=True)
        )
        for reply in replies:
            if reply.recipient_id in already:
                continue
            text = selectors.answer_text(reply.answers.get(question.name))
            found = code_answer(text, codebook)
            if not found:
                continue
            services.coding_set(
                actor=coder,
                recipient=reply.recipient,
                question=question,
                themes=[themes[code] for code in found if code in themes],
                quotes={code: quote for code, quote in found.items() if code in themes},
            )
            coded += 1
    if coded:
        _note(f"coded {coded} answers of the 2008 consultation (illustrative).")
    return []


def definition_of(theme: DemoTheme) -> LocalizedText:
    """The theme's definition, saying in each of its languages when the theme
    is illustrative (a language it lacks stays missing, for the report of
    missing translations to find)."""
    if not theme.illustrative:
        return theme.definition
    return LocalizedText(
        {
            code: f"{text} {ILLUSTRATIVE.get_text(code)}"
            for code, text in theme.definition.items()
        }
    )


def _ensure_themes(
    question: Question, codebook: tuple[DemoTheme, ...], coder: object
) -> dict[str, Theme]:
    existing = {t.code: t for t in Theme.objects.filter(question=question)}
    for order, demo_theme in enumerate(codebook, start=1):
        if demo_theme.code in existing:
            continue
        existing[demo_theme.code] = services.theme_create(
            actor=coder,
            question=question,
            code=demo_theme.code,
            label=demo_theme.label,
            definition=definition_of(demo_theme),
            order=order,
        )
    return existing
