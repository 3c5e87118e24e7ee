"""Demo replies to the 2008 consultation (A/63/265, ¶21–24): 64 Member States.

ILLUSTRATIVE DATA. The report does not say which States replied, nor in what
words: the 64 States are chosen here deterministically, spread over the
regions, and their answers are written so that the counts give the report's
words. ¶22: almost all see the Global Forum as a useful outcome of the
Dialogue (61), only three give no view or do not see it as a formal outcome,
one sixth want the Forum to be the sole follow-up (11); many say it lets
practitioners exchange experience (26), several point to its informal,
State-led nature (7), some want stronger links with the United Nations (14),
others want more time first (5, the report gives no number). ¶23–24: many see
follow-up as taking stock (26); some want the General Assembly to take the
Forum's ideas into account, some periodic high-level debates, some action
through existing multilateral structures (14 each); the other proposals are
those ¶23 lists without a number (the item on the Assembly's agenda,
cooperation and dialogue at the regional and global levels, regional or
thematic meetings), drawn at random. The words are the quantifiers of
``migdev.stats.quantifiers`` for those counts out of 64. What is not in the
report (the wording of every answer, the Forum as a complement to the United
Nations, the reasons for a sole follow-up, the multilateral system's
activities) is illustrative. Replies arrive between 20 March and 15 July
2008, most around the deadline of 30 April, 60 of them by 30 June; a few were
received by fax and entered by the secretariat.

``load_demo()`` is idempotent: a State that already has a reply is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from migdev.consultation.campaigns.demo import record_follow_up
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.questionnaires.validation import AnswerErrors, clean_answers
from migdev.consultation.responses.models import ResponseVersion

log = logging.getLogger(__name__)

QUESTIONNAIRE_CODE = "hld-follow-up-2008"
REPLIES = 64
SEED = "hld-2008"
#: How many of the 64 come from each M49 region (Africa, Americas, Asia,
#: Europe, Oceania); Member States only.
PER_REGION = {"002": 16, "019": 13, "142": 14, "150": 18, "009": 3}
#: States that reply whatever the draw (they have demo focal-point logins).
ALWAYS = ("FRA", "MEX", "EGY")
NO_VIEW = 3  # "only three"
SOLE = 11  # "about one sixth" of 64
BY_FAX = 5

# Reply windows: (first day, last day, number of replies). Reminders went out
# on 23 April and 7 May 2008; 60 replies by 30 June, 64 by 15 July.
WINDOWS = [
    (dt.date(2008, 3, 20), dt.date(2008, 4, 22), 8),
    (dt.date(2008, 4, 23), dt.date(2008, 5, 7), 30),
    (dt.date(2008, 5, 8), dt.date(2008, 5, 31), 12),
    (dt.date(2008, 6, 1), dt.date(2008, 6, 30), 10),
    (dt.date(2008, 7, 1), dt.date(2008, 7, 15), 4),
]


# --- Texts, in the six languages ---------------------------------------------------
# The answers speak of their Government in the first person, as a reply does,
# so that no sentence needs the State's name: its article and case vary by
# language and name ("the Philippines", "du Cameroun", «Франции»).

# The Forum as a useful outcome (¶22, "almost all"): the States' own words are
# not in the report; these say only that, so that the secondary views below
# are counted where they are written.
USEFUL = {
    "en": [
        "Our Government considers the Global Forum on Migration and Development a useful outcome of the High-level Dialogue.",
        "We regard the Forum, launched in Brussels in July 2007, as one of the most valuable results of the 2006 Dialogue, and the Manila meeting should consolidate it.",
        "The Forum has proved a practical platform between Governments; we took part in its preparation and will continue to support it.",
        "Our Government welcomes the Forum as a positive outcome of the Dialogue: it keeps migration and development on the international agenda.",
    ],
    "fr": [
        "Notre gouvernement considère le Forum mondial sur la migration et le développement comme un résultat utile du Dialogue de haut niveau.",
        "Nous voyons dans le Forum, lancé à Bruxelles en juillet 2007, l'un des acquis les plus précieux du Dialogue de 2006.",
        "Le Forum s'est révélé une enceinte pratique entre gouvernements, et nous continuerons de le soutenir.",
    ],
    "es": [
        "Nuestro Gobierno considera que el Foro Mundial sobre Migración y Desarrollo es un resultado útil del Diálogo de alto nivel.",
        "Consideramos que el Foro, iniciado en Bruselas en julio de 2007, es uno de los resultados más valiosos del Diálogo de 2006.",
        "El Foro ha demostrado ser un espacio práctico entre gobiernos, y seguiremos apoyándolo.",
    ],
    "ar": [
        "تعتبر حكومتنا المنتدى العالمي المعني بالهجرة والتنمية نتيجة مفيدة للحوار الرفيع المستوى.",
        "نرى أن المنتدى الذي انطلق في بروكسل في تموز/يوليه 2007 من أهم ثمار حوار عام 2006.",
    ],
    "ru": [
        "Наше правительство считает Глобальный форум по миграции и развитию полезным итогом Диалога на высоком уровне.",
        "Мы рассматриваем Форум, начавший работу в Брюсселе в июле 2007 года, как один из наиболее ценных результатов Диалога 2006 года.",
    ],
    "zh-hans": [
        "我国政府认为，全球移民与发展论坛是高级别对话的有益成果。",
        "我们认为，2007年7月在布鲁塞尔启动的论坛是2006年对话最有价值的成果之一，是高级别对话的有益成果。",
    ],
}
NOT_FORMAL = {
    "en": [
        "Our Government has not yet formed a view on the Global Forum and is not in a position to comment at this stage.",
        "The Forum is an informal process outside the United Nations; in our view it cannot be considered a formal outcome of the High-level Dialogue.",
        "It is too early to judge the Forum, which has met only once; our Government reserves its position.",
    ],
    "fr": [
        "Le Forum est un processus informel extérieur à l'Organisation des Nations Unies ; il ne saurait, selon nous, être considéré comme un résultat formel du Dialogue de haut niveau.",
        "Notre gouvernement ne s'est pas encore prononcé sur le Forum mondial.",
    ],
    "es": [
        "Es demasiado pronto para evaluar el Foro, que solo se ha reunido una vez; nuestro Gobierno reserva su posición."
    ],
    "ar": ["لم تتخذ حكومتنا بعد موقفاً من المنتدى العالمي."],
    "ru": [
        "Форум является неофициальным процессом вне рамок Организации Объединенных Наций и не может рассматриваться как официальный итог Диалога."
    ],
    "zh-hans": ["我国政府尚未就全球论坛形成意见。"],
}

# --- The secondary views of ¶22–24, each written by an exact number of States --------
#
# The report words them "many", "several", "some"; the counts are those that
# migdev.stats.quantifiers words so out of 64 replies (26: many, 7: several,
# 14: some), away from the simple fractions it would otherwise name.

MANY = 26
SEVERAL = 7
SOME = 14
#: ¶22 "others" think the Forum needs more time: the report gives no number.
OTHERS = 5

#: ¶22, "many": the Forum lets practitioners talk and exchange experience.
EXCHANGE = {
    "en": "The Forum helps practitioners to talk to one another and exchange experience, and offers an action-oriented platform for cooperation and partnerships among Member States and with other actors.",
    "fr": "Le Forum aide les praticiens à dialoguer et à échanger leurs expériences, et offre une plateforme orientée vers l'action pour la coopération et les partenariats entre États Membres et avec d'autres acteurs.",
    "es": "El Foro ayuda a los profesionales a dialogar e intercambiar experiencias, y ofrece una plataforma orientada a la acción para la cooperación y las alianzas entre los Estados Miembros y con otros actores.",
    "ar": "يساعد المنتدى الممارسين على الحوار وتبادل الخبرات، ويوفر منبراً عملي المنحى للتعاون وإقامة الشراكات بين الدول الأعضاء ومع الجهات الفاعلة الأخرى.",
    "ru": "Форум помогает специалистам-практикам вести диалог и обмениваться опытом и служит ориентированной на практические действия платформой для сотрудничества и партнерства между государствами-членами и с другими участниками.",
    "zh-hans": "论坛有助于促进执行人员彼此对话和交流经验，并为会员国之间以及与其他行为体开展合作、建立伙伴关系提供面向行动的平台。",
}
#: ¶22, "several": its informal, State-led nature gives flexibility.
STATE_LED = {
    "en": "Its informal, voluntary and State-led character gives the flexibility needed to explore complex and potentially divisive issues.",
    "fr": "Son caractère informel, volontaire et piloté par les États donne la souplesse nécessaire pour aborder des questions complexes et potentiellement sources de divisions.",
    "es": "Su carácter oficioso, voluntario y dirigido por los Estados da la flexibilidad necesaria para abordar cuestiones complejas que pueden suscitar divisiones.",
    "ar": "إن طابعه غير الرسمي والطوعي الذي تقوده الدول يتيح المرونة اللازمة لبحث المسائل المعقدة التي قد تثير الخلاف.",
    "ru": "Его неофициальный и добровольный характер при ведущей роли государств дает необходимую гибкость для обсуждения сложных и потенциально спорных вопросов.",
    "zh-hans": "论坛由国家牵头并采取非正式、自愿的形式，为探讨十分复杂和可能出现分歧的问题提供了必要的灵活性。",
}
#: ¶22, "some": the links with the United Nations should be strengthened.
UN_LINKS = {
    "en": "The links between the Forum and the United Nations should be strengthened.",
    "fr": "Les liens entre le Forum et l'Organisation des Nations Unies devraient être renforcés.",
    "es": "Deberían reforzarse los vínculos entre el Foro y las Naciones Unidas.",
    "ar": "ينبغي تعزيز الروابط بين المنتدى والأمم المتحدة.",
    "ru": "Связи между Форумом и Организацией Объединенных Наций следует укрепить.",
    "zh-hans": "应该加强论坛与联合国之间的联系。",
}
#: ¶22, "others": more time before the relationship is adjusted.
MORE_TIME = {
    "en": "The Forum process needs more time to develop on its own before its relationship with the United Nations is adjusted.",
    "fr": "Le processus du Forum a besoin de plus de temps pour se développer de manière autonome avant que sa relation avec l'Organisation des Nations Unies ne soit ajustée.",
    "es": "El proceso del Foro necesita más tiempo para desarrollarse por sí mismo antes de que se ajuste su relación con las Naciones Unidas.",
    "ar": "تحتاج عملية المنتدى إلى مزيد من الوقت لكي تتطور بشكل مستقل قبل تعديل علاقتها بالأمم المتحدة.",
    "ru": "Процессу Форума требуется больше времени для самостоятельного развития, прежде чем корректировать его отношения с Организацией Объединенных Наций.",
    "zh-hans": "论坛进程需要有更多的时间自主发展，然后才能调整它与联合国之间的关系。",
}
#: ¶23, "many": follow-up as taking stock and addressing what is left open.
STOCKTAKING = {
    "en": "Follow-up is a process of taking stock of the results of the Dialogue and addressing the issues it left open.",
    "fr": "Le suivi est un processus qui permet de faire le bilan des résultats du Dialogue et de traiter les questions restées en suspens.",
    "es": "El seguimiento es un proceso para hacer balance de los resultados del Diálogo y abordar las cuestiones pendientes.",
    "ar": "المتابعة عملية لتقييم نتائج الحوار ومعالجة المسائل التي لم تُحسم بعد.",
    "ru": "Последующая деятельность — это процесс подведения итогов Диалога и решения оставшихся вопросов.",
    "zh-hans": "后续行动是总结对话成果和处理未决问题的过程。",
}

SOLE_REASONS = {
    "en": [
        "The Forum already offers what follow-up requires; creating further mechanisms would duplicate its work and stretch the limited capacities of small administrations.",
        "A single, State-led process avoids the proliferation of meetings; the United Nations should support the Forum rather than establish a parallel mechanism.",
    ],
    "fr": [
        "Le Forum offre déjà ce que le suivi exige ; créer d'autres mécanismes ferait double emploi et disperserait des capacités limitées."
    ],
    "es": [
        "Un único proceso dirigido por los Estados evita la proliferación de reuniones; las Naciones Unidas deberían apoyar el Foro en lugar de crear un mecanismo paralelo."
    ],
    "ar": [
        "يوفر المنتدى بالفعل ما تتطلبه المتابعة، وإنشاء آليات أخرى من شأنه أن يؤدي إلى الازدواجية."
    ],
    "ru": [
        "Форум уже обеспечивает необходимые последующие действия; создание новых механизмов привело бы к дублированию."
    ],
    "zh-hans": ["论坛已能满足后续行动的需要，另设机制将造成重复。"],
}
NOT_SOLE = {
    "en": "The Forum complements, but cannot replace, the intergovernmental follow-up within the United Nations, where all Member States take part.",
    "fr": "Le Forum complète, sans pouvoir le remplacer, le suivi intergouvernemental au sein de l'Organisation des Nations Unies, auquel participent tous les États Membres.",
    "es": "El Foro complementa, pero no puede sustituir, el seguimiento intergubernamental en las Naciones Unidas, en el que participan todos los Estados Miembros.",
    "ar": "يكمل المنتدى المتابعة الحكومية الدولية داخل الأمم المتحدة ولكنه لا يمكن أن يحل محلها.",
    "ru": "Форум дополняет, но не может заменить межправительственную последующую деятельность в рамках Организации Объединенных Наций.",
    "zh-hans": "论坛是对联合国框架内政府间后续行动的补充，但不能取而代之。",
}
PROPOSALS = {
    "ga_agenda": {
        "en": "The item on international migration and development should remain on the agenda of the General Assembly.",
        "fr": "La question des migrations internationales et du développement devrait rester inscrite à l'ordre du jour de l'Assemblée générale.",
        "es": "El tema de la migración internacional y el desarrollo debería mantenerse en el programa de la Asamblea General.",
        "ar": "ينبغي أن يظل بند الهجرة الدولية والتنمية مدرجاً في جدول أعمال الجمعية العامة.",
        "ru": "Пункт о международной миграции и развитии должен оставаться в повестке дня Генеральной Ассамблеи.",
        "zh-hans": "国际移徙与发展项目应继续列入大会议程。",
    },
    "regional_thematic": {
        "en": "Regional and thematic meetings, with the regional commissions, would allow a closer look at the migration corridors of each region.",
        "fr": "Des réunions régionales et thématiques, avec les commissions régionales, permettraient d'examiner de plus près les couloirs migratoires de chaque région.",
        "es": "Las reuniones regionales y temáticas, con las comisiones regionales, permitirían examinar más de cerca los corredores migratorios de cada región.",
        "ar": "من شأن الاجتماعات الإقليمية والمواضيعية، بالتعاون مع اللجان الإقليمية، أن تتيح دراسة أدق لممرات الهجرة في كل منطقة.",
        "ru": "Региональные и тематические совещания с участием региональных комиссий позволили бы подробнее рассмотреть миграционные коридоры каждого региона.",
        "zh-hans": "与各区域委员会合作举行区域和专题会议，可更细致地审视各区域的移徙走廊。",
    },
    "high_level_debates": {
        "en": "The General Assembly should hold periodic high-level debates on migration and development, informed by the Forum's discussions.",
        "fr": "L'Assemblée générale devrait tenir périodiquement des débats de haut niveau sur les migrations et le développement, éclairés par les travaux du Forum.",
        "es": "La Asamblea General debería celebrar periódicamente debates de alto nivel sobre la migración y el desarrollo, teniendo en cuenta las deliberaciones del Foro.",
        "ar": "ينبغي أن تعقد الجمعية العامة مناقشات دورية رفيعة المستوى بشأن الهجرة والتنمية، مستفيدة من مداولات المنتدى.",
        "ru": "Генеральной Ассамблее следует периодически проводить прения высокого уровня по миграции и развитию с учетом обсуждений на Форуме.",
        "zh-hans": "大会应定期举行关于国际移徙与发展问题的高级别辩论，并参考论坛的讨论。",
    },
    "cooperation": {
        "en": "Cooperation and dialogue on migration and development should be promoted at the regional and global levels.",
        "fr": "La coopération et le dialogue sur les migrations et le développement devraient être encouragés aux niveaux régional et mondial.",
        "es": "Debería promoverse la cooperación y el diálogo sobre la migración y el desarrollo en los planos regional y mundial.",
        "ar": "ينبغي تعزيز التعاون والحوار بشأن الهجرة والتنمية على الصعيدين الإقليمي والعالمي.",
        "ru": "Следует развивать сотрудничество и диалог по вопросам миграции и развития на региональном и глобальном уровнях.",
        "zh-hans": "应促进区域和全球各级在国际移徙与发展问题上的合作与对话。",
    },
    "multilateral": {
        "en": "Follow-up should rely on existing multilateral structures, including the Global Migration Group and the international financial institutions, rather than on new bodies.",
        "fr": "Le suivi devrait s'appuyer sur les structures multilatérales existantes, y compris le Groupe mondial sur la migration et les institutions financières internationales, plutôt que sur de nouveaux organes.",
        "es": "El seguimiento debería apoyarse en las estructuras multilaterales existentes, incluidos el Grupo Mundial sobre Migración y las instituciones financieras internacionales, y no en nuevos órganos.",
        "ar": "ينبغي أن تعتمد المتابعة على الهياكل المتعددة الأطراف القائمة، بما فيها الفريق العالمي المعني بالهجرة والمؤسسات المالية الدولية، بدلاً من إنشاء هيئات جديدة.",
        "ru": "Последующая деятельность должна опираться на существующие многосторонние структуры, включая Группу по вопросам глобальной миграции и международные финансовые учреждения, а не на новые органы.",
        "zh-hans": "后续行动应依托现有多边机构，包括全球移徙小组和国际金融机构，而不是设立新机构。",
    },
}
GFMD_IDEAS = {
    "en": "The General Assembly could also take into account the ideas that emerge from the Forum.",
    "fr": "L'Assemblée générale pourrait également tenir compte des idées issues du Forum.",
    "es": "La Asamblea General también podría tener en cuenta las ideas surgidas del Foro.",
    "ar": "ويمكن للجمعية العامة أيضاً أن تأخذ في الاعتبار الأفكار المنبثقة عن المنتدى.",
    "ru": "Генеральная Ассамблея могла бы также учитывать идеи, выдвигаемые на Форуме.",
    "zh-hans": "大会还可考虑论坛提出的设想。",
}
MULTILATERAL_SYSTEM = {
    "en": "The agencies of the Global Migration Group should coordinate better, and the World Bank and regional development banks should help lower the cost of remittances.",
    "fr": "Les organismes du Groupe mondial sur la migration devraient mieux se coordonner, et la Banque mondiale et les banques régionales de développement aider à réduire le coût des envois de fonds.",
    "es": "Los organismos del Grupo Mundial sobre Migración deberían coordinarse mejor, y el Banco Mundial y los bancos regionales de desarrollo deberían ayudar a reducir el costo de las remesas.",
    "ar": "ينبغي لوكالات الفريق العالمي المعني بالهجرة أن تحسن التنسيق فيما بينها، وللبنك الدولي والمصارف الإنمائية الإقليمية أن تساعد على خفض تكلفة التحويلات.",
    "ru": "Учреждениям Группы по вопросам глобальной миграции следует улучшить координацию, а Всемирному банку и региональным банкам развития — содействовать снижению стоимости денежных переводов.",
    "zh-hans": "全球移徙小组各机构应加强协调，世界银行和区域开发银行应帮助降低侨汇成本。",
}
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-hans")

# A tiny valid PDF standing for the fax the secretariat received.
_PDF = """%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length {length}>>stream
{stream}
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
"""


def _fax_pdf(iso3: str, day: dt.date) -> bytes:
    stream = (
        f"BT /F1 12 Tf 60 780 Td (Facsimile - reply of {iso3} to the questionnaire "
        f"of 18 March 2008) Tj 0 -20 Td (Received {day.isoformat()}. Illustrative "
        f"demo document.) Tj ET"
    )
    return _PDF.format(length=len(stream), stream=stream).encode("ascii")


# --- Choosing the States, their positions and their dates ----------------------------


def _rank(value: str) -> str:
    return hashlib.sha256(f"{SEED}:{value}".encode()).hexdigest()


def choose_states(recipients: list[Recipient]) -> list[Recipient]:
    """64 Member States on the roster, spread over the regions, deterministic."""
    from migdev.registry.models import Country, GroupMembership

    by_country = {
        r.country_id: r for r in recipients if r.country.status == Country.Status.MEMBER
    }
    region_of = dict(
        GroupMembership.objects.filter(
            grouping__code__in=PER_REGION, country_id__in=by_country
        ).values_list("country_id", "grouping__code")
    )
    chosen = [r for r in by_country.values() if r.country.iso3 in ALWAYS]
    for region, wanted in PER_REGION.items():
        pool = sorted(
            (
                r
                for cid, r in by_country.items()
                if region_of.get(cid) == region and r not in chosen
            ),
            key=lambda r: _rank(r.country.iso3),
        )
        already = sum(1 for r in chosen if region_of.get(r.country_id) == region)
        chosen += pool[: max(0, wanted - already)]
    if len(chosen) < REPLIES:  # a roster without some regions: fill from the rest
        rest = sorted(
            (r for r in by_country.values() if r not in chosen),
            key=lambda r: _rank(r.country.iso3),
        )
        chosen += rest[: REPLIES - len(chosen)]
    return sorted(chosen[:REPLIES], key=lambda r: _rank("order:" + r.country.iso3))


def reply_dates() -> list[dt.date]:
    rng = random.Random(SEED)
    days: list[dt.date] = []
    for first, last, count in WINDOWS:
        span = (last - first).days
        # Around the deadline, replies bunch on the days just before and after it.
        for _ in range(count):
            if first.month == 4 and first.day == 23:
                offset = min(span, max(0, round(rng.triangular(0, span, 7))))
            else:
                offset = rng.randint(0, span)
            days.append(first + dt.timedelta(days=offset))
    return sorted(days)


def _text(table: dict[str, Any], language: str, rng: random.Random, **fmt: str) -> str:
    options = table.get(language) or table["en"]
    text = rng.choice(options) if isinstance(options, list) else options
    return text.format(**fmt)


def compose_answers(
    *,
    stance: str,
    language: str,
    state: str,
    rng: random.Random,
    views: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Answers to the 2008 questionnaire for one State; ``stance`` is
    ``useful``, ``sole`` or ``no_view``, and ``views`` the secondary views
    (:data:`VIEWS`) this State was given. ``state`` is kept for callers; the
    answers speak of "our Government" and need no State's name."""
    lang = language if language in LANGUAGES else "en"
    answers: dict[str, Any] = {}
    if stance == "no_view":
        answers["forum_view"] = _text(NOT_FORMAL, lang, rng)
        answers["forum_useful"] = "no"
        answers["sole_mechanism"] = "no"
        answers["un_follow_up_needed"] = "yes"
    else:
        parts = [_text(USEFUL, lang, rng)]
        if "exchange" in views:
            parts.append(EXCHANGE[lang])
        if "state_led" in views:
            parts.append(STATE_LED[lang])
        if stance != "sole" and rng.random() < 0.5:
            parts.append(NOT_SOLE[lang])  # illustrative: not in the report
        answers["forum_view"] = " ".join(parts)
        answers["forum_useful"] = "yes"
        answers["sole_mechanism"] = "yes" if stance == "sole" else "no"
        if stance == "sole":
            answers["sole_mechanism_reasons"] = _text(SOLE_REASONS, lang, rng)
            answers["un_follow_up_needed"] = "no"
        else:
            answers["un_follow_up_needed"] = "yes"
    relationship = [
        table[lang]
        for view, table in (("un_links", UN_LINKS), ("more_time", MORE_TIME))
        if view in views
    ]
    if relationship:
        answers["forum_un_relationship"] = " ".join(relationship)
    if answers["un_follow_up_needed"] == "yes":
        # ¶23 lists these without a number: drawn at random.
        options = [
            k
            for k, w in (
                ("ga_agenda", 0.6),
                ("cooperation", 0.4),
                ("regional_thematic", 0.45),
            )
            if rng.random() < w
        ]
        if "periodic_debates" in views:
            options.append("high_level_debates")
        if "existing_structures" in views:
            options.append("multilateral")
        options = options or ["ga_agenda"]
        answers["follow_up_options"] = options
        sentences = [STOCKTAKING[lang]] if "stocktaking" in views else []
        sentences += [PROPOSALS[k][lang] for k in options]
        if "forum_ideas" in views:
            sentences.append(GFMD_IDEAS[lang])
        answers["follow_up_proposals"] = " ".join(sentences)
    if rng.random() < 0.4:
        answers["multilateral_system"] = MULTILATERAL_SYSTEM[lang]  # illustrative
    return answers


#: Secondary views of ¶22–24: (name, how many States, who may hold it).
VIEWS: tuple[tuple[str, int, frozenset[str]], ...] = (
    ("exchange", MANY, frozenset({"useful", "sole"})),
    ("state_led", SEVERAL, frozenset({"useful", "sole"})),
    ("un_links", SOME, frozenset({"useful"})),
    ("stocktaking", MANY, frozenset({"useful", "no_view"})),
    ("forum_ideas", SOME, frozenset({"useful", "no_view"})),
    ("periodic_debates", SOME, frozenset({"useful", "no_view"})),
    ("existing_structures", SOME, frozenset({"useful", "no_view"})),
)


def assign_views(
    stance: dict[int, str], states: list[Recipient]
) -> dict[int, set[str]]:
    """Recipient id → its secondary views: each view goes to exactly its
    number of the States that may hold it, chosen deterministically; "more
    time" goes to others than "stronger links"."""
    views: dict[int, set[str]] = {r.pk: set() for r in states}
    for name, count, stances in VIEWS:
        pool = sorted(
            (r for r in states if stance[r.pk] in stances),
            key=lambda r: _rank(f"{name}:{r.country.iso3}"),
        )
        for r in pool[:count]:
            views[r.pk].add(name)
    pool = sorted(
        (
            r
            for r in states
            if stance[r.pk] == "useful" and "un_links" not in views[r.pk]
        ),
        key=lambda r: _rank(f"more_time:{r.country.iso3}"),
    )
    for r in pool[:OTHERS]:
        views[r.pk].add("more_time")
    return views


def _clean(questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """Keep only what the questionnaire accepts (it may have been edited)."""
    for _attempt in range(3):
        try:
            return clean_answers(questionnaire, answers, partial=True)
        except AnswerErrors as exc:
            answers = {k: v for k, v in answers.items() if k not in exc.errors}
    return {}


# --- Loading ------------------------------------------------------------------------


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def load_demo() -> list:
    campaign = (
        Campaign.objects.filter(questionnaire__code=QUESTIONNAIRE_CODE)
        .select_related("questionnaire")
        .order_by("opens_on", "pk")
        .first()
    )
    if campaign is None:
        log.warning(
            "Demo replies skipped: no campaign uses the questionnaire %s.",
            QUESTIONNAIRE_CODE,
        )
        return []
    recipients = list(campaign.recipients.select_related("country", "outreach"))
    if not recipients:
        log.warning("Demo replies skipped: the 2008 campaign has no recipients.")
        return []
    with transaction.atomic():
        _load(campaign, recipients)
        # The campaign's reminders and calls went to the States that had not
        # replied on each date; only now are the replies there to tell.
        record_follow_up()
    return []


def _load(campaign: Campaign, recipients: list[Recipient]) -> None:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["secretariat", "focal.fra", "focal.mex", "focal.egy"]
        )
    }
    states = choose_states(recipients)
    days = reply_dates()
    stance_order = sorted(states, key=lambda r: _rank("stance:" + r.country.iso3))
    stance = {r.pk: "useful" for r in states}
    for r in stance_order[:NO_VIEW]:
        stance[r.pk] = "no_view"
    for r in stance_order[NO_VIEW : NO_VIEW + SOLE]:
        stance[r.pk] = "sole"
    faxed = {
        r.pk
        for r in sorted(states, key=lambda r: _rank("fax:" + r.country.iso3))
        if r.country.iso3 not in ALWAYS
    }
    faxed = set(sorted(faxed, key=lambda pk: _rank(f"fax-pick:{pk}"))[:BY_FAX])

    views = assign_views(stance, states)
    for index, recipient in enumerate(states):
        if not recipient.versions.exists():
            _load_one(
                campaign,
                recipient,
                day=days[index],
                stance=stance[recipient.pk],
                views=frozenset(views[recipient.pk]),
                by_fax=recipient.pk in faxed,
                users=users,
            )


def _load_one(
    campaign: Campaign,
    recipient: Recipient,
    *,
    day: dt.date,
    stance: str,
    views: frozenset[str],
    by_fax: bool,
    users: dict[str, Any],
) -> None:
    rng = random.Random(f"{SEED}:{recipient.country.iso3}")
    language = recipient.language
    state = recipient.country.name.get_text(language)
    answers = _clean(
        campaign.questionnaire,
        compose_answers(
            stance=stance, language=language, state=state, rng=rng, views=views
        ),
    )
    focal = users.get(f"focal.{recipient.country.iso3.lower()}")
    versions: list[tuple[ResponseVersion, dt.datetime]] = []

    def add(kind: str, at: dt.datetime, values: dict, **extra: Any) -> None:
        number = len(versions) + 1
        version = ResponseVersion(
            recipient=recipient,
            number=number,
            kind=kind,
            answers=values,
            language=language,
            submission_key=f"demo-2008-{recipient.country.iso3}-{number}",
            based_on=number - 1 or None,
            **extra,
        )
        version.save()
        versions.append((version, at))

    if by_fax:
        version = ResponseVersion(
            recipient=recipient,
            number=1,
            kind=ResponseVersion.Kind.SUBMISSION,
            answers=answers,
            language=language,
            submission_key=f"demo-2008-{recipient.country.iso3}-1",
            channel=ResponseVersion.Channel.SECRETARIAT,
            created_by=users.get("secretariat"),
            received_on=day,
            attachment_name=f"Fax {recipient.country.iso3} {day.isoformat()}.pdf",
        )
        version.attachment.save(
            f"demo-2008-{recipient.country.iso3}.pdf",
            ContentFile(_fax_pdf(recipient.country.iso3, day)),
            save=False,
        )
        version.save()
        entered = day + dt.timedelta(days=rng.randint(1, 3))
        versions.append((version, _at(entered, 10, rng.randint(0, 59))))
        first_reply = _at(day, 12)
    else:
        submitted = _at(day, rng.randint(8, 18), rng.randint(0, 59))
        if rng.random() < 0.25:
            draft_day = max(
                dt.date(2008, 3, 19), day - dt.timedelta(days=rng.randint(2, 9))
            )
            partial = {k: answers[k] for k in list(answers)[:3]}
            add("draft", _at(draft_day, rng.randint(8, 18)), partial, created_by=focal)
        add("submission", submitted, answers, created_by=focal)
        first_reply = submitted
        if rng.random() < 0.06 and day < dt.date(2008, 7, 1):
            revised = dict(answers)
            revised["forum_view"] = answers.get("forum_view", "") + (
                " " + NOT_SOLE.get(language, NOT_SOLE["en"])
            )
            add(
                "submission",
                submitted + dt.timedelta(days=rng.randint(2, 10)),
                _clean(campaign.questionnaire, revised),
                created_by=focal,
            )
    for version, at in versions:
        ResponseVersion.objects.filter(pk=version.pk).update(created_at=at)
    last = max(at for v, at in versions if v.kind == ResponseVersion.Kind.SUBMISSION)
    Recipient.objects.filter(pk=recipient.pk).update(
        status=Recipient.Status.SUBMITTED,
        completed_at=first_reply,
        last_submitted_at=last,
    )
