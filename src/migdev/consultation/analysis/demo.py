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
and never overwrites a coder's work.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

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


# Keyword-only (ar=, zh=, en=, fr=, ru=, es=): no text can land in the
# wrong language by the order of the arguments.
_t = LocalizedText.six


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
ILLUSTRATIVE = LocalizedText(
    {
        "en": "Illustrative: not in A/63/265.",
        "fr": "Illustratif : ne figure pas dans le document A/63/265.",
        "es": "Ilustrativo: no figura en el documento A/63/265.",
        "ru": "Иллюстративный пример: в документе A/63/265 отсутствует.",
        "ar": "توضيحي: لا يرد في الوثيقة A/63/265.",
        "zh-hans": "示例：A/63/265号文件中没有此内容。",
    }
)


def _def(en: str, fr: str) -> LocalizedText:
    return LocalizedText({"en": en, "fr": fr})


# --- forum_view: how the Government views the Global Forum (¶22) ----------------------

FORUM_VIEW = (
    DemoTheme(
        "no-view",
        _t(
            ar="لا رأي / ليس نتيجة رسمية",
            zh="无意见/不是正式成果",
            en="No view / not a formal outcome",
            fr="Pas d'avis / pas un résultat formel",
            ru="Нет мнения / не официальный итог",
            es="Sin opinión / no es un resultado formal",
        ),
        _def(
            "The State gives no view on the Forum, reserves its position, or holds "
            "that the Forum is not a formal outcome of the Dialogue (¶22).",
            "L'État ne donne pas d'avis sur le Forum, réserve sa position ou estime "
            "qu'il n'est pas un résultat formel du Dialogue (¶22).",
        ),
        (
            r"\bnot yet formed a view\b",
            r"\bcannot be considered a formal outcome\b",
            r"\breserves? (its|their) position\b",
            r"\bne saurait\b.*\brésultat formel\b",
            r"\bne s'est pas encore prononcé\b",
            r"\breserva su posición\b",
            r"لم تتخذ .* بعد موقفا",
            r"не может рассматриваться как официальный итог",
            r"尚未.*形成意见",
        ),
    ),
    DemoTheme(
        "useful-outcome",
        _t(
            ar="المنتدى نتيجة مفيدة للحوار",
            zh="论坛是对话的有益成果",
            en="Forum a useful outcome of the Dialogue",
            fr="Le Forum, un résultat utile du Dialogue",
            ru="Форум — полезный итог Диалога",
            es="El Foro, un resultado útil del Diálogo",
        ),
        _def(
            "The answer calls the Global Forum a useful, valuable, positive or "
            "practical outcome of the High-level Dialogue (¶22).",
            "La réponse voit dans le Forum mondial un résultat utile, précieux, "
            "positif ou pratique du Dialogue de haut niveau (¶22).",
        ),
        (
            r"\buseful outcome\b",
            r"\bmost valuable results\b",
            r"\bpositive outcome\b",
            r"\bproved a practical platform\b",
            r"\brésultat utile\b",
            r"\bacquis les plus précieux\b",
            r"\bs'est révélé une enceinte pratique\b",
            r"\bresultado útil\b",
            r"\bresultados más valiosos\b",
            r"\bha demostrado ser un espacio práctico\b",
            r"نتيجة مفيدة",
            r"من أهم ثمار",
            r"полезным итогом",
            r"наиболее ценных результатов",
            r"有益成果",
        ),
        unless=("no-view",),
    ),
    DemoTheme(
        "informal-state-led",
        _t(
            ar="الطابع غير الرسمي والطوعي الذي تقوده الدول",
            zh="非正式、自愿和由国家主导的性质",
            en="Informal, voluntary, State-led character",
            fr="Caractère informel, volontaire et piloté par les États",
            ru="Неофициальный, добровольный характер",
            es="Carácter oficioso, voluntario y dirigido por los Estados",
        ),
        _def(
            "The Forum's informal, voluntary and State-led nature gives the "
            "flexibility to discuss complex and divisive issues (¶22).",
            "Le caractère informel, volontaire et piloté par les États du Forum "
            "donne la souplesse voulue pour aborder des questions complexes "
            "(¶22).",
        ),
        (
            r"\binformal, voluntary\b",
            r"\bcaractère informel, volontaire\b",
            r"\bcarácter oficioso, voluntario\b",
            r"طابعه غير الرسمي والطوعي",
            r"неофициальный и добровольный характер",
            r"非正式、自愿",
        ),
    ),
    DemoTheme(
        "exchange-partnerships",
        _t(
            ar="تبادل الآراء والممارسات والشراكات",
            zh="交流经验和建立伙伴关系",
            en="Exchange of views and practices, partnerships",
            fr="Échanges de vues et de pratiques, partenariats",
            ru="Обмен мнениями и практикой, партнерства",
            es="Intercambio de opiniones y prácticas, alianzas",
        ),
        _def(
            "The Forum lets Governments and practitioners exchange views and good "
            "practices and build partnerships (¶22).",
            "Le Forum permet aux gouvernements et aux praticiens d'échanger vues et "
            "bonnes pratiques et de nouer des partenariats (¶22).",
        ),
        (
            r"\bexchange experience\b",
            r"\béchanger leurs expériences\b",
            r"\bintercambiar experiencias\b",
            r"обмениваться опытом",
            r"تبادل الخبرات",
            r"交流经验",
            r"\bfrank exchanges\b",
            r"\bsharing good practices\b",
            r"\bbrings together ministries\b",
            r"\béchanges francs\b",
            r"\béchange de bonnes pratiques\b",
            r"\bintercambios francos\b",
            r"\bcompartir buenas prácticas\b",
            r"تبادلا صريحا|تبادلاً صريحاً",
            r"открыто обсуждать",
            r"坦率交流",
        ),
    ),
    DemoTheme(
        "complements-un",
        _t(
            ar="المنتدى يكمل متابعة الأمم المتحدة ولا يحل محلها",
            zh="论坛补充而不能取代联合国的后续行动",
            en="Forum complements, cannot replace, UN follow-up",
            fr="Le Forum complète le suivi à l'ONU sans le remplacer",
            ru="Форум дополняет, но не заменяет работу ООН",
            es="El Foro complementa, sin sustituir, el seguimiento en la ONU",
        ),
        _def(
            "The Forum complements, but cannot replace, intergovernmental "
            "follow-up within the United Nations, where all Member States take part.",
            "Le Forum complète, sans pouvoir le remplacer, le suivi "
            "intergouvernemental au sein de l'ONU.",
        ),
        (
            r"\bcomplements, but cannot replace\b",
            r"\bcomplète, sans pouvoir le remplacer\b",
            r"\bcomplementa, pero no puede sustituir\b",
            r"يكمل المنتدى",
            r"дополняет, но не может заменить",
            r"不能取而代之",
        ),
        illustrative=True,
    ),
)

# --- forum_un_relationship: the Forum and the United Nations (¶22) --------------------

FORUM_UN = (
    DemoTheme(
        "stronger-un-links",
        _t(
            ar="تعزيز الروابط بين المنتدى والأمم المتحدة",
            zh="加强论坛与联合国之间的联系",
            en="Stronger links between the Forum and the United Nations",
            fr="Des liens plus étroits entre le Forum et l'ONU",
            ru="Более тесные связи между Форумом и ООН",
            es="Vínculos más estrechos entre el Foro y las Naciones Unidas",
        ),
        _t(
            ar="ينبغي تعزيز الروابط بين المنتدى والأمم المتحدة (الفقرة 22).",
            zh="应该加强论坛与联合国之间的联系（第22段）。",
            en="The links between the Forum and the United Nations should be "
            "strengthened (¶22).",
            fr="Les liens entre le Forum et l'Organisation des Nations Unies devraient "
            "être renforcés (¶22).",
            ru="Связи между Форумом и Организацией Объединенных Наций следует укрепить "
            "(п. 22).",
            es="Deberían reforzarse los vínculos entre el Foro y las Naciones Unidas "
            "(párr. 22).",
        ),
        (
            r"\blinks between the Forum and the United Nations should be strengthened\b",
            r"\bdevraient être renforcés\b",
            r"\breforzarse los vínculos\b",
            r"следует укрепить",
            r"تعزيز الروابط",
            r"加强论坛与联合国之间的联系",
        ),
    ),
    DemoTheme(
        "more-time",
        _t(
            ar="يحتاج المنتدى إلى مزيد من الوقت قبل تعديل علاقته بالأمم المتحدة",
            zh="论坛需要更多时间自主发展",
            en="The Forum needs more time before its relationship with the UN changes",
            fr="Le Forum a besoin de plus de temps avant que sa relation avec l'ONU change",
            ru="Форуму нужно больше времени, прежде чем менять его отношения с ООН",
            es="El Foro necesita más tiempo antes de que cambie su relación con la ONU",
        ),
        _t(
            ar="تحتاج عملية المنتدى إلى مزيد من الوقت لكي تتطور بشكل مستقل قبل تعديل "
            "علاقتها بالأمم المتحدة (الفقرة 22).",
            zh="论坛进程需要有更多的时间自主发展，然后才能调整它与联合国之间的关系（第22段）。",
            en="The Forum process needs more time to develop on its own before its "
            "relationship with the United Nations is adjusted (¶22).",
            fr="Le processus du Forum a besoin de plus de temps pour se développer avant "
            "que sa relation avec l'ONU ne soit ajustée (¶22).",
            ru="Процессу Форума требуется больше времени для самостоятельного развития, "
            "прежде чем корректировать его отношения с ООН (п. 22).",
            es="El proceso del Foro necesita más tiempo para desarrollarse antes de que "
            "se ajuste su relación con las Naciones Unidas (párr. 22).",
        ),
        (
            r"\bneeds more time\b",
            r"\bbesoin de plus de temps\b",
            r"\bnecesita más tiempo\b",
            r"требуется больше времени",
            r"مزيد من الوقت",
            r"更多的时间自主发展",
        ),
    ),
)

# --- sole_mechanism_reasons: why the Forum should be the sole follow-up (¶22) ----------

SOLE_REASONS = (
    DemoTheme(
        "sole-follow-up",
        _t(
            ar="ينبغي أن يكون المنتدى المتابعة الوحيدة",
            zh="论坛应成为唯一的后续行动",
            en="Forum should be the sole follow-up",
            fr="Le Forum devrait être le seul suivi",
            ru="Форум должен быть единственной формой последующей деятельности",
            es="El Foro debería ser el único seguimiento",
        ),
        _def(
            "The Forum already provides the follow-up the Dialogue needs and should "
            "be its only follow-up (¶22).",
            "Le Forum assure déjà le suivi dont le Dialogue a besoin et devrait en "
            "être le seul (¶22).",
        ),
        (
            r"\balready offers what follow-up requires\b",
            r"\bsingle, State-led process\b",
            r"\boffre déjà ce que le suivi exige\b",
            r"\bun único proceso\b",
            r"يوفر المنتدى بالفعل ما تتطلبه المتابعة",
            r"уже обеспечивает необходимые последующие действия",
            r"已能满足后续行动的需要",
        ),
    ),
    DemoTheme(
        "avoid-duplication",
        _t(
            ar="تجنب الازدواجية وتكاثر الاجتماعات",
            zh="避免重复和会议泛滥",
            en="Avoid duplication and a proliferation of meetings",
            fr="Éviter les doubles emplois et la multiplication des réunions",
            ru="Избегать дублирования и умножения совещаний",
            es="Evitar la duplicación y la proliferación de reuniones",
        ),
        _def(
            "Another mechanism would duplicate the Forum's work or multiply meetings.",
            "Un autre mécanisme ferait double emploi avec le Forum ou multiplierait "
            "les réunions.",
        ),
        (
            r"\bduplicate\b",
            r"\bproliferation of meetings\b",
            r"\bparallel mechanism\b",
            r"\bdouble emploi\b",
            r"\bproliferación de reuniones\b",
            r"\bmecanismo paralelo\b",
            r"الازدواجية",
            r"дублированию",
            r"重复",
        ),
        illustrative=True,
    ),
    DemoTheme(
        "limited-capacities",
        _t(
            ar="محدودية قدرات الإدارات",
            zh="行政能力有限",
            en="Limited administrative capacities",
            fr="Capacités administratives limitées",
            ru="Ограниченные административные возможности",
            es="Capacidades administrativas limitadas",
        ),
        _def(
            "More mechanisms would stretch the limited capacities of small "
            "administrations.",
            "D'autres mécanismes disperseraient des capacités administratives "
            "limitées.",
        ),
        (r"\blimited capacities\b", r"\bcapacités limitées\b"),
        illustrative=True,
    ),
)

# --- follow_up_proposals: proposals for the follow-up (¶23–24) ------------------------

PROPOSALS = (
    DemoTheme(
        "stocktaking",
        _t(
            ar="المتابعة عملية لتقييم النتائج ومعالجة المسائل المعلقة",
            zh="后续行动是总结成果和处理未决问题的过程",
            en="Follow-up as taking stock and addressing open issues",
            fr="Le suivi comme bilan et traitement des questions en suspens",
            ru="Последующая деятельность как подведение итогов и решение вопросов",
            es="El seguimiento como balance y tratamiento de cuestiones pendientes",
        ),
        _def(
            "Follow-up is a process of taking stock of the results and addressing "
            "outstanding issues (¶23).",
            "Le suivi est un processus de bilan des résultats et de traitement des "
            "questions en suspens (¶23).",
        ),
        (
            r"\btaking stock\b",
            r"\bfaire le bilan\b",
            r"\bhacer balance\b",
            r"подведения итогов",
            r"تقييم نتائج الحوار",
            r"总结对话成果",
        ),
    ),
    DemoTheme(
        "keep-ga-agenda",
        _t(
            ar="إبقاء البند على جدول أعمال الجمعية العامة",
            zh="继续将该项目列入大会议程",
            en="Keep the item on the General Assembly agenda",
            fr="Maintenir la question à l'ordre du jour de l'Assemblée générale",
            ru="Сохранить пункт в повестке дня Генеральной Ассамблеи",
            es="Mantener el tema en el programa de la Asamblea General",
        ),
        _def(
            "International migration and development should stay on the General "
            "Assembly's agenda (¶23).",
            "La question des migrations internationales et du développement doit "
            "rester à l'ordre du jour de l'Assemblée générale (¶23).",
        ),
        (
            r"\bremain on the agenda of the General Assembly\b",
            r"\bordre du jour de l'Assemblée générale\b",
            r"\bprograma de la Asamblea General\b",
            r"جدول أعمال الجمعية العامة",
            r"повестке дня Генеральной Ассамблеи",
            r"列入大会议程",
        ),
    ),
    DemoTheme(
        "regional-thematic",
        _t(
            ar="اجتماعات إقليمية أو مواضيعية",
            zh="区域会议或专题会议",
            en="Regional or thematic meetings",
            fr="Réunions régionales ou thématiques",
            ru="Региональные или тематические совещания",
            es="Reuniones regionales o temáticas",
        ),
        _def(
            "Regional or thematic meetings, with the regional commissions (¶23).",
            "Réunions régionales ou thématiques, avec les commissions régionales "
            "(¶23).",
        ),
        (
            r"\bregional and thematic meetings\b",
            r"\bréunions régionales et thématiques\b",
            r"\breuniones regionales y temáticas\b",
            r"الاجتماعات الإقليمية والمواضيعية",
            r"Региональные и тематические совещания",
            r"区域和专题会议",
        ),
    ),
    DemoTheme(
        "periodic-debates",
        _t(
            ar="مناقشات دورية رفيعة المستوى في الجمعية العامة",
            zh="大会定期举行高级别辩论",
            en="Periodic high-level debates in the General Assembly",
            fr="Débats de haut niveau périodiques à l'Assemblée générale",
            ru="Периодические прения высокого уровня в Генеральной Ассамблее",
            es="Debates periódicos de alto nivel en la Asamblea General",
        ),
        _def(
            "The General Assembly should hold high-level debates on migration and "
            "development at regular intervals (¶23).",
            "L'Assemblée générale devrait tenir périodiquement des débats de haut "
            "niveau sur les migrations et le développement (¶23).",
        ),
        (
            r"\bperiodic high-level debates\b",
            r"\bpériodiquement des débats de haut niveau\b",
            r"\bperiódicamente debates de alto nivel\b",
            r"مناقشات دورية رفيعة المستوى",
            r"периодически проводить прения высокого уровня",
            r"定期举行.*高级别辩论",
        ),
    ),
    DemoTheme(
        "cooperation-dialogue",
        _t(
            ar="التعاون والحوار على الصعيدين الإقليمي والعالمي",
            zh="促进区域和全球各级的合作与对话",
            en="Cooperation and dialogue at the regional and global levels",
            fr="Coopération et dialogue aux niveaux régional et mondial",
            ru="Сотрудничество и диалог на региональном и глобальном уровнях",
            es="Cooperación y diálogo en los planos regional y mundial",
        ),
        _def(
            "Promote cooperation and dialogue at the regional and global levels (¶23).",
            "Promouvoir la coopération et le dialogue aux niveaux régional et mondial "
            "(¶23).",
        ),
        (
            r"\bat the regional and global levels\b",
            r"\baux niveaux régional et mondial\b",
            r"\ben los planos regional y mundial\b",
            r"на региональном и глобальном уровнях",
            r"على الصعيدين الإقليمي والعالمي",
            r"区域和全球各级",
        ),
    ),
    DemoTheme(
        "forum-ideas",
        _t(
            ar="مراعاة أفكار المنتدى العالمي",
            zh="考虑论坛提出的设想",
            en="Take the Forum's ideas into account",
            fr="Tenir compte des idées du Forum",
            ru="Учитывать идеи Форума",
            es="Tener en cuenta las ideas del Foro",
        ),
        _def(
            "Further consideration by the General Assembly should take into account "
            "the ideas and initiatives of the Global Forum (¶23).",
            "L'Assemblée générale devrait tenir compte des idées et initiatives du "
            "Forum mondial (¶23).",
        ),
        (
            r"\bideas that emerge from the Forum\b",
            r"\bidées issues du Forum\b",
            r"\bideas surgidas del Foro\b",
            r"الأفكار المنبثقة عن المنتدى",
            r"учитывать идеи, выдвигаемые на Форуме",
            r"考虑论坛提出的设想",
        ),
    ),
    DemoTheme(
        "existing-structures",
        _t(
            ar="العمل من خلال الهياكل المتعددة الأطراف القائمة، بما فيها المؤسسات "
            "المالية الدولية",
            zh="通过包括国际金融机构在内的现有多边机构采取行动",
            en="Act through existing multilateral structures, including IFIs",
            fr="Agir par les structures multilatérales existantes, y compris les IFI",
            ru="Действовать через существующие многосторонние структуры, включая МФУ",
            es="Actuar a través de las estructuras multilaterales existentes, incluidas "
            "las IFI",
        ),
        _def(
            "Follow-up should rely on existing multilateral structures, including the "
            "international financial institutions, rather than new bodies (¶24).",
            "Le suivi devrait s'appuyer sur les structures multilatérales existantes, "
            "y compris les institutions financières internationales (¶24).",
        ),
        (
            r"\bexisting multilateral structures\b",
            r"\bstructures multilatérales existantes\b",
            r"\bestructuras multilaterales existentes\b",
            r"الهياكل المتعددة الأطراف القائمة",
            r"существующие многосторонние структуры",
            r"现有多边机构",
        ),
    ),
)

# --- multilateral_system: activities of the multilateral system (¶24) ------------------

MULTILATERAL_SYSTEM = (
    DemoTheme(
        "gmg-coordination",
        _t(
            ar="تحسين التنسيق بين وكالات الفريق العالمي المعني بالهجرة",
            zh="全球移徙小组各机构加强协调",
            en="Better coordination within the Global Migration Group",
            fr="Meilleure coordination au sein du Groupe mondial sur la migration",
            ru="Улучшение координации в Группе по вопросам глобальной миграции",
            es="Mejor coordinación en el Grupo Mundial sobre Migración",
        ),
        _def(
            "The agencies of the Global Migration Group should coordinate better.",
            "Les organismes du Groupe mondial sur la migration devraient mieux se "
            "coordonner.",
        ),
        (
            r"\bGlobal Migration Group\b.*\bcoordinate\b",
            r"\bGroupe mondial sur la migration\b.*\bcoordonner\b",
            r"\bGrupo Mundial sobre Migración\b.*\bcoordinarse\b",
            r"الفريق العالمي المعني بالهجرة.*التنسيق",
            r"Группы по вопросам глобальной миграции.*координацию",
            r"全球移徙小组.*协调",
        ),
        illustrative=True,
    ),
    DemoTheme(
        "remittance-costs",
        _t(
            ar="خفض تكلفة التحويلات بمساعدة المصارف الإنمائية",
            zh="开发银行帮助降低侨汇成本",
            en="Development banks to lower the cost of remittances",
            fr="Banques de développement pour réduire le coût des envois de fonds",
            ru="Банки развития для снижения стоимости переводов",
            es="Bancos de desarrollo para reducir el costo de las remesas",
        ),
        _def(
            "The World Bank and regional development banks should help lower the "
            "cost of remittances.",
            "La Banque mondiale et les banques régionales de développement devraient "
            "aider à réduire le coût des envois de fonds.",
        ),
        (
            r"\bcost of remittances\b",
            r"\bcoût des envois de fonds\b",
            r"\bcosto de las remesas\b",
            r"تكلفة التحويلات",
            r"стоимости денежных переводов",
            r"侨汇成本",
        ),
        illustrative=True,
    ),
)

# --- follow_up_other and other_comments: few answers expected ------------------------

OTHER_FOLLOW_UP = (
    DemoTheme(
        "new-un-mechanism",
        _t(
            ar="آلية حكومية دولية جديدة في الأمم المتحدة",
            zh="在联合国设立新的政府间机制",
            en="A new intergovernmental mechanism within the United Nations",
            fr="Un nouveau mécanisme intergouvernemental à l'ONU",
            ru="Новый межправительственный механизм в ООН",
            es="Un nuevo mecanismo intergubernamental en las Naciones Unidas",
        ),
        _def(
            "A standing body or commission of the United Nations on migration.",
            "Un organe ou une commission permanente de l'ONU sur les migrations.",
        ),
        (r"\b(commission|committee|standing body|new mechanism)\b",),
        illustrative=True,
    ),
)

OTHER_COMMENTS = (
    DemoTheme(
        "data-statistics",
        _t(
            ar="بيانات وإحصاءات أفضل عن الهجرة",
            zh="更好的移徙数据和统计",
            en="Better data and statistics on migration",
            fr="De meilleures données et statistiques sur les migrations",
            ru="Более качественные данные и статистика по миграции",
            es="Mejores datos y estadísticas sobre la migración",
        ),
        _def(
            "Better migration data, statistics and research (¶26, ¶37).",
            "De meilleures données, statistiques et études sur les migrations.",
        ),
        (r"\b(data|statistics|statistiques|données|datos|estadísticas)\b",),
        illustrative=True,
    ),
    DemoTheme(
        "capacity-building",
        _t(
            ar="بناء القدرات والمساعدة التقنية",
            zh="能力建设和技术援助",
            en="Capacity-building and technical assistance",
            fr="Renforcement des capacités et assistance technique",
            ru="Наращивание потенциала и техническая помощь",
            es="Fomento de la capacidad y asistencia técnica",
        ),
        _def(
            "Support to build national capacities on migration and development.",
            "Appui au renforcement des capacités nationales.",
        ),
        (r"\b(capacity|capacités|capacidad|technical assistance)\b",),
        illustrative=True,
    ),
)

# Definitions of the themes in the four languages the codebook above gives
# only as labels; with the English and French of each theme, six languages.
_DEFINITIONS: dict[str, dict[str, str]] = {
    "no-view": {
        "ar": "لا تبدي الدولة رأيا في المنتدى، أو تتحفظ على موقفها، أو ترى أن المنتدى ليس نتيجة رسمية للحوار (الفقرة 22).",
        "zh-hans": "该国未就论坛发表意见、保留立场，或认为论坛不是对话的正式成果（第22段）。",
        "ru": "Государство не высказывает мнения о Форуме, оставляет за собой право определить свою позицию или считает, что Форум не является официальным итогом Диалога (пункт 22).",
        "es": "El Estado no expresa opinión sobre el Foro, se reserva su posición o considera que el Foro no es un resultado formal del Diálogo (párr. 22).",
    },
    "useful-outcome": {
        "ar": "تصف الإجابة المنتدى العالمي بأنه نتيجة مفيدة أو قيّمة أو إيجابية أو عملية للحوار الرفيع المستوى (الفقرة 22).",
        "zh-hans": "答复称全球论坛是高级别对话的有益、宝贵、积极或切实的成果（第22段）。",
        "ru": "В ответе Глобальный форум назван полезным, ценным, позитивным или практическим итогом Диалога на высоком уровне (пункт 22).",
        "es": "La respuesta califica el Foro Mundial de resultado útil, valioso, positivo o práctico del Diálogo de alto nivel (párr. 22).",
    },
    "informal-state-led": {
        "ar": "يتيح الطابع غير الرسمي والطوعي للمنتدى، الذي تقوده الدول، المرونة اللازمة لمناقشة المسائل المعقدة والخلافية (الفقرة 22).",
        "zh-hans": "论坛由国家牵头并采取非正式、自愿的形式，这为探讨复杂和可能出现分歧的问题提供了灵活性（第22段）。",
        "ru": "Неофициальный и добровольный характер Форума, работа которого ведется под руководством государств, обеспечивает гибкость, необходимую для обсуждения сложных и спорных вопросов (пункт 22).",
        "es": "El carácter oficioso y voluntario del Foro, dirigido por los Estados, da la flexibilidad necesaria para examinar cuestiones complejas y polémicas (párr. 22).",
    },
    "exchange-partnerships": {
        "ar": "يتيح المنتدى للحكومات والممارسين تبادل الآراء والممارسات الجيدة وإقامة الشراكات (الفقرة 22).",
        "zh-hans": "论坛使各国政府和执行人员能够交流意见和良好做法并建立伙伴关系（第22段）。",
        "ru": "Форум позволяет правительствам и специалистам-практикам обмениваться мнениями и передовой практикой и налаживать партнерские связи (пункт 22).",
        "es": "El Foro permite a los gobiernos y a los profesionales intercambiar opiniones y buenas prácticas y establecer alianzas (párr. 22).",
    },
    "complements-un": {
        "ar": "يكمل المنتدى المتابعة الحكومية الدولية داخل الأمم المتحدة، التي تشارك فيها جميع الدول الأعضاء، ولكنه لا يمكن أن يحل محلها.",
        "zh-hans": "论坛是对联合国框架内由全体会员国参与的政府间后续行动的补充，但不能取而代之。",
        "ru": "Форум дополняет, но не может заменить межправительственную последующую деятельность в рамках Организации Объединенных Наций, в которой участвуют все государства-члены.",
        "es": "El Foro complementa, pero no puede sustituir, el seguimiento intergubernamental en las Naciones Unidas, en el que participan todos los Estados Miembros.",
    },
    "sole-follow-up": {
        "ar": "يوفر المنتدى بالفعل المتابعة التي يحتاجها الحوار، وينبغي أن يكون متابعته الوحيدة (الفقرة 22).",
        "zh-hans": "论坛已提供对话所需的后续行动，应成为对话的唯一后续行动（第22段）。",
        "ru": "Форум уже обеспечивает последующую деятельность, необходимую по итогам Диалога, и должен стать ее единственной формой (пункт 22).",
        "es": "El Foro ya ofrece el seguimiento que requiere el Diálogo y debería ser su único seguimiento (párr. 22).",
    },
    "avoid-duplication": {
        "ar": "من شأن إنشاء آلية أخرى أن يؤدي إلى ازدواجية عمل المنتدى أو إلى تكاثر الاجتماعات.",
        "zh-hans": "另设机制将与论坛的工作重复或导致会议增多。",
        "ru": "Еще один механизм дублировал бы работу Форума или привел бы к увеличению числа совещаний.",
        "es": "Otro mecanismo duplicaría la labor del Foro o multiplicaría las reuniones.",
    },
    "limited-capacities": {
        "ar": "من شأن زيادة الآليات أن تثقل كاهل القدرات المحدودة للإدارات الصغيرة.",
        "zh-hans": "增设机制会使小国行政部门有限的能力不堪重负。",
        "ru": "Новые механизмы создали бы чрезмерную нагрузку на ограниченные возможности небольших административных аппаратов.",
        "es": "Más mecanismos sobrecargarían la limitada capacidad de las administraciones pequeñas.",
    },
    "keep-ga-agenda": {
        "ar": "ينبغي أن يظل بند الهجرة الدولية والتنمية مدرجا في جدول أعمال الجمعية العامة (الفقرة 23).",
        "zh-hans": "国际移徙与发展项目应继续列入大会议程（第23段）。",
        "ru": "Пункт о международной миграции и развитии следует сохранить в повестке дня Генеральной Ассамблеи (пункт 23).",
        "es": "El tema de la migración internacional y el desarrollo debería seguir en el programa de la Asamblea General (párr. 23).",
    },
    "regional-thematic": {
        "ar": "اجتماعات إقليمية أو مواضيعية، بالتعاون مع اللجان الإقليمية (الفقرة 23).",
        "zh-hans": "与各区域委员会合作举行区域会议或专题会议（第23段）。",
        "ru": "Региональные или тематические совещания с участием региональных комиссий (пункт 23).",
        "es": "Reuniones regionales o temáticas, con las comisiones regionales (párr. 23).",
    },
    "periodic-debates": {
        "ar": "ينبغي أن تعقد الجمعية العامة مناقشات رفيعة المستوى بشأن الهجرة الدولية والتنمية على فترات منتظمة (الفقرة 23).",
        "zh-hans": "大会应定期就国际移徙与发展问题举行高级别辩论（第23段）。",
        "ru": "Генеральной Ассамблее следует регулярно проводить прения высокого уровня по вопросам миграции и развития (пункт 23).",
        "es": "La Asamblea General debería celebrar periódicamente debates de alto nivel sobre la migración y el desarrollo (párr. 23).",
    },
    "forum-ideas": {
        "ar": "ينبغي أن يراعي أي نظر إضافي من جانب الجمعية العامة الأفكار والمبادرات المنبثقة عن المنتدى العالمي (الفقرة 23).",
        "zh-hans": "大会今后的任何进一步审议都应考虑到全球论坛提出的构想和倡议（第23段）。",
        "ru": "При дальнейшем рассмотрении этого вопроса Генеральной Ассамблее следует учитывать идеи и инициативы Глобального форума (пункт 23).",
        "es": "Todo examen ulterior por la Asamblea General debería tener en cuenta las ideas e iniciativas del Foro Mundial (párr. 23).",
    },
    "existing-structures": {
        "ar": "ينبغي أن تعتمد المتابعة على الهياكل المتعددة الأطراف القائمة، بما فيها المؤسسات المالية الدولية، بدلا من إنشاء هيئات جديدة (الفقرة 24).",
        "zh-hans": "后续行动应依托包括国际金融机构在内的现行多边体制，而不是设立新机构（第24段）。",
        "ru": "Последующая деятельность должна опираться на существующие многосторонние структуры, включая международные финансовые учреждения, а не на новые органы (пункт 24).",
        "es": "El seguimiento debería apoyarse en las estructuras multilaterales existentes, incluidas las instituciones financieras internacionales, y no en nuevos órganos (párr. 24).",
    },
    "gmg-coordination": {
        "ar": "ينبغي أن تحسّن وكالات الفريق العالمي المعني بالهجرة التنسيق فيما بينها.",
        "zh-hans": "全球移徙小组各机构应加强协调。",
        "ru": "Учреждениям, входящим в Группу по вопросам глобальной миграции, следует лучше координировать свою деятельность.",
        "es": "Los organismos del Grupo Mundial sobre Migración deberían coordinarse mejor.",
    },
    "remittance-costs": {
        "ar": "ينبغي أن يساعد البنك الدولي ومصارف التنمية الإقليمية على خفض تكلفة التحويلات المالية.",
        "zh-hans": "世界银行和区域开发银行应帮助降低侨汇成本。",
        "ru": "Всемирному банку и региональным банкам развития следует содействовать снижению стоимости денежных переводов.",
        "es": "El Banco Mundial y los bancos regionales de desarrollo deberían ayudar a reducir el costo de las remesas.",
    },
    "new-un-mechanism": {
        "ar": "هيئة دائمة أو لجنة تابعة للأمم المتحدة معنية بالهجرة.",
        "zh-hans": "联合国设立常设移徙问题机构或委员会。",
        "ru": "Постоянный орган или комиссия Организации Объединенных Наций по вопросам миграции.",
        "es": "Un órgano permanente o una comisión de las Naciones Unidas sobre la migración.",
    },
    "data-statistics": {
        "ar": "تحسين بيانات الهجرة وإحصاءاتها والبحوث المتعلقة بها (الفقرتان 26 و37).",
        "zh-hans": "改进移徙数据、统计和研究（第26和37段）。",
        "ru": "Более качественные данные, статистика и исследования по миграции (пункты 26 и 37).",
        "es": "Mejores datos, estadísticas e investigaciones sobre la migración (párrs. 26 y 37).",
    },
    "capacity-building": {
        "ar": "دعم بناء القدرات الوطنية في مجال الهجرة والتنمية.",
        "zh-hans": "支持建设国家在移徙与发展方面的能力。",
        "ru": "Содействие наращиванию национального потенциала в области миграции и развития.",
        "es": "Apoyo al fomento de la capacidad nacional en materia de migración y desarrollo.",
    },
    "stocktaking": {
        "ar": "المتابعة عملية لتقييم النتائج ومعالجة المسائل المعلقة (الفقرة 23).",
        "zh-hans": "后续行动是总结成果和处理未决问题的过程（第23段）。",
        "ru": "Последующая деятельность — это процесс подведения итогов и решения нерешенных вопросов (пункт 23).",
        "es": "El seguimiento es un proceso para hacer balance de los resultados y abordar las cuestiones pendientes (párr. 23).",
    },
    "cooperation-dialogue": {
        "ar": "تعزيز التعاون والحوار على الصعيدين الإقليمي والعالمي (الفقرة 23).",
        "zh-hans": "促进区域和全球各级的合作与对话（第23段）。",
        "ru": "Содействие сотрудничеству и диалогу на региональном и глобальном уровнях (пункт 23).",
        "es": "Promover la cooperación y el diálogo en los planos regional y mundial (párr. 23).",
    },
}


def _in_six_languages(themes: tuple[DemoTheme, ...]) -> tuple[DemoTheme, ...]:
    return tuple(
        replace(
            t,
            definition=LocalizedText({**t.definition, **_DEFINITIONS.get(t.code, {})}),
        )
        for t in themes
    )


#: Question name → its demo codebook.
CODEBOOKS: dict[str, tuple[DemoTheme, ...]] = {
    "forum_view": _in_six_languages(FORUM_VIEW),
    "forum_un_relationship": _in_six_languages(FORUM_UN),
    "sole_mechanism_reasons": _in_six_languages(SOLE_REASONS),
    "follow_up_proposals": _in_six_languages(PROPOSALS),
    "multilateral_system": _in_six_languages(MULTILATERAL_SYSTEM),
    "follow_up_other": _in_six_languages(OTHER_FOLLOW_UP),
    "other_comments": _in_six_languages(OTHER_COMMENTS),
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
