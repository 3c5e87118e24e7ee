"""Demo content of the analysis: the codebook of the 2008 consultation's open
questions and the coding of its illustrative replies (A/63/265, ¶22–24).

Coding is deterministic: each theme has phrases to look for (in the languages
the demo replies use); the quoted passage is the first sentence that matches.
A theme may exclude others ("no view" excludes "useful outcome"). Runs after the
responses demo; skips with a note when the campaign or its replies are absent;
codes only answers that have no tags yet, so running it again changes nothing
and never overwrites a coder's work.
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
from migdev.core.i18n import LocalizedText

log = logging.getLogger(__name__)

QUESTIONNAIRE_CODE = "hld-follow-up-2008"
CODER_USERNAME = "secretariat"


def _t(ar: str, zh: str, en: str, fr: str, ru: str, es: str) -> LocalizedText:
    return LocalizedText(
        {"ar": ar, "zh-hans": zh, "en": en, "fr": fr, "ru": ru, "es": es}
    )


@dataclass(frozen=True)
class DemoTheme:
    code: str
    label: LocalizedText
    definition: LocalizedText
    #: Regular expressions (case-insensitive); a sentence that matches one is
    #: the quoted passage.
    patterns: tuple[str, ...]
    #: Codes of themes that, when found, rule this one out.
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    #: Words that identify the question by its name or English label.
    question_words: tuple[str, ...]
    themes: tuple[DemoTheme, ...]


FORUM = Codebook(
    question_words=("forum", "gfmd"),
    themes=(
        DemoTheme(
            "no-view",
            _t(
                "لا رأي / ليس نتيجة رسمية",
                "无意见/不是正式成果",
                "No view / not a formal outcome",
                "Pas d'avis / pas un résultat officiel",
                "Нет мнения / не официальный итог",
                "Sin opinión / no es un resultado oficial",
            ),
            _t(
                "",
                "",
                "The State gives no view on the Forum, or holds that it is not a "
                "formal outcome of the Dialogue (¶22: only three).",
                "L'État ne donne pas d'avis sur le Forum, ou estime qu'il n'est pas "
                "un résultat officiel du Dialogue.",
                "",
                "",
            ),
            (
                r"\bno (particular |specific )?(view|position|opinion)\b",
                r"\bnot (a |an )?(formal|official) outcome\b",
                r"\bnot in a position to\b",
                r"\bpas d'avis\b",
                r"\bpas un résultat (formel|officiel)\b",
                r"\bsin opinión\b",
                r"\bno es un resultado (formal|oficial)\b",
                r"ليس نتيجة رسمية",
                r"لا رأي",
                r"不是.{0,6}正式成果",
                r"没有意见|无意见",
                r"нет (мнения|позиции)",
                r"не является официальным",
            ),
        ),
        DemoTheme(
            "useful-outcome",
            _t(
                "المنتدى نتيجة مفيدة للحوار",
                "论坛是高级别对话的有益成果",
                "Forum a useful outcome of the Dialogue",
                "Le Forum, un résultat utile du Dialogue",
                "Форум — полезный итог Диалога",
                "El Foro, un resultado útil del Diálogo",
            ),
            _t(
                "",
                "",
                "The answer calls the Global Forum a useful, valuable or welcome "
                "outcome of the High-level Dialogue (¶22: almost all).",
                "La réponse qualifie le Forum mondial de résultat utile, précieux ou "
                "bienvenu du Dialogue de haut niveau.",
                "",
                "",
            ),
            (
                r"\b(useful|valuable|welcome|positive|important|significant|"
                r"successful|constructive|meaningful) (outcome|result|achievement)",
                r"\b(useful|valuable|positive) (forum|platform|process|initiative)\b",
                r"\bwelcomes? the (establishment|creation|launch) of the (global )?forum\b",
                r"\b(résultat|acquis) (utile|précieux|positif|important)",
                r"\brésultat utile\b",
                r"\bresultado (útil|valioso|positivo|importante)",
                r"نتيجة مفيدة|نتيجة قيمة|نتيجة إيجابية",
                r"有益成果|有用的成果|积极成果|重要成果",
                r"полезн\w* (итог|результат)|ценн\w* (итог|результат)",
            ),
            unless=("no-view",),
        ),
        DemoTheme(
            "sole-follow-up",
            _t(
                "ينبغي أن يكون المنتدى المتابعة الوحيدة",
                "论坛应成为唯一的后续行动",
                "Forum should be the sole follow-up",
                "Le Forum devrait être le seul suivi",
                "Форум должен быть единственным последующим механизмом",
                "El Foro debería ser el único seguimiento",
            ),
            _t(
                "",
                "",
                "The Forum should be the only follow-up to the Dialogue "
                "(¶22: one sixth).",
                "Le Forum devrait être le seul mécanisme de suivi du Dialogue.",
                "",
                "",
            ),
            (
                r"\b(sole|only|single|exclusive) (follow-up|follow up|mechanism|"
                r"framework|vehicle)\b",
                r"\bno (other|further|additional) follow-up\b",
                r"\bseul (mécanisme de )?suivi\b",
                r"\búnico (mecanismo de )?seguimiento\b",
                r"المتابعة الوحيدة|الآلية الوحيدة",
                r"唯一(的)?后续",
                r"единственн\w* (механизм|формой|последующ)",
            ),
        ),
        DemoTheme(
            "exchange-experience",
            _t(
                "الحوار وتبادل الخبرات بين الممارسين",
                "促进执行人员对话和交流经验",
                "Dialogue and exchange of experience among practitioners",
                "Dialogue et échange d'expériences entre praticiens",
                "Диалог и обмен опытом между практиками",
                "Diálogo e intercambio de experiencias entre profesionales",
            ),
            _t(
                "",
                "",
                "The Forum helps policymakers and practitioners talk to each other "
                "and share experience, and is a platform for cooperation and "
                "partnerships (¶22: many).",
                "",
                "",
                "",
            ),
            (
                r"\b(exchange|share|sharing)( of)? (experience|good practice|best practice)",
                r"\bpartnerships?\b",
                r"\béchange(s)? d'expériences?\b",
                r"\bintercambio de experiencias\b",
                r"تبادل الخبرات",
                r"交流经验|经验交流",
                r"обмен\w* опытом",
            ),
        ),
        DemoTheme(
            "informal-state-led",
            _t(
                "الطابع غير الرسمي الذي تقوده الدول يتيح المرونة",
                "国家主导和非正式性质提供了灵活性",
                "State-led, informal nature gives flexibility",
                "Caractère informel et piloté par les États, source de souplesse",
                "Неформальный, ведомый государствами характер даёт гибкость",
                "Carácter informal y dirigido por los Estados, fuente de flexibilidad",
            ),
            _t(
                "",
                "",
                "The Forum's informal, State-led character gives the flexibility to "
                "discuss complex and divisive issues (¶22: several).",
                "",
                "",
                "",
            ),
            (
                r"\bstate-led\b",
                r"\binformal (nature|character|format)\b",
                r"\bflexib",
                r"\binformel\b",
                r"\binformal\b",
                r"غير رسمي",
                r"非正式",
                r"неформальн",
            ),
        ),
        DemoTheme(
            "link-to-un",
            _t(
                "تعزيز الصلة بين المنتدى والأمم المتحدة",
                "加强论坛与联合国的联系",
                "Strengthen the links between the Forum and the United Nations",
                "Renforcer les liens entre le Forum et l'ONU",
                "Укрепить связи между Форумом и ООН",
                "Reforzar los vínculos entre el Foro y las Naciones Unidas",
            ),
            _t(
                "",
                "",
                "The links between the Forum and the United Nations should be "
                "strengthened (¶22: some).",
                "",
                "",
                "",
            ),
            (
                r"\b(strengthen|closer|reinforce)\w* (the )?(link|relation|tie|connection)s?",
                r"\brenforcer les liens\b",
                r"\breforzar los vínculos\b",
                r"加强.{0,8}联系",
                r"تعزيز الصلة|تعزيز الروابط",
                r"укреп\w* связ",
            ),
        ),
        DemoTheme(
            "time-to-evolve",
            _t(
                "يحتاج المنتدى إلى وقت للتطور",
                "论坛需要更多时间自主发展",
                "Forum needs time to evolve before its UN link is settled",
                "Le Forum a besoin de temps pour évoluer",
                "Форуму нужно время для развития",
                "El Foro necesita tiempo para evolucionar",
            ),
            _t(
                "",
                "",
                "The Forum needs more time to develop on its own before its "
                "relationship with the United Nations is adjusted (¶22).",
                "",
                "",
                "",
            ),
            (
                r"\b(more )?time to (evolve|develop|mature)\b",
                r"\btemps (pour|de) (évoluer|mûrir|se développer)\b",
                r"\btiempo para (evolucionar|madurar|desarrollarse)\b",
                r"更多时间",
                r"وقت.{0,10}(للتطور|لينضج)",
                r"время для (развития|становления)",
            ),
        ),
    ),
)

FOLLOW_UP = Codebook(
    question_words=("follow", "proposal", "assembly", "suivi"),
    themes=(
        DemoTheme(
            "keep-ga-agenda",
            _t(
                "إبقاء البند على جدول أعمال الجمعية العامة",
                "继续将该项目列入大会议程",
                "Keep the item on the General Assembly agenda",
                "Maintenir la question à l'ordre du jour de l'Assemblée générale",
                "Сохранить пункт в повестке дня Генеральной Ассамблеи",
                "Mantener el tema en el programa de la Asamblea General",
            ),
            _t(
                "",
                "",
                "International migration and development should stay on the "
                "General Assembly's agenda (¶23).",
                "",
                "",
                "",
            ),
            (
                r"\bagenda\b",
                r"\bordre du jour\b",
                r"\bprograma de la asamblea\b",
                r"جدول أعمال",
                r"大会议程|列入.{0,6}议程",
                r"повестк",
            ),
        ),
        DemoTheme(
            "regional-thematic",
            _t(
                "اجتماعات إقليمية أو مواضيعية",
                "区域会议或专题会议",
                "Regional or thematic meetings",
                "Réunions régionales ou thématiques",
                "Региональные или тематические совещания",
                "Reuniones regionales o temáticas",
            ),
            _t(
                "",
                "",
                "Regional or thematic meetings, and cooperation and dialogue at the "
                "regional level (¶23).",
                "",
                "",
                "",
            ),
            (
                r"\bregional\b",
                r"\bthematic\b",
                r"\brégionales?\b",
                r"\bthématiques?\b",
                r"\bregionales?\b",
                r"\btemáticas?\b",
                r"إقليمي|مواضيعي",
                r"区域|专题",
                r"регионал|тематическ",
            ),
        ),
        DemoTheme(
            "periodic-hld",
            _t(
                "مناقشات رفيعة المستوى دورية في الجمعية العامة",
                "大会定期举行高级别讨论",
                "Periodic high-level debates in the General Assembly",
                "Débats de haut niveau périodiques à l'Assemblée générale",
                "Периодические прения высокого уровня в Генеральной Ассамблее",
                "Debates periódicos de alto nivel en la Asamblea General",
            ),
            _t(
                "",
                "",
                "The General Assembly should hold focused high-level debates on "
                "the subject at regular intervals (¶23).",
                "",
                "",
                "",
            ),
            (
                r"\b(periodic|regular|another|second|new|future) high-level\b",
                r"\bhigh-level (dialogue|debate|meeting)s? (should be held )?"
                r"(periodically|regularly|every)\b",
                r"\bde haut niveau périodiques?\b",
                r"\bpériodique",
                r"\bperiódic",
                r"دوري",
                r"定期",
                r"периодическ",
            ),
        ),
        DemoTheme(
            "gfmd-ideas",
            _t(
                "مراعاة أفكار المنتدى العالمي",
                "考虑到全球论坛提出的构想",
                "Take the Forum's ideas into account",
                "Tenir compte des idées du Forum mondial",
                "Учитывать идеи Глобального форума",
                "Tener en cuenta las ideas del Foro Mundial",
            ),
            _t(
                "",
                "",
                "Further consideration by the General Assembly should take into "
                "account the ideas and initiatives of the Global Forum (¶23).",
                "",
                "",
                "",
            ),
            (
                r"\b(ideas|outcomes|results|recommendations) of the (global )?forum\b",
                r"\btake into account\b.{0,40}\bforum\b",
                r"\bidées du forum\b",
                r"\bideas del foro\b",
                r"أفكار المنتدى",
                r"论坛提出的构想|论坛的构想",
                r"идеи (Глобального )?форума",
            ),
        ),
        DemoTheme(
            "existing-structures",
            _t(
                "العمل من خلال الهياكل المتعددة الأطراف القائمة، بما فيها المؤسسات المالية الدولية",
                "通过包括国际金融机构在内的现行多边体制采取行动",
                "Act through existing multilateral structures, including IFIs",
                "Agir par les structures multilatérales existantes, y compris les "
                "institutions financières internationales",
                "Действовать через существующие многосторонние структуры, включая МФУ",
                "Actuar a través de las estructuras multilaterales existentes, "
                "incluidas las instituciones financieras internacionales",
            ),
            _t(
                "",
                "",
                "Follow-up should be implemented through existing multilateral "
                "structures, including the international financial institutions, "
                "and take account of the UN system's work (¶24).",
                "",
                "",
                "",
            ),
            (
                r"\bexisting (multilateral|international|institutional) "
                r"(structures|institutions|mechanisms|frameworks)",
                r"\bfinancial institutions\b",
                r"\bIFIs?\b",
                r"\bstructures multilatérales existantes\b",
                r"\binstitutions financières internationales\b",
                r"\binstituciones financieras internacionales\b",
                r"المؤسسات المالية الدولية",
                r"国际金融机构|现行多边体制",
                r"финансов\w* учреждени",
            ),
        ),
        DemoTheme(
            "stocktaking",
            _t(
                "المتابعة عملية لتقييم النتائج ومعالجة المسائل المعلقة",
                "后续行动是总结成果和处理未决问题的过程",
                "Follow-up as taking stock and addressing pending issues",
                "Le suivi comme bilan et traitement des questions en suspens",
                "Последующие меры как подведение итогов и решение нерешённых вопросов",
                "El seguimiento como balance y tratamiento de cuestiones pendientes",
            ),
            _t(
                "",
                "",
                "Follow-up is a process of taking stock of outcomes and addressing "
                "pending issues (¶23: many).",
                "",
                "",
                "",
            ),
            (
                r"\b(take|taking) stock\b",
                r"\bpending (issues|questions)\b",
                r"\boutstanding (issues|questions)\b",
                r"\bfaire le bilan\b|\bquestions en suspens\b",
                r"\bhacer balance\b|\bcuestiones pendientes\b",
                r"المسائل المعلقة",
                r"总结成果|未决问题",
                r"подвед\w* итог",
            ),
        ),
    ),
)

CODEBOOKS: tuple[Codebook, ...] = (FORUM, FOLLOW_UP)

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


def _codebook_for(question: Question, taken: set[str]) -> Codebook | None:
    words = f"{question.name} {question.label.get_text('en')}".lower()
    for codebook in CODEBOOKS:
        key = codebook.question_words[0]
        if key in taken:
            continue
        if any(word in words for word in codebook.question_words):
            taken.add(key)
            return codebook
    return None


def _note(message: str) -> None:
    log.info(message)
    print(f"Analysis demo: {message}")  # noqa: T201


@transaction.atomic
def load_demo() -> list:
    campaign = (
        Campaign.objects.filter(questionnaire__code=QUESTIONNAIRE_CODE)
        .order_by("opens_on", "pk")
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
    taken: set[str] = set()
    coded = 0
    for question in selectors.open_questions(campaign):
        codebook = _codebook_for(question, taken)
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
            found = code_answer(text, codebook.themes)
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


def _ensure_themes(
    question: Question, codebook: Codebook, coder: object
) -> dict[str, Theme]:
    existing = {t.code: t for t in Theme.objects.filter(question=question)}
    for order, demo_theme in enumerate(codebook.themes, start=1):
        if demo_theme.code in existing:
            continue
        existing[demo_theme.code] = services.theme_create(
            actor=coder,
            question=question,
            code=demo_theme.code,
            label=demo_theme.label,
            definition=demo_theme.definition,
            order=order,
        )
    return existing
