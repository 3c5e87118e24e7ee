"""Counts that agree with their noun in Arabic and Russian, and a
translation's paragraphs numbered as the source's are."""

from __future__ import annotations

import datetime as dt

import pytest

from migdev import languages
from migdev.core.audit import system_actor
from migdev.reports import services
from migdev.reports.engine import BuildError, build_document, numbering, with_plural
from migdev.reports.fields import FieldError, Provenance, Value
from migdev.reports.formatting import format_number, join_list
from migdev.reports.models import Report

COUNTS = (1, 2, 3, 5, 11, 21, 64, 100, 192)

# "Member States had replied": the forms a template gives.
ARABIC = {
    "one": "دولة عضو واحدة",
    "two": "دولتان عضوان",
    "few": "# دول أعضاء",
    "many": "# دولة عضوا",
    "other": "# دولة عضو",
}
RUSSIAN = {
    "one": "ответило # государство-член",
    "few": "ответили # государства-члена",
    "many": "ответили # государств-членов",
}

EXPECTED = {
    "ar": [
        "دولة عضو واحدة",
        "دولتان عضوان",
        "3 دول أعضاء",
        "5 دول أعضاء",
        "11 دولة عضوا",
        "21 دولة عضوا",
        "64 دولة عضوا",
        "100 دولة عضو",
        "192 دولة عضوا",
    ],
    "ru": [
        "ответило 1 государство-член",
        "ответили 2 государства-члена",
        "ответили 3 государства-члена",
        "ответили 5 государств-членов",
        "ответили 11 государств-членов",
        "ответило 21 государство-член",
        "ответили 64 государства-члена",
        "ответили 100 государств-членов",
        "ответили 192 государства-члена",
    ],
}


def count(n: int, language: str) -> Value:
    """A counting field's value, as the sources give it."""
    return Value("number", format_number(n, language), n, Provenance("test.count", {}))


@pytest.mark.parametrize("language, forms", [("ar", ARABIC), ("ru", RUSSIAN)])
def test_a_count_agrees_with_its_noun(language, forms):
    assert [languages.plural(n, language, forms) for n in COUNTS] == EXPECTED[language]
    filled = [with_plural(count(n, language), forms, language) for n in COUNTS]
    assert [v.text for v in filled] == EXPECTED[language]
    assert [v.comparable for v in filled] == list(COUNTS)  # still a number
    # The number as the language writes it: 15 000 in Russian, 15,000 in Arabic.
    assert with_plural(count(15000, "ru"), RUSSIAN, "ru").text == (
        "ответили 15\u00a0000 государств-членов"
    )


def test_the_categories_of_each_language():
    assert languages.plural_categories("ru") == ("one", "few", "many")
    assert languages.plural_categories("ar") == (
        "zero",
        "one",
        "two",
        "few",
        "many",
        "other",
    )
    assert languages.plural_categories("zh-hans") == ("other",)
    assert languages.plural_examples("ru")["few"] == (2, 3, 4)


def test_forms_that_do_not_fit_the_language_are_refused():
    with pytest.raises(FieldError, match="Russian has no plural form two"):
        from migdev.reports.engine import plural_forms

        plural_forms(
            "registry.member_states", {"one": "#", "two": "#", "other": "#"}, "ru"
        )
    from migdev.reports.engine import plural_forms

    with pytest.raises(FieldError, match="the plural form few= is missing"):
        plural_forms("registry.member_states", {"one": "#", "many": "#"}, "ru")
    with pytest.raises(FieldError, match="go with a field that counts"):
        with_plural(Value("text", "Belgium", "BEL", Provenance("x", {})), RUSSIAN, "ru")
    args, forms = plural_forms(
        "registry.member_states", {"as_of": "2008-03-18", **RUSSIAN}, "ru"
    )
    assert args == {"as_of": "2008-03-18"} and forms == RUSSIAN


def _report(**kw) -> Report:
    return Report(
        slug="t",
        symbol="A/1",
        document_date=dt.date(2008, 8, 11),
        as_of=dt.date(2008, 7, 15),
        source_language="en",
        **kw,
    )


def test_a_member_state_count_in_arabic_and_russian(demo):
    ar = "[para p1] ردت {{ registry.member_states as_of=2008-03-18 " + " ".join(
        f'{k}="{v}"' for k, v in ARABIC.items()
    )
    doc = build_document(
        report=demo, language="ar", source=ar + " }}.", as_of=dt.date(2008, 7, 15)
    )
    assert doc.body[0].plain == "ردت 192 دولة عضوا."
    assert doc.fields[0].value.comparable == 192
    ru = (
        "[para p1] На письмо {{ registry.member_states as_of=2008-03-18 "
        'one="ответило # государство-член" other="ответили # государства-члена" }}.'
    )
    doc = build_document(
        report=demo, language="ru", source=ru, as_of=dt.date(2008, 7, 15)
    )
    assert doc.body[0].plain == "На письмо ответили 192 государства-члена."
    with pytest.raises(BuildError) as caught:
        build_document(
            report=demo,
            language="ru",
            source='[para p9] {{ registry.member_states one="#" }}',
            as_of=dt.date(2008, 7, 15),
        )
    assert str(caught.value.problems[0]).startswith(
        'block p9, field {{ registry.member_states one="#" }}: '
        "the plural form few= is missing"
    )


SOURCE_ORDER = [
    ("title", "title"),
    ("s1", "summary"),
    ("ch1", "chapter"),
    ("p1", "para"),
    ("p2", "para"),
    ("ch2", "chapter"),
    ("ch2a", "section"),
    ("p3", "para"),
    ("ch2b", "section"),
    ("p4", "para"),
    ("p5", "para"),
]


def test_a_translation_is_numbered_as_the_source():
    # Missing p2 and the section ch2a, p5 before p4, and a paragraph of its
    # own after p4 (counted where it stands: the source's p5 moves on by one).
    translation = [
        ("title", "title"),
        ("ch1", "chapter"),
        ("p1", "para"),
        ("ch2", "chapter"),
        ("p3", "para"),
        ("ch2b", "section"),
        ("p5", "para"),
        ("p4", "para"),
        ("p4-bis", "para"),
    ]
    labels = numbering(translation, "ru", SOURCE_ORDER)
    assert labels == {
        "title": "",
        "ch1": "I.",
        "p1": "1.",
        "ch2": "II.",
        "p3": "3.",
        "ch2b": "B.",
        "p5": "6.",
        "p4": "4.",
        "p4-bis": "5.",
    }
    # Without a paragraph of its own, every number is the source's.
    labels = numbering(translation[:-1], "ru", SOURCE_ORDER)
    assert (labels["p5"], labels["p4"], labels["p3"]) == ("5.", "4.", "3.")
    assert numbering(translation, "ar", SOURCE_ORDER)["ch2b"] == "باء -"
    # Without the source, as the blocks stand.
    assert numbering(translation, "en")["p5"] == "3."


def test_the_build_numbers_a_translation_by_the_source(demo):
    actor = system_actor()
    en = "\n".join(
        f"[para p{n}] Paragraph {n} of the source, as of {{{{ as_of 2008-07-15 }}}}."
        for n in range(1, 6)
    )
    services.template_save(actor=actor, report=demo, language="en", source=en)
    fr = "\n".join(
        f"[para p{n}] Paragraphe {n}." for n in (5, 2, 4)
    )  # p1 and p3 not yet translated, p5 first
    services.template_save(actor=actor, report=demo, language="fr", source=fr)
    doc, _t = services.document_for(
        actor=actor, report=demo, language="fr", as_of=dt.date(2008, 7, 15)
    )
    assert [(b.key, b.label) for b in doc.body] == [
        ("p5", "5."),
        ("p2", "2."),
        ("p4", "4."),
    ]
    en_doc, _t = services.document_for(
        actor=actor, report=demo, language="en", as_of=dt.date(2008, 7, 15)
    )
    assert [b.label for b in en_doc.body] == ["1.", "2.", "3.", "4.", "5."]


def test_the_arabic_and_russian_reports_in_full(demo):
    """75 paragraphs numbered as the source's, the three footnotes, and the
    counts in the form their number asks for."""
    from tests.reports.test_build import replies_as_of

    replies = replies_as_of(dt.date(2008, 7, 15))
    actor = system_actor()
    docs = {
        code: services.document_for(
            actor=actor, report=demo, language=code, as_of=dt.date(2008, 7, 15)
        )[0]
        for code in ("zh-hans", "ar", "ru")
    }
    keys = {code: [b.key for b in doc.body] for code, doc in docs.items()}
    assert keys["ar"] == keys["ru"] == keys["zh-hans"]
    for doc in docs.values():
        paragraphs = [b.label for b in doc.body if b.kind == "para"]
        assert paragraphs == [f"{n}." for n in range(1, 76)]
    assert [b.label for b in docs["ar"].body if b.kind == "chapter"][2] == "ثالثا -"
    assert [b.label for b in docs["ru"].body if b.kind == "section"][:2] == ["A.", "B."]
    assert [len(doc.footnotes) for doc in docs.values()] == [3, 3, 3]
    p21 = {
        code: next(b for b in doc.body if b.key == "p21") for code, doc in docs.items()
    }
    russian = {
        "one": f"ответ представило {replies} государство-член",
        "few": f"ответы представили {replies} государства-члена",
        "many": f"ответы представили {replies} государств-членов",
    }[languages.plural_category(replies, "ru")]
    assert russian in p21["ru"].plain
    arabic = {
        "one": "دولة عضو واحدة",
        "two": "دولتان عضوان",
        "few": f"{replies} دول أعضاء",
        "many": f"{replies} دولة عضوا",
        "other": f"{replies} دولة عضو",
    }[languages.plural_category(replies, "ar")]
    assert f"كانت {arabic} قد ردت" in p21["ar"].plain
    assert "{{" not in "".join(b.plain for doc in docs.values() for b in doc.body)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Belgium, Greece and Philippines"),
        ("fr", "Belgium, Greece et Philippines"),
        ("zh", "Belgium、Greece和Philippines"),
        ("ar", "Belgium وGreece وPhilippines"),
    ],
)
def test_a_list_with_its_conjunction(language, expected) -> None:
    """The list's separator is the language's (migdev.languages); Arabic
    writes و before every item."""
    assert join_list(["Belgium", "Greece", "Philippines"], language) == expected
    assert join_list(["Belgium"], language) == "Belgium"
