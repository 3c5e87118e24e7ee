"""The UN's terms (migdev.terminology) in the catalogs, the registry and the demo."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from migdev import languages
from migdev.terminology import TERMS, term, wrong_terms

SRC = Path(__file__).resolve().parents[2] / "src" / "migdev"


def _catalog(language):
    path = SRC / "locale" / language.locale / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle)


def test_the_reports_chinese_terms():
    """A/63/265 in Chinese: 国际移徙与发展, 全球移民与发展论坛, 三方机构, 全球移徙小组."""
    assert term("international_migration_and_development", "zh") == "国际移徙与发展"
    assert term("global_forum", "zh") == "全球移民与发展论坛"
    assert term("troika", "zh") == "三方机构"
    assert term("global_migration_group", "zh") == "全球移徙小组"
    # The Forum's bodies, as ¶16–19 name them.
    assert term("chair_in_office", "zh") == "当值主席"
    assert term("steering_group", "zh") == "指导小组"
    assert term("friends_of_the_forum", "zh") == "论坛之友"
    assert term("national_focal_point", "zh") == "国家联络人"
    found = wrong_terms("主席和三驾马车，国际移民与发展", "zh-hans")
    assert [(w.found, w.right) for w in found] == [
        ("国际移民与发展", "国际移徙与发展"),
        ("三驾马车", "三方机构"),
    ]


@pytest.mark.parametrize(
    "language", [x for x in languages.LANGUAGES if x.code != "en"], ids=str
)
def test_catalogs_use_the_terms(language):
    problems = []
    for message in _catalog(language):
        if not message.id or not isinstance(message.string, str):
            continue
        for wrong in wrong_terms(message.string, language.code):
            problems.append(f"{message.id[:50]!r}: {wrong.found} → {wrong.right}")
        for t in TERMS.values():
            if message.id.casefold() == t["en"].casefold() and not message.context:
                if message.string.casefold() != t[language.code].casefold():
                    problems.append(
                        f"{message.id!r}: {message.string} ≠ {t[language.code]}"
                    )
    assert problems == []


def test_registry_names_of_organizations_are_the_terms():
    path = SRC / "registry" / "data" / "organizations.csv"
    rows = {row["code"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}
    for code, key in (("gfmd", "global_forum"), ("gmg", "global_migration_group")):
        for language in languages.LANGUAGES:
            assert (
                rows[code][f"name_{language.iso639_1}"] == TERMS[key][language.code]
            ), (
                code,
                language.code,
            )


def test_spanish_writes_the_dialogue_as_the_un_does():
    """Diálogo de Alto Nivel sobre la Migración Internacional y el Desarrollo
    (A/69/207): capitals in the table, the catalog and the demo alike."""
    assert term("high_level_dialogue", "es") == (
        "Diálogo de Alto Nivel sobre la Migración Internacional y el Desarrollo"
    )
    found = wrong_terms("el seguimiento del Diálogo de alto nivel", "es")
    assert [(w.found, w.right) for w in found] == [
        ("Diálogo de alto nivel", term("high_level_dialogue", "es"))
    ]
    assert wrong_terms("del Diálogo de Alto Nivel", "es") == []


def test_no_wrong_variant_in_code_data_or_demo():
    """Every source file, the demo's data and texts included, in every language."""
    problems = []
    for path in SRC.rglob("*"):
        if path.suffix not in {".py", ".csv", ".html", ".txt", ".json", ".po", ".yaml"}:
            continue
        if path.name == "terminology.py":
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".yaml":
            text = " ".join(text.split())  # a folded line is one text
        for language in languages.CODES:
            for wrong in wrong_terms(text, language):
                problems.append(
                    f"{path.relative_to(SRC)}: {wrong.found} → {wrong.right}"
                )
    assert problems == []


def test_chinese_catalog_writes_the_terms_wherever_english_does():
    """Chinese does not inflect: every message whose English has a term has
    the report's Chinese term (the footer's 国际移徙与发展问题高级别对话, the
    Forum's module card with 三方机构 …)."""
    chinese = languages.get("zh-hans")
    problems = []
    for message in _catalog(chinese):
        if not message.id or not isinstance(message.id, str):
            continue
        for key in (
            "high_level_dialogue",
            "global_forum",
            "troika",
            "global_migration_group",
            "chair_in_office",
            "steering_group",
            "friends_of_the_forum",
        ):
            t = TERMS[key]
            if (
                t["en"].casefold() in message.id.casefold()
                and t["zh"] not in message.string
            ):
                problems.append(f"{message.id[:60]!r}: {t['zh']} missing")
    assert problems == []
