"""The United Nations' terms of this field, in the six languages, in one table.

Each term is written as the UN writes it in its documents on international
migration and development (for Chinese, as the source report A/63/265 does:
国际移徙与发展, 全球移民与发展论坛, 三方机构, 全球移徙小组, 当值主席, 指导小组,
论坛之友, 国家联络人), with the variants
that have been seen in place of it and must not be used.

The table is the reference for the message catalogs, the registry's names of
organizations and the demo: ``tests/core/test_terminology.py`` checks each of
them against it and scans them for the wrong variants. Code that writes one
of these terms takes it from here (:func:`term`).

Free of Django, like :mod:`migdev.languages`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from migdev import languages
from migdev.languages import Code, six

__all__ = ["TERMS", "Term", "WrongTerm", "term", "wrong_terms"]


@dataclass(frozen=True, slots=True)
class Term:
    """A term in the six languages, and the variants not to use.

    Attributes
    ----------
    key :
        Stable identifier, e.g. ``"global_forum"``.
    texts :
        The UN's term, by language code.
    wrong :
        Variants seen instead of the term, by language code. They are
        matched as written (case and all), anywhere in a text.
    """

    key: str
    texts: Mapping[Code, str]
    wrong: Mapping[Code, tuple[str, ...]] = field(default_factory=dict)

    def __getitem__(self, language: str) -> str:
        return self.texts[languages.normalize(language)]


_TERMS = (
    Term(
        "international_migration_and_development",
        six(
            ar="الهجرة الدولية والتنمية",
            zh="国际移徙与发展",
            en="International migration and development",
            fr="Migrations internationales et développement",
            ru="Международная миграция и развитие",
            es="Migración internacional y desarrollo",
        ),
        # 移民 is a migrant; 移徙 is migration (A/63/265 throughout).
        {"zh-hans": ("国际移民与发展",)},
    ),
    Term(
        "high_level_dialogue",
        six(
            ar="الحوار الرفيع المستوى المعني بالهجرة الدولية والتنمية",
            zh="国际移徙与发展问题高级别对话",
            en="High-level Dialogue on International Migration and Development",
            fr=(
                "Dialogue de haut niveau sur les migrations internationales "
                "et le développement"
            ),
            ru=(
                "Диалог на высоком уровне по вопросу о международной миграции "
                "и развитии"
            ),
            # As the UN's Spanish documents write it (A/69/207, A/RES/68/4).
            es=(
                "Diálogo de Alto Nivel sobre la Migración Internacional y el Desarrollo"
            ),
        ),
        {
            "en": ("High Level Dialogue", "High-Level Dialogue"),
            "es": ("Diálogo de alto nivel",),
        },
    ),
    Term(
        "global_forum",
        six(
            ar="المنتدى العالمي المعني بالهجرة والتنمية",
            zh="全球移民与发展论坛",
            en="Global Forum on Migration and Development",
            fr="Forum mondial sur la migration et le développement",
            ru="Глобальный форум по миграции и развитию",
            es="Foro Mundial sobre Migración y Desarrollo",
        ),
        {
            "zh-hans": (
                "移民与发展全球论坛",
                "移徙与发展全球论坛",
                "全球移徙与发展论坛",
                "全球移民和发展论坛",
            ),
            "en": ("Global Forum for Migration and Development",),
            "fr": ("Forum mondial sur les migrations et le développement",),
            "es": ("Foro Mundial sobre la Migración y el Desarrollo",),
        },
    ),
    Term(
        "global_forum_short",
        six(
            ar="المنتدى العالمي",
            zh="全球论坛",
            en="Global Forum",
            fr="Forum mondial",
            ru="Глобальный форум",
            es="Foro Mundial",
        ),
    ),
    Term(
        "troika",
        six(
            ar="الترويكا",
            zh="三方机构",
            en="troika",
            fr="troïka",
            ru="тройка",
            es="troika",
        ),
        {"zh-hans": ("三驾马车",)},
    ),
    Term(
        "chair_in_office",
        six(
            ar="الرئيس الحالي",
            zh="当值主席",
            en="Chair-in-Office",
            fr="Président en exercice",
            ru="Действующий Председатель",
            es="Presidencia en ejercicio",
        ),
    ),
    Term(
        "steering_group",
        six(
            ar="الفريق التوجيهي",
            zh="指导小组",
            en="Steering Group",
            fr="Groupe de pilotage",
            ru="Руководящая группа",
            es="Grupo Directivo",
        ),
        {"zh-hans": ("指导委员会", "督导小组")},
    ),
    Term(
        "friends_of_the_forum",
        six(
            ar="أصدقاء المنتدى",
            zh="论坛之友",
            en="Friends of the Forum",
            fr="Amis du Forum",
            ru="Друзья Форума",
            es="Amigos del Foro",
        ),
        {"zh-hans": ("论坛的朋友", "论坛朋友")},
    ),
    Term(
        "national_focal_point",
        six(
            ar="جهة التنسيق الوطنية",
            zh="国家联络人",
            en="National focal point",
            fr="Point focal national",
            ru="Национальный координатор",
            es="Punto focal nacional",
        ),
    ),
    Term(
        "global_migration_group",
        six(
            ar="الفريق العالمي المعني بالهجرة",
            zh="全球移徙小组",
            en="Global Migration Group",
            fr="Groupe mondial sur la migration",
            ru="Группа по вопросам глобальной миграции",
            es="Grupo Mundial sobre Migración",
        ),
        {
            "zh-hans": ("全球移民问题小组", "全球移民小组", "全球移徙问题小组"),
            "ru": ("Группа глобальной миграции",),
        },
    ),
)

TERMS: Mapping[str, Term] = MappingProxyType({t.key: t for t in _TERMS})
"""The terms by key."""


def term(key: str, language: str) -> str:
    """The UN's term ``key`` in ``language``: ``term("troika", "zh")`` is
    "三方机构"."""
    return TERMS[key][language]


@dataclass(frozen=True, slots=True)
class WrongTerm:
    """A wrong variant found in a text, and the term to write instead."""

    found: str
    key: str
    right: str


def wrong_terms(
    text: str, language: str, *, terms: Iterable[Term] = _TERMS
) -> list[WrongTerm]:
    """The wrong variants of the terms in ``text``, written in ``language``."""
    code = languages.normalize(language)
    return [
        WrongTerm(variant, t.key, t.texts[code])
        for t in terms
        for variant in t.wrong.get(code, ())
        if variant in text
    ]
