"""Demo content: the 2008 questionnaire on the follow-up to the High-level Dialogue.

On 18 March 2008 the Secretariat sent the Permanent Representatives of the
Member States, the Holy See and Palestine an open-ended questionnaire on the
follow-up to the 2006 High-level Dialogue on International Migration and
Development (A/63/265, footnote 1). Its wording is not reproduced in the report:
the questions below are an illustrative reconstruction written from the themes
of the replies summarized in ¶21–24 (the Forum as an outcome of the Dialogue,
whether it should be the sole follow-up, the relationship with the United
Nations, the General Assembly, regional and thematic meetings, high-level
debates, the multilateral system including the international financial
institutions).

The report calls the questions open-ended (¶21), and most questions here are
open text. The few closed ones (is the Forum a useful outcome, should it be
the sole follow-up, is United Nations follow-up needed, which forms of it) are
an illustrative addition, so that the counts ¶21–22 give can also be tallied
by region; the forms of follow-up offered are those ¶23–24 list.
"""

from __future__ import annotations

from typing import Any

from migdev.consultation.questionnaires.models import Questionnaire
from migdev.consultation.questionnaires.selectors import (
    questionnaire_by_code,
    questionnaire_definition,
)
from migdev.consultation.questionnaires.services import (
    questionnaire_save_definition,
)
from migdev.consultation.questionnaires.xlsform import (
    YES_NO_LABELS,
    ChoiceDef,
    FormDefinition,
    QuestionDef,
    SectionDef,
)
from migdev.core.i18n import LocalizedText
from migdev.registry import permissions

DEMO_QUESTIONNAIRE_CODE = "hld-follow-up-2008"
DEMO_VERSION = "2008-03 (illustrative)"


# Keyword-only (ar=, zh=, en=, fr=, ru=, es=): no text can land in the
# wrong language by the order of the arguments.
_t = LocalizedText.six


TITLE = _t(
    en="Questionnaire to Member States on the follow-up to the 2006 High-level Dialogue "
    "on International Migration and Development",
    fr="Questionnaire adressé aux États Membres sur la suite à donner au Dialogue de haut "
    "niveau de 2006 sur les migrations internationales et le développement",
    es="Cuestionario dirigido a los Estados Miembros sobre el seguimiento del Diálogo de "
    "alto nivel sobre la migración internacional y el desarrollo de 2006",
    ru="Вопросник для государств-членов о последующей деятельности по итогам Диалога на "
    "высоком уровне по вопросу о международной миграции и развитии 2006 года",
    zh="关于2006年国际移徙与发展问题高级别对话后续行动的会员国问卷",
    ar="استبيان موجه إلى الدول الأعضاء بشأن متابعة الحوار الرفيع المستوى المتعلق بالهجرة "
    "الدولية والتنمية لعام 2006",
)


def _q(name: str, kind: str, label: LocalizedText, **extra: Any) -> QuestionDef:
    return QuestionDef(name=name, type=kind, label=label, **extra)


SECTIONS = [
    SectionDef(
        name="forum",
        label=_t(
            en="The Global Forum on Migration and Development",
            fr="Le Forum mondial sur la migration et le développement",
            es="El Foro Mundial sobre Migración y Desarrollo",
            ru="Глобальный форум по миграции и развитию",
            zh="全球移民与发展论坛",
            ar="المنتدى العالمي المعني بالهجرة والتنمية",
        ),
        questions=[
            _q(
                "forum_view",
                "text",
                _t(
                    en="What is your Government's view of the Global Forum on Migration "
                    "and Development as an outcome of the High-level Dialogue?",
                    fr="Quelle est la position de votre gouvernement sur le Forum mondial "
                    "sur la migration et le développement en tant que résultat du "
                    "Dialogue de haut niveau ?",
                    es="¿Cuál es la opinión de su Gobierno sobre el Foro Mundial sobre la "
                    "Migración y el Desarrollo como resultado del Diálogo de alto nivel?",
                    ru="Каково мнение вашего правительства о Глобальном форуме по миграции "
                    "и развитию как об одном из итогов Диалога на высоком уровне?",
                    zh="贵国政府如何看待作为高级别对话成果的全球移民与发展论坛？",
                    ar="ما رأي حكومتكم في المنتدى العالمي المعني بالهجرة والتنمية بوصفه "
                    "إحدى نتائج الحوار الرفيع المستوى؟",
                ),
                hint=_t(
                    en="Please indicate, in particular, how the Forum has contributed to "
                    "dialogue, the exchange of experience and cooperation among "
                    "Governments.",
                    fr="Veuillez indiquer notamment comment le Forum a contribué au "
                    "dialogue, à l'échange de données d'expérience et à la coopération "
                    "entre les gouvernements.",
                    es="Sírvase indicar, en particular, de qué manera el Foro ha contribuido "
                    "al diálogo, al intercambio de experiencias y a la cooperación entre "
                    "los gobiernos.",
                    ru="Просьба указать, в частности, каким образом Форум способствовал "
                    "диалогу, обмену опытом и сотрудничеству между правительствами.",
                    zh="请特别说明论坛如何促进了各国政府之间的对话、经验交流与合作。",
                    ar="يرجى أن تبينوا بوجه خاص كيف أسهم المنتدى في الحوار وتبادل الخبرات "
                    "والتعاون بين الحكومات.",
                ),
                required=True,
            ),
            _q(
                "forum_useful",
                "yes_no",
                _t(
                    en="Does your Government consider the Forum a useful outcome of the "
                    "High-level Dialogue?",
                    fr="Votre gouvernement considère-t-il le Forum comme un résultat utile "
                    "du Dialogue de haut niveau ?",
                    es="¿Considera su Gobierno que el Foro es un resultado útil del Diálogo "
                    "de alto nivel?",
                    ru="Считает ли ваше правительство Форум полезным итогом Диалога на "
                    "высоком уровне?",
                    zh="贵国政府是否认为论坛是高级别对话的有益成果？",
                    ar="هل تعتبر حكومتكم المنتدى نتيجة مفيدة للحوار الرفيع المستوى؟",
                ),
                choice_list="yes_no",
                required=True,
            ),
            _q(
                "sole_mechanism",
                "yes_no",
                _t(
                    en="In the view of your Government, should the Global Forum be the sole "
                    "mechanism for the follow-up to the High-level Dialogue?",
                    fr="De l'avis de votre gouvernement, le Forum mondial devrait-il être le "
                    "seul mécanisme de suivi du Dialogue de haut niveau ?",
                    es="A juicio de su Gobierno, ¿debería el Foro Mundial ser el único "
                    "mecanismo de seguimiento del Diálogo de alto nivel?",
                    ru="Должен ли, по мнению вашего правительства, Глобальный форум быть "
                    "единственным механизмом последующей деятельности по итогам Диалога "
                    "на высоком уровне?",
                    zh="贵国政府是否认为全球论坛应成为高级别对话的唯一后续机制？",
                    ar="هل ترى حكومتكم أن المنتدى العالمي ينبغي أن يكون الآلية الوحيدة "
                    "لمتابعة الحوار الرفيع المستوى؟",
                ),
                choice_list="yes_no",
                required=True,
            ),
            _q(
                "sole_mechanism_reasons",
                "text",
                _t(
                    en="Please explain why.",
                    fr="Veuillez préciser pourquoi.",
                    es="Sírvase explicar por qué.",
                    ru="Просьба пояснить причины.",
                    zh="请说明理由。",
                    ar="يرجى بيان الأسباب.",
                ),
                relevant="${sole_mechanism} = 'yes'",
            ),
            _q(
                "forum_un_relationship",
                "text",
                _t(
                    en="How should the relationship between the Global Forum and the United "
                    "Nations evolve?",
                    fr="Comment la relation entre le Forum mondial et l'Organisation des "
                    "Nations Unies devrait-elle évoluer ?",
                    es="¿Cómo debería evolucionar la relación entre el Foro Mundial y las "
                    "Naciones Unidas?",
                    ru="Как должны развиваться отношения между Глобальным форумом и "
                    "Организацией Объединенных Наций?",
                    zh="全球论坛与联合国之间的关系应如何发展？",
                    ar="كيف ينبغي أن تتطور العلاقة بين المنتدى العالمي والأمم المتحدة؟",
                ),
            ),
        ],
    ),
    SectionDef(
        name="follow_up",
        label=_t(
            en="Follow-up to the High-level Dialogue",
            fr="Suite à donner au Dialogue de haut niveau",
            es="Seguimiento del Diálogo de alto nivel",
            ru="Последующая деятельность по итогам Диалога на высоком уровне",
            zh="高级别对话的后续行动",
            ar="متابعة الحوار الرفيع المستوى",
        ),
        questions=[
            _q(
                "un_follow_up_needed",
                "yes_no",
                _t(
                    en="Does your Government consider that follow-up to the High-level "
                    "Dialogue by the United Nations is needed?",
                    fr="Votre gouvernement estime-t-il nécessaire que l'Organisation des "
                    "Nations Unies donne suite au Dialogue de haut niveau ?",
                    es="¿Considera su Gobierno necesario que las Naciones Unidas den "
                    "seguimiento al Diálogo de alto nivel?",
                    ru="Считает ли ваше правительство необходимой последующую деятельность "
                    "Организации Объединенных Наций по итогам Диалога на высоком уровне?",
                    zh="贵国政府是否认为联合国有必要对高级别对话采取后续行动？",
                    ar="هل ترى حكومتكم ضرورة أن تتابع الأمم المتحدة الحوار الرفيع المستوى؟",
                ),
                choice_list="yes_no",
                required=True,
            ),
            _q(
                "follow_up_options",
                "select_multiple",
                _t(
                    en="Which of the following forms of follow-up would your Government "
                    "support? Select all that apply.",
                    fr="Parmi les formes de suivi ci-après, lesquelles votre gouvernement "
                    "appuierait-il ? Cochez toutes les réponses pertinentes.",
                    es="¿Cuáles de las siguientes formas de seguimiento apoyaría su "
                    "Gobierno? Seleccione todas las que correspondan.",
                    ru="Какие из следующих форм последующей деятельности поддержало бы "
                    "ваше правительство? Отметьте все подходящие варианты.",
                    zh="贵国政府会支持下列哪些形式的后续行动？请选择所有适用项。",
                    ar="أي أشكال المتابعة التالية تؤيدها حكومتكم؟ يرجى اختيار كل ما ينطبق.",
                ),
                choice_list="follow_up_option",
                relevant="${un_follow_up_needed} = 'yes'",
            ),
            _q(
                "follow_up_other",
                "text",
                _t(
                    en="Please describe the other form of follow-up.",
                    fr="Veuillez décrire l'autre forme de suivi.",
                    es="Sírvase describir la otra forma de seguimiento.",
                    ru="Просьба описать иную форму последующей деятельности.",
                    zh="请说明其他形式的后续行动。",
                    ar="يرجى وصف الشكل الآخر للمتابعة.",
                ),
                relevant="selected(${follow_up_options}, 'other')",
                required=True,
            ),
            _q(
                "follow_up_proposals",
                "text",
                _t(
                    en="What proposals does your Government have for the future follow-up "
                    "to the High-level Dialogue?",
                    fr="Quelles propositions votre gouvernement formule-t-il pour la suite "
                    "à donner au Dialogue de haut niveau ?",
                    es="¿Qué propuestas tiene su Gobierno para el seguimiento futuro del "
                    "Diálogo de alto nivel?",
                    ru="Какие предложения имеются у вашего правительства в отношении "
                    "дальнейшей последующей деятельности по итогам Диалога на высоком "
                    "уровне?",
                    zh="贵国政府对高级别对话今后的后续行动有何建议？",
                    ar="ما هي مقترحات حكومتكم بشأن المتابعة المقبلة للحوار الرفيع المستوى؟",
                ),
                hint=_t(
                    en="For example, how the General Assembly could take into account the "
                    "ideas and initiatives of the Global Forum, draw on regional and "
                    "interregional initiatives, or review progress at the regional and "
                    "global levels.",
                    fr="Par exemple, comment l'Assemblée générale pourrait tenir compte des "
                    "idées et initiatives issues du Forum mondial, s'appuyer sur les "
                    "initiatives régionales et interrégionales ou examiner les progrès "
                    "accomplis aux niveaux régional et mondial.",
                    es="Por ejemplo, cómo podría la Asamblea General tener en cuenta las "
                    "ideas e iniciativas del Foro Mundial, aprovechar las iniciativas "
                    "regionales e interregionales o examinar los progresos realizados en "
                    "los planos regional y mundial.",
                    ru="Например, каким образом Генеральная Ассамблея могла бы учитывать "
                    "идеи и инициативы Глобального форума, опираться на региональные и "
                    "межрегиональные инициативы или проводить обзор прогресса на "
                    "региональном и глобальном уровнях.",
                    zh="例如，大会如何考虑全球论坛提出的构想和倡议、借鉴区域和区域间举措，"
                    "或审查区域和全球各级取得的进展。",
                    ar="على سبيل المثال، كيف يمكن للجمعية العامة أن تراعي الأفكار والمبادرات "
                    "المنبثقة عن المنتدى العالمي، وأن تستفيد من المبادرات الإقليمية "
                    "والأقاليمية، أو أن تستعرض التقدم المحرز على الصعيدين الإقليمي "
                    "والعالمي.",
                ),
            ),
            _q(
                "multilateral_system",
                "text",
                _t(
                    en="How should the activities of the multilateral system, including the "
                    "agencies, funds and programmes of the United Nations system and the "
                    "international financial institutions, be taken into account in the "
                    "follow-up?",
                    fr="Comment les activités du système multilatéral, y compris celles des "
                    "institutions, fonds et programmes des Nations Unies et des "
                    "institutions financières internationales, devraient-elles être "
                    "prises en compte dans le suivi ?",
                    es="¿Cómo deberían tenerse en cuenta en el seguimiento las actividades "
                    "del sistema multilateral, incluidas las de los organismos, fondos y "
                    "programas del sistema de las Naciones Unidas y las instituciones "
                    "financieras internacionales?",
                    ru="Каким образом в рамках последующей деятельности следует учитывать "
                    "деятельность многосторонней системы, включая учреждения, фонды и "
                    "программы системы Организации Объединенных Наций и международные "
                    "финансовые учреждения?",
                    zh="在后续行动中应如何考虑多边系统的活动，包括联合国系统各机构、基金和"
                    "方案以及国际金融机构的活动？",
                    ar="كيف ينبغي أن تُراعى في المتابعة أنشطة النظام المتعدد الأطراف، بما في "
                    "ذلك أنشطة وكالات منظومة الأمم المتحدة وصناديقها وبرامجها والمؤسسات "
                    "المالية الدولية؟",
                ),
            ),
            _q(
                "other_comments",
                "text",
                _t(
                    en="Please add any other comments or information that your Government "
                    "wishes to share.",
                    fr="Veuillez ajouter toute autre observation ou information que votre "
                    "gouvernement souhaite communiquer.",
                    es="Sírvase añadir cualquier otra observación o información que su "
                    "Gobierno desee comunicar.",
                    ru="Просьба добавить любые другие замечания или сведения, которые ваше "
                    "правительство хотело бы сообщить.",
                    zh="请补充贵国政府希望提供的任何其他意见或资料。",
                    ar="يرجى إضافة أي تعليقات أو معلومات أخرى تود حكومتكم تقديمها.",
                ),
            ),
        ],
    ),
]


def _choices(*rows: tuple[str, LocalizedText]) -> list[ChoiceDef]:
    return [ChoiceDef(name=name, label=label) for name, label in rows]


CHOICES = {
    "yes_no": _choices(
        ("yes", LocalizedText(YES_NO_LABELS["yes"])),
        ("no", LocalizedText(YES_NO_LABELS["no"])),
    ),
    "follow_up_option": _choices(
        (
            "ga_agenda",
            _t(
                en="Keeping international migration and development on the agenda of the "
                "General Assembly",
                fr="Maintien de la question des migrations internationales et du "
                "développement à l'ordre du jour de l'Assemblée générale",
                es="Mantener el tema de la migración internacional y el desarrollo en el "
                "programa de la Asamblea General",
                ru="Сохранение вопроса о международной миграции и развитии в повестке дня "
                "Генеральной Ассамблеи",
                zh="继续将国际移徙与发展项目列入大会议程",
                ar="إبقاء مسألة الهجرة الدولية والتنمية مدرجة في جدول أعمال الجمعية العامة",
            ),
        ),
        (
            "regional_thematic",
            _t(
                en="Regional or thematic meetings",
                fr="Réunions régionales ou thématiques",
                es="Reuniones regionales o temáticas",
                ru="Региональные или тематические совещания",
                zh="区域会议或专题会议",
                ar="اجتماعات إقليمية أو مواضيعية",
            ),
        ),
        (
            "high_level_debates",
            _t(
                en="Periodic high-level debates of the General Assembly",
                fr="Débats de haut niveau périodiques de l'Assemblée générale",
                es="Debates periódicos de alto nivel de la Asamblea General",
                ru="Периодические прения высокого уровня в Генеральной Ассамблее",
                zh="大会定期举行高级别辩论",
                ar="مناقشات دورية رفيعة المستوى في الجمعية العامة",
            ),
        ),
        (
            "cooperation",
            _t(
                en="Cooperation and dialogue at the regional and global levels",
                fr="Coopération et dialogue aux niveaux régional et mondial",
                es="Cooperación y diálogo en los planos regional y mundial",
                ru="Сотрудничество и диалог на региональном и глобальном уровнях",
                zh="促进区域和全球各级的合作与对话",
                ar="التعاون والحوار على الصعيدين الإقليمي والعالمي",
            ),
        ),
        (
            "multilateral",
            _t(
                en="Action through existing multilateral structures, including the "
                "international financial institutions",
                fr="Action par l'intermédiaire des structures multilatérales existantes, y "
                "compris les institutions financières internationales",
                es="Medidas por conducto de las estructuras multilaterales existentes, "
                "incluidas las instituciones financieras internacionales",
                ru="Действия через существующие многосторонние структуры, включая "
                "международные финансовые учреждения",
                zh="通过包括国际金融机构在内的现行多边体制采取行动",
                ar="العمل من خلال الهياكل المتعددة الأطراف القائمة، بما فيها المؤسسات "
                "المالية الدولية",
            ),
        ),
        (
            "other",
            _t(en="Other", fr="Autre", es="Otra", ru="Другое", zh="其他", ar="غير ذلك"),
        ),
    ),
}


def demo_definition() -> FormDefinition:
    """The demo questionnaire as a definition (also exportable as an XLSForm)."""
    return FormDefinition(
        code=DEMO_QUESTIONNAIRE_CODE,
        version=DEMO_VERSION,
        title=TITLE,
        default_language="en",
        items=list(SECTIONS),
        choices=dict(CHOICES),
    )


def load_demo() -> list:
    """Create the demo questionnaire, or bring it up to date; idempotent.

    A questionnaire already used by a sent campaign is left as it is.
    """
    definition = demo_definition()
    existing: Questionnaire | None = questionnaire_by_code(DEMO_QUESTIONNAIRE_CODE)
    if existing is not None:
        if questionnaire_definition(existing).as_dict() == definition.as_dict():
            return []
        if existing.campaigns.exclude(status="draft").exists():
            return []
    questionnaire_save_definition(
        definition=definition, actor=_demo_author(), replace=True
    )
    return []


def _demo_author() -> Any:
    """The demo's secretariat login, who imports the demo questionnaire (the
    registry's demo makes it; made here if that demo has not run)."""
    from django.contrib.auth import get_user_model

    from migdev.registry import demo as registry_demo

    user = get_user_model().objects.filter(username="secretariat").first()
    if user is None or not permissions.can(user, permissions.ADD, Questionnaire):
        registry_demo.load_demo()
        user = get_user_model().objects.get(username="secretariat")
    return user
